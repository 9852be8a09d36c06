import { RE2JS } from 're2js';
import { count, marker, MARKERS, type ScrubCounts } from './kinds.js';

/**
 * A project's own patterns, in RE2 syntax, run by RE2JS: matching takes time linear in the text
 * whatever the pattern (no backtracking, so no catastrophic case), and what RE2 cannot do in
 * linear time (backreferences, lookaround) is refused when the pattern is saved.
 */
export interface CustomPattern {
  source: string;
  regex: RE2JS;
}

/** Why a pattern is refused, or undefined when it can be used. */
export function patternProblem(source: string): string | undefined {
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source);
  } catch (error) {
    return `is not a valid RE2 pattern (${(error as Error).message})`;
  }
  if (regex.matches('')) return 'matches the empty text, which would redact nothing but cost on every event';
  return undefined;
}

/** The patterns that compile (a stored one that no longer does is skipped, never fatal). */
export function compilePatterns(sources: readonly string[]): CustomPattern[] {
  const compiled: CustomPattern[] = [];
  for (const source of sources) {
    try {
      compiled.push({ source, regex: RE2JS.compile(source) });
    } catch {
      // Validated when saved; skipping is safer than refusing every event of the project.
    }
  }
  return compiled;
}

/** Replaces every non-empty match outside existing markers by `[redacted:custom]`. */
export function scrubCustom(text: string, patterns: readonly CustomPattern[], counts: ScrubCounts): string {
  let out = text;
  for (const { regex } of patterns) {
    if (!regex.test(out)) continue;
    // Markers are left whole: the pattern runs on the text between them.
    let result = '';
    let last = 0;
    MARKERS.lastIndex = 0;
    const replaceIn = (piece: string) =>
      piece &&
      regex.matcher(piece).replaceAll((found: string) => (found ? (count(counts, 'custom'), marker('custom')) : found));
    for (let m = MARKERS.exec(out); m; m = MARKERS.exec(out)) {
      result += replaceIn(out.slice(last, m.index)) + m[0];
      last = m.index + m[0].length;
    }
    out = result + replaceIn(out.slice(last));
  }
  return out;
}
