import type { AlertEvent, FeedbackStatus, MailLocale, ReportResponse } from '@feedloop/protocol';
import { headerText } from './address.js';
import { MAIL_STRINGS } from './strings.js';
import { TEAM_STRINGS } from './team-strings.js';

/** A mail ready to send: subject, plain text and HTML. Every value in the HTML is escaped here. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Text as HTML content or an attribute value (quoted): nothing in it can open a tag or an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/gu, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only http(s) links are ever put in an href (settings are checked on the way in, and again here). */
function safeLink(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
}

const quoteText = (text: string) => text.split(/\r\n|\r|\n/u).map((line) => `> ${line}`).join('\n');

interface Frame {
  locale: MailLocale;
  subject: string;
  /** Paragraphs and quotes, in order. */
  blocks: Array<{ kind: 'p'; text: string; strong?: boolean } | { kind: 'quote'; text: string }>;
  link: { label: string; url: string } | null;
  unsubscribeUrl: string;
  /** Why the recipient gets it (default: the submitter's reason). */
  why?: string;
}

/** One layout for every mail: a column of paragraphs and quotes, a link, and the unsubscribe footer. */
function frame({ locale, subject, blocks, link, unsubscribeUrl, why }: Frame): RenderedMail {
  const t = MAIL_STRINGS[locale];
  const html: string[] = [];
  const text: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'p') {
      const inner = escapeHtml(block.text);
      html.push(`<p>${block.strong ? `<strong>${inner}</strong>` : inner}</p>`);
      text.push(block.text);
    } else {
      html.push(
        `<blockquote style="margin:0 0 1em;padding:.5em 1em;border-inline-start:3px solid #ccc;white-space:pre-wrap;overflow-wrap:anywhere">${escapeHtml(block.text)}</blockquote>`,
      );
      text.push(quoteText(block.text));
    }
  }
  if (link) {
    html.push(`<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`);
    text.push(`${link.label}: ${link.url}`);
  }
  html.push(
    `<hr><p style="font-size:small;color:#555">${escapeHtml(why ?? t.why)} <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t.unsubscribe)}</a></p>`,
  );
  text.push('--', why ?? t.why, `${t.unsubscribe}: ${unsubscribeUrl}`);
  const cleanSubject = headerText(subject, 180);
  return {
    subject: cleanSubject,
    text: `${text.join('\n\n')}\n`,
    html:
      `<!doctype html>\n<html lang="${locale}" dir="${t.dir}"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width"><title>${escapeHtml(cleanSubject)}</title></head>` +
      `<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em;margin:0 auto;padding:1em">\n${html.join('\n')}\n</body></html>\n`,
  };
}

export interface SubmitterUpdate {
  locale: MailLocale;
  feature: string;
  /** The new status, when that is what is told. */
  status: FeedbackStatus | null;
  /** The public reply, when that is what is told. */
  reply: string | null;
  /** Their own words (the comment), quoted. */
  comment: string | null;
  link: string | null;
  unsubscribeUrl: string;
}

/** The submitter hears back: a reply and/or a new status, the feature, their own words, the project's link. */
export function submitterUpdateMail(m: SubmitterUpdate): RenderedMail {
  const t = MAIL_STRINGS[m.locale];
  const status = m.status === null ? null : t.status[m.status];
  const blocks: Frame['blocks'] = [{ kind: 'p', text: t.intro(m.feature) }];
  if (status !== null) blocks.push({ kind: 'p', text: t.statusLine(status), strong: true });
  if (m.reply !== null) blocks.push({ kind: 'p', text: t.replyHeading }, { kind: 'quote', text: m.reply });
  if (m.comment !== null && m.comment.trim() !== '') blocks.push({ kind: 'p', text: t.yourWords }, { kind: 'quote', text: m.comment });
  const url = safeLink(m.link);
  return frame({
    locale: m.locale,
    subject: m.reply !== null ? t.subjectReply(m.feature) : t.subjectStatus(m.feature, status ?? ''),
    blocks,
    link: url === null ? null : { label: t.link, url },
    unsubscribeUrl: m.unsubscribeUrl,
  });
}

