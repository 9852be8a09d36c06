import { FEEDBACK_ITEM_COLUMNS } from '../../db/feedback-item.js';

/** Export columns, in order: the feedback item's. */
export const CSV_HEADER = FEEDBACK_ITEM_COLUMNS;

/**
 * One CSV cell (RFC 4180), written exactly as PostgreSQL's COPY … (FORMAT csv) writes it, so both
 * export paths give the same bytes: null is an empty cell, the empty string is "". User-written
 * text that a spreadsheet would run as a formula (cells beginning with = + - @, or a tab /
 * carriage return) is neutralised with a leading apostrophe, as OWASP recommends against CSV
 * injection (the export's SQL does this already; here it keeps csvCell safe on its own).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (value.length === 0) return '""';
  // The export's hot loop: a char-code test and one regex instead of two regexes per cell.
  const first = value.charCodeAt(0);
  const safe = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(QUOTES, '""')}"` : safe;
}

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

/** One CSV line (without its \r\n) from the export's text columns. */
export function csvRow(row: Record<(typeof CSV_HEADER)[number], string | number | null>): string {
  let line = csvCell(row.id);
  for (let i = 1; i < CSV_HEADER.length; i++) line += ',' + csvCell(row[CSV_HEADER[i]!]);
  return line;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const EMPTY = new Uint32Array(0);

/**
 * PostgreSQL ends CSV records with \n; RFC 4180 (and our other export path) with \r\n. Turns every
 * record-ending \n of a CSV byte stream into \r\n and leaves line breaks inside quoted cells alone.
 * Stateful across chunks (a quoted cell may span two). Quotes toggle the state: an escaped quote
 * ("") toggles twice, so it is right without lookahead.
 */
export function crlfRecords(): (chunk: Uint8Array) => Buffer {
  let quoted = false;
  return (chunk) => {
    const n = chunk.length;
    const ends: number[] = [];
    let q = quoted;
    const scan = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const c = chunk[i];
        if (c === QUOTE) q = !q;
        else if (c === LF && !q) ends.push(i);
      }
    };
    // The export's hot loop (every byte of it): four bytes at a time, looking closer only at
    // words holding a quote or a line feed (the "has a zero byte" bit trick on word ^ pattern).
    const head = Math.min(n, (4 - (chunk.byteOffset & 3)) & 3); // Uint32Array needs an aligned start
    scan(0, head);
    const count = (n - head) >> 2;
    const words = count > 0 ? new Uint32Array(chunk.buffer, chunk.byteOffset + head, count) : EMPTY;
    for (let w = 0; w < count; w++) {
      const word = words[w]!;
      const quotes = word ^ 0x22222222;
      const feeds = word ^ 0x0a0a0a0a;
      if ((((quotes - 0x01010101) & ~quotes) | ((feeds - 0x01010101) & ~feeds)) & 0x80808080) {
        const at = head + (w << 2);
        scan(at, at + 4);
      }
    }
    scan(head + (count << 2), n);
    quoted = q;

    const out = Buffer.allocUnsafe(n + ends.length);
    let from = 0;
    let to = 0;
    for (const end of ends) {
      out.set(chunk.subarray(from, end), to);
      to += end - from;
      out[to++] = CR;
      out[to++] = LF;
      from = end + 1;
    }
    out.set(chunk.subarray(from), to);
    return out;
  };
}
