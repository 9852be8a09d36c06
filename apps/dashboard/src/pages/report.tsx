import type { ExperimentConclusion, FeatureChange, ReleaseReport, ReportResponse } from '@feedloop/protocol';
import type { PageProps } from '../page-props.js';
import { FreshnessNotice } from '../components/freshness-notice.js';
import { PageHead } from '../components/page-head.js';
import { BarList } from '../components/charts.js';
import { DifferenceCell, EstimateCell, METRIC_LABELS, MetricTable, Stat, VerdictBadge } from '../components/metrics.js';
import { Table } from '../components/table.js';
import { formatCount, formatPValue } from '../format.js';
import { useLoad } from '../load.js';
import { addDays, dayOf, daysBetween } from '../range.js';
import { href } from '../router.js';

/** The service's limit (GET /v1/report). */
const MAX_DAYS = 366;

/**
 * The period report (GET /v1/report, what `pnpm feedloop report` renders as Markdown or HTML):
 * what changed against the period just before, releases before/after, experiments that ended,
 * what users talked about and how much of the loop was closed. The period is the dashboard's
 * time range (the same state as the picker in the top bar), so it can be set from either place.
 * Feedback-derived text (terms, notes, names) is only ever rendered as text nodes.
 */
export function ReportPage({ api, range, chooseRange }: PageProps) {
  const report = useLoad(async (signal) => {
    // Said here rather than by a 400: choosing "from" before "through" passes through long periods.
    if (daysBetween(range.from, range.to) > MAX_DAYS) throw new Error(`A report covers at most ${MAX_DAYS} days: choose a shorter period.`);
    return api.aggregate<ReportResponse>('/v1/report', { from: range.from, to: range.to }, signal);
  }, [api, range.from, range.to]);
  const data = report.data;
  const through = addDays(range.to, -1);
  const today = dayOf(Date.now());

  return (
    <>
      <PageHead title="Report">
        {range.from} – {through} (UTC){data && <>, compared with {data.previous.from} – {addDays(data.previous.to, -1)}</>}
      </PageHead>
      <FreshnessNotice answers={[data]} />

      <form class="card period" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Period</legend>
          <label>
            <span>From</span>
            <input
              type="date"
              value={range.from}
              max={through}
              required
              onChange={(e) => {
                const from = e.currentTarget.value;
                if (from && from <= through) chooseRange({ preset: 'custom', from, through });
              }}
            />
          </label>
          <label>
            <span>Through</span>
            <input
              type="date"
              value={through}
              min={range.from}
              max={today}
              required
              onChange={(e) => {
                const last = e.currentTarget.value;
                if (last && last >= range.from) chooseRange({ preset: 'custom', from: range.from, through: last });
              }}
            />
          </label>
          <p class="muted small">
            Whole UTC days, at most 366. Features are compared with the same number of days just before. As Markdown or HTML:{' '}
            <code>
              pnpm feedloop report --from {range.from} --to {range.to} --format md
            </code>
          </p>
        </fieldset>
      </form>

      {report.error && (
        <p class="error" role="alert">
          {report.error.message}
        </p>
      )}
      {!data && report.loading && <p class="muted">Loading…</p>}
      {data && !report.error && (
        <div aria-busy={report.loading}>
          <section class="stats" aria-label="Summary">
            <Stat label="Feedback" value={formatCount(data.feedback)} />
            <Stat label="Improved" value={formatCount(data.features.improved.length)} detail="features" />
            <Stat label="Worsened" value={formatCount(data.features.worsened.length)} detail="features" />
            <Stat label="Releases" value={formatCount(data.releases.length)} />
            <Stat label="Experiments concluded" value={formatCount(data.experiments.length)} />
            <Stat label="Items closed" value={formatCount(data.triage.closed)} />
          </section>

          <FeatureChanges id="improved" title="Improved significantly" changes={data.features.improved} empty="No feature's ratings improved significantly." />
          <FeatureChanges id="worsened" title="Worsened significantly" changes={data.features.worsened} empty="No feature's ratings worsened significantly." />
          {data.features.mixed.length > 0 && (
            <FeatureChanges id="mixed" title="Mixed (better on one rating, worse on another)" changes={data.features.mixed} empty="" />
          )}

          <section class="card" aria-labelledby="releases-title">
            <h2 id="releases-title">Releases</h2>
            {data.releases.length === 0 && <p class="empty">No release in this period.</p>}
            {data.releases.map((release) => (
              <Release key={release.version} release={release} />
            ))}
          </section>

          <section class="card" aria-labelledby="experiments-title">
            <h2 id="experiments-title">Experiments concluded</h2>
            <p class="muted small">Experiments whose last exposure or feedback fell in this period, with none since; each over its whole run.</p>
            {data.experiments.length === 0 && <p class="empty">No experiment ended in this period.</p>}
            {data.experiments.map((experiment) => (
              <Experiment key={experiment.experiment} experiment={experiment} />
            ))}
          </section>

          <div class="columns">
            <section class="card grow" aria-labelledby="terms-title">
              <h2 id="terms-title">Most-mentioned terms</h2>
              <p class="muted small">Words in this period's comments, each counted once per comment.</p>
              {data.terms.length === 0 ? (
                <p class="empty">No term appears in two comments or more.</p>
              ) : (
                <Terms terms={data.terms} />
              )}
            </section>
            <section class="card grow" aria-labelledby="loop-title">
              <h2 id="loop-title">Closing the loop</h2>
              <dl class="loop-numbers">
                <div>
                  <dt>Items closed</dt>
                  <dd>
                    {formatCount(data.triage.closed)}{' '}
                    <span class="muted">
                      ({formatCount(data.triage.done)} done, {formatCount(data.triage.declined)} declined)
                    </span>
                  </dd>
                </div>
                <div>
                  <dt>With a public reply</dt>
                  <dd>{formatCount(data.triage.replied)}</dd>
                </div>
                <div>
                  <dt>Submitters told</dt>
                  <dd>{formatCount(data.triage.submittersTold)}</dd>
                </div>
                <div>
                  <dt>Submitters not told yet</dt>
                  <dd>{formatCount(data.triage.submittersWaiting)}</dd>
                </div>
              </dl>
              <p class="muted small">A submitter is told once their widget has shown them the item's latest status or reply.</p>
            </section>
          </div>
        </div>
      )}
    </>
  );
}

