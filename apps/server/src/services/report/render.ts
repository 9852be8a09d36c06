import type { MetricComparison, ReportResponse } from '@feedloop/protocol';

/**
 * The period report as Markdown or as a standalone HTML page. Everything that comes from users
 * or the team (terms, feature names, versions, notes, explanations) is escaped for the format.
 */

const METRIC_NAMES: Record<string, string> = {
  feedbackRate: 'feedback rate',
  thumbs: 'thumbs up',
  stars: 'stars',
  emoji: 'emoji',
  nps: 'NPS',
};

function change(c: MetricComparison): string {
  const f = (x: number | null | undefined) =>
    x === null || x === undefined ? '–' : c.metric === 'thumbs' || c.metric === 'feedbackRate' ? `${(x * 100).toFixed(1)} %` : x.toFixed(2);
  const p = c.pValueAdjusted ?? c.pValue;
  return `${METRIC_NAMES[c.metric] ?? c.metric} ${f(c.control.estimate)} → ${f(c.treatment.estimate)} (p = ${p === null ? '–' : p < 0.001 ? 'under 0.001' : p.toFixed(3)})`;
}

interface Section {
  title: string;
  lines: string[];
}

/** The report's content, format-neutral: text pieces are raw (escaped by the renderer). */
function sections(r: ReportResponse): Section[] {
  const out: Section[] = [];
  const featureLines = (list: ReportResponse['features']['improved']) =>
    list.map((f) => `${f.feature}: ${f.comparisons.map(change).join('; ')} (${f.before.count} → ${f.after.count} feedback)`);
  out.push({ title: 'Improved (keep)', lines: featureLines(r.features.improved) });
  out.push({ title: 'Worsened (stop / fix)', lines: featureLines(r.features.worsened) });
  if (r.features.mixed.length) out.push({ title: 'Mixed', lines: featureLines(r.features.mixed) });
  out.push({
    title: 'Releases',
    lines: r.releases.flatMap((rel) => [
      `${rel.version} (${rel.releasedAt.slice(0, 10)})${rel.notes ? `: ${rel.notes}` : ''}`,
      ...rel.features.map(
        (f) =>
          `  ${f.feature}: ${f.before.count} → ${f.after.count} feedback; ` +
          (f.comparisons.map((c) => `${change(c)} ${c.verdict.replace(/_/g, ' ')}`).join('; ') || 'no ratings'),
      ),
    ]),
  });
  out.push({
    title: 'Experiments concluded',
    lines: r.experiments.flatMap((e) => [
      `${e.experiment} (${e.firstDay} – ${e.lastDay}, control "${e.control}")${e.sampleRatioMismatch ? ' — WARNING: sample ratio mismatch, results unreliable' : ''}`,
      ...e.results.map((x) => `  ${x.explanation}`),
    ]),
  });
  out.push({ title: 'Most-mentioned terms', lines: r.terms.length ? [r.terms.map((t) => `${t.term} (${t.comments})`).join(', ')] : [] });
  const t = r.triage;
  out.push({
    title: 'Closing the loop',
    lines: [
      `${t.closed} items closed (${t.done} done, ${t.declined} declined), ${t.replied} with a public reply.`,
      `${t.submittersTold} submitters were told; ${t.submittersWaiting} not yet.`,
    ],
  });
  return out;
}

function header(r: ReportResponse): string {
  return `Feedback report ${r.from} – ${r.to} (exclusive), ${r.feedback} feedback; compared with ${r.previous.from} – ${r.previous.to}`;
}

/**
 * Markdown: HTML-escapes &, <, > (Markdown passes inline HTML through, and <…> makes autolinks)
 * and backslash-escapes what forms emphasis, code, links, tables and strikethrough. Every line
 * starts with our own "- " or "# ", so line-start syntax (#, 1., >) cannot arise from the text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

export function renderMarkdown(r: ReportResponse): string {
  const out = [`# ${escapeMarkdown(header(r))}`, ''];
  for (const s of sections(r)) {
    out.push(`## ${escapeMarkdown(s.title)}`, '');
    if (s.lines.length === 0) out.push('_None._');
    for (const line of s.lines) {
      const indent = line.startsWith('  ');
      out.push(`${indent ? '  ' : ''}- ${escapeMarkdown(line.trim())}`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A standalone page: no script, and a CSP that forbids any, so even a rendering bug cannot run code. */
export function renderHtml(r: ReportResponse): string {
  const body: string[] = [`<h1>${escapeHtml(header(r))}</h1>`];
  for (const s of sections(r)) {
    body.push(`<h2>${escapeHtml(s.title)}</h2>`);
    if (s.lines.length === 0) {
      body.push('<p><em>None.</em></p>');
      continue;
    }
    body.push('<ul>');
    for (const line of s.lines) body.push(`<li${line.startsWith('  ') ? ' class="sub"' : ''}>${escapeHtml(line.trim())}</li>`);
    body.push('</ul>');
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(header(r))}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}li.sub{margin-left:1.5rem;list-style:circle}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
