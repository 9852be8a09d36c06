/** Number formatting for the plain-language explanations. */

/** Three significant digits, no exponent for ordinary magnitudes, trailing zeros dropped. */
export function formatNumber(x: number): string {
  if (x === 0) return '0';
  if (Math.abs(x) >= 1000) return Math.round(x).toString();
  return Number(x.toPrecision(3)).toString();
}

/** Like formatNumber with an explicit sign: "+4.2", "-0.31", "0". */
export function formatSigned(x: number): string {
  const s = formatNumber(x);
  return x > 0 ? `+${s}` : s;
}

/** "p = 0.042" or "p < 0.001". */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${Number(p.toPrecision(2)).toString()}`;
}

/** "95%" for 0.95. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(4)).toString()}%`;
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1);
}
