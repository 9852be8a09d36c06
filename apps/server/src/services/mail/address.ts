import { createHmac } from 'node:crypto';

/**
 * Addresses and header text. Whatever reaches a mail header is checked or cleaned here: an
 * address with a CR, LF or any control character is refused (it could add headers or
 * recipients); display names and subjects lose their control characters (nodemailer then
 * encodes what is left).
 */

// A deliberately plain mailbox: local@domain, no quotes, comments, brackets or spaces.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,253}$/u;
// C0, DEL, C1 controls and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu;
// The same, for a test (a global expression would keep its lastIndex between calls).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export function isMailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value) && !CONTROL.test(value) && value.split('@')[1]!.includes('.');
}

/** Header text (a display name, a subject): controls become spaces, runs of space one, at most `max` characters. */
export function headerText(value: string, max = 200): string {
  const clean = value.replace(CONTROLS, ' ').replace(/\s+/gu, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

export interface Mailbox {
  name: string | undefined;
  address: string;
}

/** "Name <a@b.example>" or "a@b.example"; undefined when it is neither, or carries a control character. */
export function parseMailbox(value: string): Mailbox | undefined {
  if (CONTROL.test(value)) return undefined;
  const trimmed = value.trim();
  const named = /^(.*?)\s*<([^<>]+)>$/u.exec(trimmed);
  const address = (named ? named[2]! : trimmed).trim();
  if (!isMailAddress(address)) return undefined;
  const name = named ? headerText(named[1]!.replace(/^"(.*)"$/u, '$1')) : '';
  return { name: name === '' ? undefined : name, address };
}

/** The form kept for a recipient: trimmed, lower case (the unsubscribe list matches on it). */
export function normalizeAddress(value: string): string {
  return value.trim().toLowerCase();
}

/** The unsubscribe list's key: keyed by the project's mail secret, so the list alone reveals no address. */
export function hashAddress(secret: string, address: string): string {
  return createHmac('sha256', secret).update(normalizeAddress(address)).digest('hex');
}

/** Enough to recognise an entry of the unsubscribe list, not to write to it: "j…@e….com". */
export function addressHint(address: string): string {
  const [local = '', domain = ''] = normalizeAddress(address).split('@');
  const tld = domain.includes('.') ? domain.slice(domain.lastIndexOf('.')) : '';
  return `${[...local][0] ?? ''}…@${[...domain][0] ?? ''}…${tld}`;
}
