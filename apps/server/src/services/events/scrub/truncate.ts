import { MARKER_PREFIX } from './kinds.js';

/**
 * Cuts a scrubbed text to `limit` UTF-16 units: a marker can be longer than what it replaced
 * (`[redacted:payment_card]` for 16 digits), and a field never leaves the scrubber longer than
 * the contract allows. The cut never splits a marker (a half marker could read as text) nor a
 * surrogate pair.
 */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const open = text.lastIndexOf(MARKER_PREFIX, end - 1);
  if (open >= 0 && text.indexOf(']', open) >= end) end = open;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}
