import type { MetricComparison } from '@feedloop/protocol';
import { formatMean, formatNps, formatPValue, formatPercent, formatSigned } from '../format.js';
import { IntervalBar } from './charts.js';
import { Table } from './table.js';

export const METRIC_LABELS: Record<MetricComparison['metric'], string> = {
  feedbackRate: 'Feedback rate',
  thumbs: 'Thumbs up share',
  stars: 'Mean stars',
  emoji: 'Mean emoji',
  nps: 'NPS',
};

export const VERDICT_LABELS: Record<MetricComparison['verdict'], string> = {
  better: 'Better',
  worse: 'Worse',
  no_detectable_difference: 'No detectable difference',
  not_enough_data: 'Not enough data',
};

/** A metric's value in its unit: shares as %, means with two decimals, NPS in points. */
export function formatMetric(metric: MetricComparison['metric'], value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (metric === 'feedbackRate' || metric === 'thumbs') return formatPercent(value);
  if (metric === 'nps') return formatNps(value);
  return formatMean(value);
}

/** A difference in the metric's unit: percentage points for shares and NPS, plain for means. */
export function formatDifference(metric: MetricComparison['metric'], value: number): string {
  if (metric === 'feedbackRate' || metric === 'thumbs') return `${formatSigned(value * 100, 1)} pts`;
  if (metric === 'nps') return `${formatSigned(value, 1)} pts`;
  return formatSigned(value, 2);
}

/** One side's estimate in the metric's unit, with the number of observations behind it. */
export function EstimateCell({ metric, side }: { metric: MetricComparison['metric']; side: MetricComparison['control'] }) {
  return (
    <td class="num">
      {formatMetric(metric, side.estimate)} <span class="muted">(n={side.n})</span>
    </td>
  );
}

/** The absolute difference with its 95 % interval beneath, or a dash when there is none. */
export function DifferenceCell({ comparison: c }: { comparison: MetricComparison }) {
  const abs = c.absolute;
  return (
    <td class="num">
      {abs ? formatDifference(c.metric, abs.estimate) : '–'}
      {abs?.ci && (
        <div class="muted small">
          {formatDifference(c.metric, abs.ci.lower)} to {formatDifference(c.metric, abs.ci.upper)}
        </div>
      )}
    </td>
  );
}

export function VerdictBadge({ verdict }: { verdict: MetricComparison['verdict'] }) {
  return <span class={`verdict ${verdict}`}>{VERDICT_LABELS[verdict]}</span>;
}

/** A headline number (feature page, report summary). */
export function Stat({ label, value, detail }: { label: string; value: string; detail?: string | undefined }) {
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {detail && <div class="stat-detail muted">{detail}</div>}
    </div>
  );
}

/** Every metric of one treatment against its control: difference with interval, p-values, verdict. */
export function MetricTable({
  comparisons,
  controlName,
  treatmentName,
  caption,
}: {
  comparisons: MetricComparison[];
  controlName: string;
  treatmentName: string;
  caption: string;
}) {
  return (
    <>
      <Table
        class="metrics"
        caption={caption}
        head={
          <>
            <th scope="col">Metric</th>
            <th scope="col" class="num">{controlName}</th>
            <th scope="col" class="num">{treatmentName}</th>
            <th scope="col" class="num">Difference (95 % CI)</th>
            <th scope="col">Interval</th>
            <th scope="col" class="num">Relative</th>
            <th scope="col" class="num">p-value</th>
            <th scope="col" class="num">Adjusted p</th>
            <th scope="col">Verdict</th>
          </>
        }
      >
        {comparisons.map((c) => {
          const abs = c.absolute;
          const span = abs?.ci ? Math.max(Math.abs(abs.ci.lower), Math.abs(abs.ci.upper), Math.abs(abs.estimate)) * 1.1 || 1 : 1;
          return (
            <tr key={c.metric}>
              <th scope="row">{METRIC_LABELS[c.metric]}</th>
              <EstimateCell metric={c.metric} side={c.control} />
              <EstimateCell metric={c.metric} side={c.treatment} />
              <DifferenceCell comparison={c} />
              <td>
                {abs && (
                  <IntervalBar
                    estimate={abs.estimate}
                    lower={abs.ci?.lower}
                    upper={abs.ci?.upper}
                    domain={[-span, span]}
                    reference={0}
                    tone={c.verdict === 'better' ? 'better' : c.verdict === 'worse' ? 'worse' : 'neutral'}
                    label={`Difference ${formatDifference(c.metric, abs.estimate)}${abs.ci ? `, 95 % interval ${formatDifference(c.metric, abs.ci.lower)} to ${formatDifference(c.metric, abs.ci.upper)}` : ''}; the line marks no difference`}
                  />
                )}
              </td>
              <td class="num">{c.relative ? `${formatSigned(c.relative.estimate * 100, 1)} %` : '–'}</td>
              <td class="num">{formatPValue(c.pValue)}</td>
              <td class="num">{formatPValue(c.pValueAdjusted)}</td>
              <td>
                <VerdictBadge verdict={c.verdict} />
              </td>
            </tr>
          );
        })}
      </Table>
      <ul class="explanations">
        {comparisons.map((c) => (
          <li key={c.metric}>
            <strong>{METRIC_LABELS[c.metric]}:</strong> {c.explanation}
          </li>
        ))}
      </ul>
    </>
  );
}
