import type { ExperimentResponse, FeaturesResponse, MetricComparison, ProportionStatistics } from '@feedloop/protocol';
import { RATING_SCALE_NAMES, RATING_SCALES, type RatingScale } from '@feedloop/protocol/vocabulary';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, segment } from '../api.js';
import type { PageProps } from '../page-props.js';
import { FreshnessNotice } from '../components/freshness-notice.js';
import { PageHead } from '../components/page-head.js';
import { IntervalBar } from '../components/charts.js';
import { METRIC_LABELS, MetricTable, VerdictBadge, formatMetric } from '../components/metrics.js';
import { Table } from '../components/table.js';
import { SCALE_LABELS, formatCount, formatPValue, scalesIn } from '../format.js';
import { useLoad, useThrottled } from '../load.js';
import { describeRange } from '../range.js';
import { href } from '../router.js';

type Stat = { estimate: number | null; lower: number | null; upper: number | null; n: number };

/** One experiment: every variant with intervals, each treatment against the control, SRM, verdict. */
export function ExperimentPage({ api, range, live, experiment }: PageProps & { experiment: string }) {
  const [feature, setFeature] = useState('');
  const [control, setControl] = useState('');
  const result = useLoad(
    (signal) =>
      api.aggregate<ExperimentResponse>(
        `/v1/experiments/${segment(experiment)}`,
        { ...range, feature: feature || undefined, control: control || undefined },
        signal,
      ),
    [api, experiment, range.from, range.to, feature, control],
  );
  const features = useLoad((signal) => api.get<FeaturesResponse>('/v1/features', { ...range }, signal), [api, range.from, range.to]);

  const refresh = useThrottled(() => result.reload(), 1000);
  const relevant = live.items.filter((item) => experiment in (item.experiments ?? {})).length;
  useEffect(() => {
    if (relevant > 0) refresh();
  }, [relevant]);

  const data = result.data;
  const heading = (
    <PageHead title={experiment} parent={{ label: 'Experiments', href: href({ page: 'experiments' }) }}>
      {describeRange(range)} (UTC)
    </PageHead>
  );
  if (result.error && !data) {
    const missing = result.error instanceof ApiError && result.error.status === 404;
    return (
      <>
        {heading}
        <p class={missing ? 'empty' : 'error'} role={missing ? undefined : 'alert'}>
          {missing ? 'No exposures or feedback for this experiment in this range.' : result.error.message}
        </p>
      </>
    );
  }
  if (!data) return <>{heading}<p class="muted">Loading…</p></>;

  const scales = RATING_SCALE_NAMES.filter((s) => data.variants.some((v) => scalesIn(v.ratings).includes(s)));
  return (
    <>
      {heading}
      <FreshnessNotice answers={[data]} />
      <form class="filters" aria-label="Experiment options" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Feedback on</span>
          <select value={feature} onChange={(e) => setFeature(e.currentTarget.value)}>
            <option value="">All features</option>
            {(features.data?.features ?? []).map((f) => (
              <option key={f.feature} value={f.feature}>
                {f.feature}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Control</span>
          <select value={control || data.control} onChange={(e) => setControl(e.currentTarget.value)}>
            {data.variants.map((v) => (
              <option key={v.variant} value={v.variant}>
                {v.variant}
              </option>
            ))}
          </select>
        </label>
      </form>

      <Verdict data={data} />
      <Srm data={data} />

      <section class="card" aria-labelledby="variants-title">
        <h2 id="variants-title">Variants</h2>
        <Table
          class="variants"
          head={
            <>
              <th scope="col">Variant</th>
              <th scope="col" class="num">Exposed users</th>
              <th scope="col" class="num">Exposures</th>
              <th scope="col" class="num">Users with feedback</th>
              <th scope="col">Feedback rate (95 % CI)</th>
              {scales.map((s) => (
                <th key={s} scope="col">
                  {SCALE_LABELS[s]} (95 % CI)
                </th>
              ))}
            </>
          }
        >
          {data.variants.map((v) => (
            <tr key={v.variant}>
              <th scope="row">
                {v.variant}
                {v.variant === data.control && <span class="chip">control</span>}
              </th>
              <td class="num">{formatCount(v.exposedUsers)}</td>
              <td class="num">{formatCount(v.exposures)}</td>
              <td class="num">{formatCount(v.feedbackUsers)}</td>
              <td>
                <StatCell metric="feedbackRate" stat={proportion(v.feedbackRate)} domain={rateDomain(data)} />
              </td>
              {scales.map((s) => (
                <td key={s}>
                  <StatCell metric={s} stat={scaleStat(v.ratings, s)} domain={scaleDomain(data, s)} />
                </td>
              ))}
            </tr>
          ))}
        </Table>
      </section>

      {data.comparisons.map((comparison) => (
        <section key={comparison.variant} class="card" aria-labelledby={`vs-${comparison.variant}`}>
          <h2 id={`vs-${comparison.variant}`}>
            {comparison.variant} against {data.control}
          </h2>
          <MetricTable
            comparisons={comparison.metrics}
            controlName={data.control}
            treatmentName={comparison.variant}
            caption={`Each metric of ${comparison.variant} against the control ${data.control}; p-values adjusted by Holm across treatments`}
          />
        </section>
      ))}
    </>
  );
}

function proportion(p: ProportionStatistics): Stat {
  return { estimate: p.rate, lower: p.ci?.lower ?? null, upper: p.ci?.upper ?? null, n: p.count };
}

function scaleStat(ratings: ExperimentResponse['variants'][number]['ratings'], scale: RatingScale): Stat | undefined {
  if (scale === 'thumbs') return ratings.thumbs && proportion(ratings.thumbs);
  if (scale === 'nps') {
    const s = ratings.nps;
    return s && { estimate: s.score, lower: s.ci?.lower ?? null, upper: s.ci?.upper ?? null, n: s.count };
  }
  const s = ratings[scale];
  return s && { estimate: s.mean, lower: s.ci?.lower ?? null, upper: s.ci?.upper ?? null, n: s.count };
}

function rateDomain(data: ExperimentResponse): [number, number] {
  const top = Math.max(0.01, ...data.variants.map((v) => v.feedbackRate.ci?.upper ?? v.feedbackRate.rate ?? 0));
  return [0, Math.min(1, top * 1.1)];
}

function scaleDomain(data: ExperimentResponse, scale: RatingScale): [number, number] {
  if (scale === 'thumbs') return [0, 1];
  if (scale === 'nps') return [-100, 100];
  return [RATING_SCALES[scale].min, RATING_SCALES[scale].max];
}

function StatCell({ metric, stat, domain }: { metric: MetricComparison['metric']; stat: Stat | undefined; domain: [number, number] }) {
  if (!stat || stat.n === 0) return <span class="muted">–</span>;
  const f = (v: number | null) => formatMetric(metric, v);
  const interval = stat.lower !== null && stat.upper !== null ? `${f(stat.lower)} – ${f(stat.upper)}` : 'no interval';
  return (
    <div class="stat-cell">
      <span>
        {f(stat.estimate)} <span class="muted small">({interval}, n={formatCount(stat.n)})</span>
      </span>
      <IntervalBar
        estimate={stat.estimate}
        lower={stat.lower}
        upper={stat.upper}
        domain={domain}
        label={`${METRIC_LABELS[metric]} ${f(stat.estimate)}, 95 % interval ${interval}`}
      />
    </div>
  );
}

/** The plain-language verdict: the headline of each treatment, better or worse first. */
function Verdict({ data }: { data: ExperimentResponse }) {
  if (data.comparisons.length === 0) {
    return (
      <section class="card verdict-card" aria-labelledby="verdict-title">
        <h2 id="verdict-title">Verdict</h2>
        <p>Only one variant has data: there is nothing to compare yet.</p>
      </section>
    );
  }
  const rank = { better: 0, worse: 0, no_detectable_difference: 1, not_enough_data: 2 } as const;
  return (
    <section class="card verdict-card" aria-labelledby="verdict-title">
      <h2 id="verdict-title">Verdict</h2>
      <ul>
        {data.comparisons.map((c) => {
          const metrics = c.metrics.slice().sort((a, b) => rank[a.verdict] - rank[b.verdict]);
          const headline = metrics[0];
          return (
            <li key={c.variant}>
              <strong>{c.variant}</strong>{' '}
              {headline ? (
                <>
                  <VerdictBadge verdict={headline.verdict} /> {headline.explanation}
                </>
              ) : (
                'no metrics to compare.'
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Srm({ data }: { data: ExperimentResponse }) {
  const { srm } = data;
  const split = srm.variants.map((v, i) => `${v} ${formatCount(srm.observed[i] ?? 0)} (expected ${formatCount(Math.round(srm.expected[i] ?? 0))})`).join(', ');
  if (srm.flagged) {
    return (
      <div class="srm-warning" role="alert">
        <h2>Sample ratio mismatch</h2>
        <p>
          Exposed users are not split as configured: {split}; chi-square p = {formatPValue(srm.pValue)}. The assignment or the exposure
          logging is likely broken, so the comparisons below cannot be trusted until it is fixed.
        </p>
      </div>
    );
  }
  return (
    <p class="srm-ok muted">
      Sample ratio check: {srm.pValue === null ? 'not enough exposures to check' : `split as configured (p = ${formatPValue(srm.pValue)})`}
      {split && `: ${split}`}.
    </p>
  );
}
