import { sql, type Kysely } from 'kysely';
import type { ExperimentConclusion, FeatureChange, MetricComparison, ReleaseReport, ReportResponse } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { compareArms } from '../rollups/compare-arms.js';
import { compareFeature } from '../features/compare-windows.js';
import { countersOf, sumHistogram, type Counters } from '../rollups/counters.js';
import { addDays, daysBetween, toDayRange, utcDayOf } from '../rollups/days.js';
import { experimentDetail, listExperiments } from '../experiments/experiments.js';
import { listReleases } from '../releases/releases.js';
import { topTerms } from './terms.js';

export interface ReportOptions {
  from: string;
  to: string;
  minCount: number;
  terms: number;
  /** Days on each side of a release. */
  releaseDays?: number;
}

const MAX_PERIOD_DAYS = 366;
/** Comments read for the terms (newest first), each cut to its first 1,000 characters. */
const MAX_TERM_COMMENTS = 5000;

const significant = (c: MetricComparison) => c.verdict === 'better' || c.verdict === 'worse';

/**
 * The period report: what changed (features against the previous period of the same length,
 * releases before/after), what was learned (experiments that ended), what users talked about,
 * and how much of the loop was closed. Reads the daily rollups, except for terms and triage.
 */
export async function buildReport(db: Kysely<Database>, projectId: string, o: ReportOptions): Promise<Omit<ReportResponse, 'asOf'>> {
  const { fromDay, toDay } = toDayRange(o.from, o.to) as { fromDay: string; toDay: string };
  const days = daysBetween(fromDay, toDay);
  if (days <= 0) throw new HttpError(400, 'invalid_query', '"from" must be before "to"');
  if (days > MAX_PERIOD_DAYS) throw new HttpError(400, 'invalid_query', `a report covers at most ${MAX_PERIOD_DAYS} days`);
  const previous = { from: addDays(fromDay, -days), to: fromDay };
  const start = new Date(`${fromDay}T00:00:00Z`);
  const end = new Date(`${toDay}T00:00:00Z`);

  const [periods, releases, experiments, terms, triage] = await Promise.all([
    featurePeriods(db, projectId, previous.from, fromDay, toDay),
    releaseReports(db, projectId, start, end, o),
    concludedExperiments(db, projectId, fromDay, toDay, o.minCount),
    commentTerms(db, projectId, start, end, o.terms),
    triageTotals(db, projectId, start, end),
  ]);

  const features: ReportResponse['features'] = { improved: [], worsened: [], mixed: [] };
  let feedback = 0;
  for (const [feature, p] of periods) {
    feedback += p.after.count;
    const [metrics = []] = compareArms(
      { label: 'the previous period', counters: p.before.counters },
      [{ label: 'this period', counters: p.after.counters }],
      o.minCount,
    );
    const changes = metrics.filter(significant);
    if (changes.length === 0) continue;
    const better = changes.some((c) => c.verdict === 'better');
    const worse = changes.some((c) => c.verdict === 'worse');
    const direction = better && worse ? 'mixed' : better ? 'improved' : 'worsened';
    const change: FeatureChange = {
      feature,
      before: { ...previous, count: p.before.count },
      after: { from: fromDay, to: toDay, count: p.after.count },
      direction,
      comparisons: changes,
    };
    features[direction].push(change);
  }
  return { from: fromDay, to: toDay, previous, feedback, features, releases, experiments, terms, triage };
}

interface Side {
  count: number;
  counters: Counters;
}

/** Per feature: totals of the previous period and of this one (one GROUP BY over the rollup). */
export async function featurePeriods(db: Kysely<Database>, projectId: string, previousFrom: string, fromDay: string, toDay: string) {
  const { rows } = await sql<Record<string, unknown> & { feature: string; in_period: boolean; count: number }>`
    select feature, day >= ${fromDay} as in_period, sum(count)::float8 as count, ${sumHistogram()}
    from feature_daily
    where project_id = ${projectId} and day >= ${previousFrom} and day < ${toDay}
    group by feature, in_period
    order by feature`.execute(db);
  const empty = (): Side => ({ count: 0, counters: countersOf({}) });
  const out = new Map<string, { before: Side; after: Side }>();
  for (const r of rows) {
    let p = out.get(r.feature);
    if (!p) out.set(r.feature, (p = { before: empty(), after: empty() }));
    p[r.in_period ? 'after' : 'before'] = { count: Number(r.count), counters: countersOf(r) };
  }
  return out;
}

