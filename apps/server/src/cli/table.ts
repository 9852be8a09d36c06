/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = rows.map((row) => row.map((c) => (c === null || c === undefined ? '–' : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => cells.length > 0 && cells.every((r) => /^[-+]?[\d.,]+%?$|^–$/.test(r[i] ?? '')));
  const line = (row: readonly string[]) =>
    row.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}

export const fixed = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? null : x.toFixed(digits));
export const percent = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? null : `${(100 * x).toFixed(digits)}%`);

/** "0.52 [0.41, 0.63]" */
export function withCi(x: number | null | undefined, ci: { lower: number; upper: number } | null | undefined, format = fixed): string | null {
  if (x === null || x === undefined) return null;
  return ci ? `${format(x)} [${format(ci.lower)}, ${format(ci.upper)}]` : (format(x) ?? null);
}

export function pValue(p: number | null | undefined): string | null {
  if (p === null || p === undefined) return null;
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}
