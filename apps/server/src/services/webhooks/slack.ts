import { FEEDBACK_STATUS_LABELS, type AlertWebhookEvent, type FeedbackStatus, type LoopFeedback, type WebhookEvent } from '@feedloop/protocol';

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

const evidenceNumber = (n: number | null) => (n === null ? '–' : Number.isInteger(n) ? String(n) : n.toPrecision(4));

/**
 * The body of an alert.fired delivery in `slack` format: the rule, the evidence, a quote for a
 * keyword alert and the dashboard link; every piece of text escaped (rule names are the team's,
 * quotes the submitter's: neither can form a mention or a link).
 */
export function alertSlackMessage(event: AlertWebhookEvent): { text: string } {
  const a = event.data.alert;
  const e = a.evidence;
  const lines = [`:rotating_light: Alert *${escapeSlack(a.ruleName)}* (${escapeSlack(a.subject)})`, escapeSlack(e.summary)];
  const facts = [`interval ${escapeSlack(e.from)} – ${escapeSlack(e.to)}`];
  if (e.pValue !== null) facts.push(`p = ${e.pValue.toPrecision(3)}`);
  for (const [k, v] of Object.entries(e.numbers)) facts.push(`${escapeSlack(k)} ${evidenceNumber(v)}`);
  lines.push(facts.join(' · '));
  if (e.quote) lines.push(quote(e.quote));
  if (a.link) lines.push(`<${slackLinkUrl(a.link)}|Open in Feedloop>`);
  return { text: lines.join('\n') };
}
