/** Export columns, in order. */
export const CSV_HEADER = [
  'id', 'occurred_at', 'received_at', 'feature', 'rating_scale', 'rating_value', 'comment', 'category', 'status',
  'anonymous_id', 'user_id', 'session_id', 'url', 'experiments', 'app_version', 'locale', 'email', 'metadata',
] as const;

/**
 * One CSV cell (RFC 4180). User-written text that a spreadsheet would run as a formula (cells
 * beginning with = + - @, or a tab / carriage return) is neutralised with a leading apostrophe,
 * as OWASP recommends against CSV injection.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (value.length === 0) return value;
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