/** Features whose ratings changed significantly: each significant metric with its evidence. */
function FeatureChanges({ id, title, changes, empty }: { id: string; title: string; changes: FeatureChange[]; empty: string }) {
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {changes.length === 0 ? (
        <p class="empty">{empty}</p>
      ) : (
        <Table
          class="report-changes"
          caption={`${title}: this period against the previous one`}
          hideCaption
          head={
            <>
              <th scope="col">Feature</th>
              <th scope="col">Metric</th>
              <th scope="col" class="num">Previous period</th>
              <th scope="col" class="num">This period</th>
              <th scope="col" class="num">Difference (95 % CI)</th>
              <th scope="col" class="num">Adjusted p</th>
              <th scope="col">Verdict</th>
            </>
          }
        >
          {changes.flatMap((change) =>
            change.comparisons.map((c, i) => (
              <tr key={`${change.feature}:${c.metric}`} data-feature={change.feature}>
                <th scope="row">
                  <a href={href({ page: 'feature', feature: change.feature })}>{change.feature}</a>
                  {i === 0 && (
                    <div class="muted small">
                      {formatCount(change.before.count)} → {formatCount(change.after.count)} feedback
                    </div>
                  )}
                </th>
                <td>{METRIC_LABELS[c.metric]}</td>
                <EstimateCell metric={c.metric} side={c.control} />
                <EstimateCell metric={c.metric} side={c.treatment} />
                <DifferenceCell comparison={c} />
                <td class="num">{formatPValue(c.pValueAdjusted ?? c.pValue)}</td>
                <td>
                  <VerdictBadge verdict={c.verdict} />
                </td>
              </tr>
            )),
          )}
        </Table>
      )}
    </section>
  );
}

function Release({ release }: { release: ReleaseReport }) {
  return (
    <div class="report-release">
      <h3>
        <span class="chip">{release.version}</span> released <time dateTime={release.releasedAt}>{release.releasedAt.slice(0, 10)}</time>
      </h3>
      {release.notes && <p class="release-notes">{release.notes}</p>}
      {release.features.length === 0 && <p class="empty">The release names no feature to compare.</p>}
      {release.features.map((f) => (
        <div key={f.feature} class="compare">
          <p class="muted">
            <a href={href({ page: 'feature', feature: f.feature })}>{f.feature}</a>: {f.before.from} – {addDays(f.before.to, -1)} (
            {formatCount(f.before.count)} feedback) against {f.after.from} – {addDays(f.after.to, -1)} ({formatCount(f.after.count)} feedback)
          </p>
          {f.comparisons.length === 0 ? (
            <p class="empty">No ratings on either side.</p>
          ) : (
            <MetricTable comparisons={f.comparisons} controlName="Before" treatmentName="After" caption={`${f.feature}: before and after ${release.version}`} />
          )}
        </div>
      ))}
    </div>
  );
}

function Experiment({ experiment: e }: { experiment: ExperimentConclusion }) {
  return (
    <div class="report-experiment">
      <h3>
        <a href={href({ page: 'experiment', experiment: e.experiment })}>{e.experiment}</a>
      </h3>
      <p class="muted">
        Ran {e.firstDay} – {e.lastDay}; control “{e.control}”.
      </p>
      {e.sampleRatioMismatch && (
        <p class="srm-warning">
          <strong>Sample ratio mismatch:</strong> users were not split as configured, so these results are unreliable.
        </p>
      )}
      {e.results.length === 0 ? (
        <p class="empty">No comparison (a single variant).</p>
      ) : (
        <Table
          caption={`Results of ${e.experiment}`}
          hideCaption
          head={
            <>
              <th scope="col">Variant</th>
              <th scope="col">Metric</th>
              <th scope="col">Verdict</th>
              <th scope="col" class="num">Adjusted p</th>
              <th scope="col">In words</th>
            </>
          }
        >
          {e.results.map((r) => (
            <tr key={`${r.variant}:${r.metric}`}>
              <th scope="row">{r.variant}</th>
              <td>{METRIC_LABELS[r.metric]}</td>
              <td>
                <VerdictBadge verdict={r.verdict} />
              </td>
              <td class="num">{formatPValue(r.pValueAdjusted)}</td>
              <td>{r.explanation}</td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}

function Terms({ terms }: { terms: ReportResponse['terms'] }) {
  return (
    <BarList
      class="terms"
      ordered
      label="Most-mentioned terms, most first"
      rows={terms.map((t) => ({ name: t.term, count: t.comments }))}
      describe={(count) => (
        <>
          {formatCount(count)} <span class="muted">{count === 1 ? 'comment' : 'comments'}</span>
        </>
      )}
    />
  );
}