/** Releases of the period: for each feature they changed, the days before against the days after. */
async function releaseReports(db: Kysely<Database>, projectId: string, start: Date, end: Date, o: ReportOptions): Promise<ReleaseReport[]> {
  const releases = (await listReleases(db, projectId))
    .filter((r) => Date.parse(r.releasedAt) >= start.getTime() && Date.parse(r.releasedAt) < end.getTime())
    .reverse(); // oldest first
  const out: ReleaseReport[] = [];
  for (const release of releases) {
    const features = [];
    for (const feature of release.features) {
      const c = await compareFeature(db, projectId, feature, { release: release.version, days: o.releaseDays ?? 14, minCount: o.minCount });
      features.push({
        feature,
        before: { from: c.before.from, to: c.before.to, count: c.before.count },
        after: { from: c.after.from, to: c.after.to, count: c.after.count },
        comparisons: c.comparisons,
      });
    }
    out.push({ version: release.version, releasedAt: release.releasedAt, notes: release.notes, features });
  }
  return out;
}

/**
 * Experiments whose last exposure or feedback fell in the period and that have had none since
 * (nor today, when the period reaches today: they may still be running): compared over their
 * whole life.
 */
async function concludedExperiments(
  db: Kysely<Database>,
  projectId: string,
  fromDay: string,
  toDay: string,
  minCount: number,
): Promise<ExperimentConclusion[]> {
  const today = utcDayOf(new Date());
  const ended = (await listExperiments(db, projectId, { fromDay: undefined, toDay: undefined })).filter(
    (e) => e.lastDay >= fromDay && e.lastDay < toDay && e.lastDay < today,
  );
  const out: ExperimentConclusion[] = [];
  for (const e of ended) {
    const detail = await experimentDetail(db, projectId, e.experiment, {
      range: { fromDay: e.firstDay, toDay: addDays(e.lastDay, 1) },
      minCount,
    });
    if (!detail) continue;
    out.push({
      experiment: e.experiment,
      firstDay: e.firstDay,
      lastDay: e.lastDay,
      control: detail.control,
      sampleRatioMismatch: detail.srm.flagged,
      results: detail.comparisons.flatMap((c) =>
        c.metrics.map((m) => ({
          variant: c.variant,
          metric: m.metric,
          verdict: m.verdict,
          explanation: m.explanation,
          pValueAdjusted: m.pValueAdjusted,
        })),
      ),
    });
  }
  return out;
}

async function commentTerms(db: Kysely<Database>, projectId: string, start: Date, end: Date, limit: number) {
  if (limit === 0) return [];
  const { rows } = await sql<{ comment: string }>`
    select left(comment, 1000) as comment
    from feedback
    where project_id = ${projectId} and occurred_at >= ${start} and occurred_at < ${end} and comment is not null
    order by occurred_at desc
    limit ${MAX_TERM_COMMENTS}`.execute(db);
  return topTerms(rows.map((r) => r.comment), limit);
}

/**
 * Items closed in the period (status set to done or declined, and still so), and their
 * submitters: told (their widget showed the latest update) or still waiting.
 */
async function triageTotals(db: Kysely<Database>, projectId: string, start: Date, end: Date): Promise<ReportResponse['triage']> {
  const { rows } = await sql<{ done: number; declined: number; replied: number; told: number; waiting: number }>`
    select
      count(*) filter (where status = 'done')::int as done,
      count(*) filter (where status = 'declined')::int as declined,
      count(*) filter (where public_reply is not null)::int as replied,
      count(distinct coalesce(user_id, anonymous_id)) filter (where notice_seen_at >= notice_at)::int as told,
      count(distinct coalesce(user_id, anonymous_id)) filter (where notice_seen_at is null or notice_seen_at < notice_at)::int as waiting
    from feedback
    where project_id = ${projectId} and status in ('done', 'declined')
      and status_changed_at >= ${start} and status_changed_at < ${end}`.execute(db);
  const r = rows[0] ?? { done: 0, declined: 0, replied: 0, told: 0, waiting: 0 };
  return { closed: r.done + r.declined, done: r.done, declined: r.declined, replied: r.replied, submittersTold: r.told, submittersWaiting: r.waiting };
}
