/**
 * The update notice (a lazy chunk, loaded only when there is something to show): tells the
 * submitter what became of their feedback, "Planned: coming in May", with the excerpt of their
 * comment and the feature. A small non-modal region, labelled by its heading, with a close button
 * (Escape closes it too); it never takes focus. Plain DOM rather than Preact: the panel chunk
 * holds Preact, and a returning submitter should not download it to read two lines.
 *
 * Feedback text and replies are the submitter's and the team's: they only ever become text nodes.
 */
import type { FeedbackStatus } from '@feedloop/protocol';
import type { SubmitterUpdate } from '@feedloop/sdk';
import { adoptStyles } from '../core/styles.js';
import { directionOf } from '../i18n/direction.js';
import { noticeEn } from '../i18n/notice-en.js';
import type { NoticeStrings } from '../i18n/strings.js';
import type { NoticeContext } from '../types.js';
import { NOTICE_CSS } from './notice-css.js';

const LABELS: Record<FeedbackStatus, keyof NoticeStrings> = {
  new: 'statusNew',
  acknowledged: 'statusAcknowledged',
  planned: 'statusPlanned',
  in_progress: 'statusInProgress',
  done: 'statusDone',
  declined: 'statusDeclined',
};

/** An element with a class and text (as a text node). */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/** "Planned: coming in May" from the locale's `updateLine`, the status in bold; the status alone without a reply. */
function statusLine(update: SubmitterUpdate, t: NoticeStrings): HTMLParagraphElement {
  const line = element('p');
  const label = t[LABELS[update.status]] ?? update.status;
  for (const part of (update.publicReply ? t.updateLine : '{status}').split(/(\{status\}|\{reply\})/))
    line.append(part == '{status}' ? element('strong', '', label) : part == '{reply}' ? update.publicReply! : part);
  return line;
}

/** One update: its status line, then the excerpt of the comment (quoted) and the feature. */
function item(update: SubmitterUpdate, t: NoticeStrings): HTMLLIElement {
  const about = element('p', 'notice-about');
  if (update.excerpt) about.append(element('q', '', update.excerpt), ' · ');
  about.append(update.feature);
  const li = element('li');
  li.append(statusLine(update, t), about);
  return li;
}

/** Shows the notice in the widget's shadow root (replacing an earlier one); returns its element. */
export function showNotice({ root, updates, options, code, locale }: NoticeContext): HTMLElement {
  const t: NoticeStrings = { ...noticeEn, ...locale, ...options.strings };
  adoptStyles(root, NOTICE_CSS, options.nonce);
  root.host.setAttribute('data-mode', options.mode ?? 'auto');
  root.querySelector('.notice')?.remove();

  const position = options.position ?? '';
  const notice = element('section', `notice${position.includes('left') ? ' notice-left' : ''}${position.includes('top') ? ' notice-top' : ''}`);
  notice.dir = directionOf(code);
  notice.setAttribute('aria-labelledby', 'fl-updates');
  notice.setAttribute('part', 'notice');
  // A manual popover is in the top layer (above any host z-index) and is closed only by us.
  notice.popover = 'manual';
  const title = element('h2', '', t.updatesTitle);
  title.id = 'fl-updates';
  const close = element('button', 'notice-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', t.close);
  close.onclick = () => notice.remove();
  notice.onkeydown = (event) => event.key == 'Escape' && notice.remove();
  const head = element('div', 'notice-head');
  head.append(title, close);
  const live = element('div');
  live.setAttribute('role', 'status');
  notice.append(head, live);
  root.append(notice);
  notice.showPopover?.();

  // Filled once the live region is in the page: screen readers announce changes to a region
  // they know, not the content it was inserted with.
  const list = element('ul');
  list.append(...updates.map((update) => item(update, t)));
  setTimeout(() => live.append(list));
  return notice;
}
