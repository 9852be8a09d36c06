import { FEEDBACK_STATUS_LABELS, type FeedbackStatus, type LoopFeedback, type WebhookEvent } from '@feedloop/protocol';

const MAX_COMMENT = 500;

/** Slack's escaping of message text: &, <, > (so feedback can never form <!channel>, links or mentions). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function statusLabel(status: string): string {
  return FEEDBACK_STATUS_LABELS[status as FeedbackStatus] ?? status;
}

function rating(f: LoopFeedback): string {
  if (!f.rating) return '';
  const { scale, value } = f.rating;
  if (scale === 'thumbs') return value ? ' 👍' : ' 👎';
  if (scale === 'nps') return ` NPS ${value}/10`;
  return ` ${'★'.repeat(value)}${'☆'.repeat(Math.max(0, 5 - value))}`;
}

/**
 * A URL inside Slack's <url|text>: escaped, and a "|" (which URLs may keep) percent-encoded, so the
 * URL cannot end early and put its own text on the link.
 */
function slackLinkUrl(url: string): string {
  return escapeSlack(url).replace(/\|/g, '%7C');
}

/** The comment as a Slack quote, shortened, every line escaped. */
function quote(text: string): string {
  const short = text.length > MAX_COMMENT ? `${text.slice(0, MAX_COMMENT)}…` : text;
  return escapeSlack(short)
    .split(/\r\n|\r|\n/)
    .map((line) => `> ${line}`)
    .join('\n');
}

/** The body of a `slack` format delivery: {"text": …}, every piece of user text escaped. */
export function slackMessage(event: WebhookEvent): { text: string } {
  const f = event.data.feedback;
  const feature = `*${escapeSlack(f.feature)}*`;
  const lines: string[] = [];
  if (event.type === 'feedback.created') {
    const category = f.category ? ` (${escapeSlack(f.category)})` : '';
    lines.push(`New feedback on ${feature}${rating(f)}${category}`);
    if (f.comment) lines.push(quote(f.comment));
  } else {
    const changes = event.data.changes ?? {};
    const who = event.data.actor ? ` by ${escapeSlack(event.data.actor)}` : '';
    const parts: string[] = [];
    if (changes.status) parts.push(`status *${statusLabel(String(changes.status.to))}*`);
    if (changes.publicReply) parts.push(changes.publicReply.to ? 'a public reply' : 'reply removed');
    if (changes.issueUrl) parts.push(changes.issueUrl.to ? `issue <${slackLinkUrl(String(changes.issueUrl.to))}|linked>` : 'issue unlinked');
    if (changes.tags) parts.push(`tags: ${(f.tags.length ? f.tags : ['none']).map(escapeSlack).join(', ')}`);
    lines.push(`Feedback on ${feature} updated${who}: ${parts.join('; ') || 'no visible change'}`);
    if (f.comment) lines.push(quote(f.comment));
    if (changes.publicReply?.to) lines.push(`Reply: ${escapeSlack(String(changes.publicReply.to))}`);
  }
  return { text: lines.join('\n') };
}