/** An admin's test mail: proof that SMTP works, in the admin's chosen locale. */
export function testMail(m: { locale: MailLocale; project: string; unsubscribeUrl: string }): RenderedMail {
  const t = MAIL_STRINGS[m.locale];
  return frame({ locale: m.locale, subject: t.testSubject(m.project), blocks: [{ kind: 'p', text: t.testBody(m.project) }], link: null, unsubscribeUrl: m.unsubscribeUrl });
}

const number = (n: number | null) => (n === null ? '–' : Number.isInteger(n) ? String(n) : n.toPrecision(4));

/** An alert to a subscribed member: the rule, the evidence (numbers, interval, p-value), a quote for keyword alerts, the dashboard link. */
export function alertMail(m: { locale: MailLocale; project: string; event: AlertEvent; unsubscribeUrl: string }): RenderedMail {
  const t = TEAM_STRINGS[m.locale];
  const e = m.event.evidence;
  const subject = m.event.kind === 'keyword' ? (e.keywords ?? []).join(', ') : m.event.subject;
  const blocks: Frame['blocks'] = [
    { kind: 'p', text: t.alertIntro(m.event.ruleName, m.project), strong: true },
    { kind: 'p', text: e.summary },
    { kind: 'p', text: `${t.interval}: ${e.from} – ${e.to}` },
  ];
  if (e.pValue !== null) blocks.push({ kind: 'p', text: `${t.pValue}: ${e.pValue.toPrecision(3)}` });
  const numbers = Object.entries(e.numbers).map(([k, v]) => `${k}: ${number(v)}`);
  if (numbers.length > 0) blocks.push({ kind: 'p', text: `${t.evidence}: ${numbers.join('; ')}` });
  if (e.quote) blocks.push({ kind: 'p', text: t.quoteHeading }, { kind: 'quote', text: e.quote });
  const url = safeLink(m.event.link);
  return frame({
    locale: m.locale,
    subject: t.alertSubject(m.event.ruleName, subject),
    blocks,
    link: url === null ? null : { label: t.openDashboard, url },
    unsubscribeUrl: m.unsubscribeUrl,
    why: t.why,
  });
}

/** The period report by mail: what worsened or improved, releases, experiments, terms, the loop. */
export function digestMail(m: { locale: MailLocale; project: string; report: Omit<ReportResponse, 'asOf'>; link: string | null; unsubscribeUrl: string }): RenderedMail {
  const t = TEAM_STRINGS[m.locale];
  const r = m.report;
  const blocks: Frame['blocks'] = [{ kind: 'p', text: t.digestIntro(m.project, r.from, r.to, r.feedback), strong: true }];
  const changes = (list: typeof r.features.worsened) =>
    list.map((c) => `${c.feature}: ${c.comparisons.map((x) => x.explanation).join(' ')}`).join('\n');
  if (r.features.worsened.length + r.features.mixed.length > 0) blocks.push({ kind: 'p', text: t.worsened, strong: true }, { kind: 'quote', text: changes([...r.features.worsened, ...r.features.mixed]) });
  if (r.features.improved.length > 0) blocks.push({ kind: 'p', text: t.improved, strong: true }, { kind: 'quote', text: changes(r.features.improved) });
  if (r.features.worsened.length + r.features.mixed.length + r.features.improved.length === 0) blocks.push({ kind: 'p', text: t.nothingChanged });
  if (r.releases.length > 0) blocks.push({ kind: 'p', text: t.releases, strong: true }, { kind: 'quote', text: r.releases.map((x) => `${x.version} (${x.releasedAt.slice(0, 10)})`).join('\n') });
  if (r.experiments.length > 0) blocks.push({ kind: 'p', text: t.experiments, strong: true }, { kind: 'quote', text: r.experiments.map((x) => x.experiment).join('\n') });
  if (r.terms.length > 0) blocks.push({ kind: 'p', text: `${t.terms}: ${r.terms.map((x) => `${x.term} (${x.comments})`).join(', ')}` });
  blocks.push({ kind: 'p', text: t.triage(r.triage.closed, r.triage.submittersTold, r.triage.submittersWaiting) });
  const url = safeLink(m.link);
  return frame({
    locale: m.locale,
    subject: t.digestSubject(m.project, r.from, r.to),
    blocks,
    link: url === null ? null : { label: t.openDashboard, url },
    unsubscribeUrl: m.unsubscribeUrl,
    why: t.why,
  });
}
