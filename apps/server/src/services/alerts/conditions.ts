import { sql, type Kysely } from 'kysely';
import type { AlertEvidence, MetricComparison } from '@feedloop/protocol';
import { RATING_COLUMNS } from '../../db/rollup-columns.js';
import type { Database } from '../../db/schema.js';
import { poissonUpperTail } from '../../stats/index.js';
import { experimentDetail, listExperiments } from '../experiments/experiments.js';
import { compareFeature } from '../features/compare-windows.js';
import { listReleases } from '../releases/releases.js';
import { featurePeriods } from '../report/report.js';
import { compareArms } from '../rollups/compare-arms.js';
import { addDays, utcDayOf } from '../rollups/days.js';
import type { StoredRule } from './rules.js';

/** A condition that holds for one subject (a feature, an experiment), with its evidence. */
export interface Finding {
  subject: string;
  evidence: AlertEvidence;
  /** The dashboard page, relative to /dashboard/ (the hash route). */
  route: string;
}

const featureRoute = (feature: string) => `#/features/${encodeURIComponent(feature)}`;
const experimentRoute = (experiment: string) => `#/experiments/${encodeURIComponent(experiment)}`;

/**
 * The subjects for which a rule's condition holds on UTC day `day`, looking at the data up to
 * that day's end (or now, for today). Keyword rules are not judged by day (keywords.ts).
 */
export async function findings(db: Kysely<Database>, rule: StoredRule, day: string): Promise<Finding[]> {
  switch (rule.kind) {
    case 'rating_drop':
      return rule.params.baseline === 'release' ? ratingDropSinceRelease(db, rule, day) : ratingDropOnPeriod(db, rule, day);
    case 'negative_spike':
      return negativeSpikes(db, rule, day);
    case 'srm':
      return sampleRatioMismatches(db, rule, day);
    case 'keyword':
      return [];
  }
}

const worse = (c: MetricComparison) => c.verdict === 'worse';

function dropEvidence(feature: string, from: string, to: string, before: number, after: number, comparisons: MetricComparison[], against: string): AlertEvidence {
  const first = comparisons[0]!;
  const pValues = comparisons.map((c) => c.pValueAdjusted ?? c.pValue).filter((p): p is number => p !== null);
  return {
    summary: `${first.explanation} (${feature}, ${from} to ${to}, against ${against}).`,
    from,
    to,
    pValue: pValues.length ? Math.min(...pValues) : null,
    numbers: {
      countBefore: before,
      countAfter: after,
      estimateBefore: first.control.estimate,
      estimateAfter: first.treatment.estimate,
      difference: first.absolute?.estimate ?? null,
      lower: first.absolute?.ci?.lower ?? null,
      upper: first.absolute?.ci?.upper ?? null,
    },
    comparisons,
  };
}

/**
 * The last `days` days (to `day` inclusive) against the `days` before: the report's comparison
 * (compareArms, the same minimum sample per side and Holm-adjusted verdicts), worse on any metric.
 */
async function ratingDropOnPeriod(db: Kysely<Database>, rule: StoredRule, day: string): Promise<Finding[]> {
  const { days, minCount, feature } = rule.params;
  const toDay = addDays(day, 1);
  const fromDay = addDays(toDay, -days);
  const previousFrom = addDays(fromDay, -days);
  const periods = await featurePeriods(db, rule.projectId, previousFrom, fromDay, toDay);
  const out: Finding[] = [];
  for (const [name, p] of periods) {
    if (feature !== null && name !== feature) continue;
    const [metrics = []] = compareArms({ label: 'the previous period', counters: p.before.counters }, [{ label: 'this period', counters: p.after.counters }], minCount);
    const worsened = metrics.filter(worse);
    if (worsened.length === 0) continue;
    out.push({
      subject: name,
      evidence: dropEvidence(name, fromDay, toDay, p.before.count, p.after.count, worsened, `${previousFrom} to ${fromDay}`),
      route: featureRoute(name),
    });
  }
  return out;
}

/**
 * Since the latest release (released up to `day`, at most `days` days before it) that changed
 * the feature: the days after it so far against the `days` before it, as the feature page's
 * release comparison (compareFeature).
 */
async function ratingDropSinceRelease(db: Kysely<Database>, rule: StoredRule, day: string): Promise<Finding[]> {
  const { days, minCount, feature } = rule.params;
  const end = Date.parse(`${addDays(day, 1)}T00:00:00Z`);
  const releases = (await listReleases(db, rule.projectId)).filter((r) => Date.parse(r.releasedAt) < end); // newest first
  const latest = new Map<string, (typeof releases)[number]>();
  for (const r of releases) {
    const features = feature !== null ? (r.features.length === 0 || r.features.includes(feature) ? [feature] : []) : r.features;
    for (const f of features) if (!latest.has(f)) latest.set(f, r);
  }
  const out: Finding[] = [];
  for (const [name, release] of latest) {
    const at = new Date(release.releasedAt);
    const releaseDay = utcDayOf(at);
    const midnight = at.getTime() === Date.parse(`${releaseDay}T00:00:00Z`);
    const afterFrom = midnight ? releaseDay : addDays(releaseDay, 1);
    const afterTo = addDays(day, 1) < addDays(afterFrom, days) ? addDays(day, 1) : addDays(afterFrom, days);
    // Only while the release's window is open: afterwards nothing new can be learned.
    if (!(afterFrom < afterTo) || addDays(afterFrom, days) < addDays(day, 1)) continue;
    const c = await compareFeature(db, rule.projectId, name, {
      beforeFrom: `${addDays(releaseDay, -days)}T00:00:00Z`,
      beforeTo: `${releaseDay}T00:00:00Z`,
      afterFrom: `${afterFrom}T00:00:00Z`,
      afterTo: `${afterTo}T00:00:00Z`,
      minCount,
    });
    const worsened = c.comparisons.filter(worse);
    if (worsened.length === 0) continue;
    out.push({
      subject: name,
      evidence: dropEvidence(name, afterFrom, afterTo, c.before.count, c.after.count, worsened, `the ${days} days before release ${release.version}`),
      route: featureRoute(name),
    });
  }
  return out;
}

/** Negative feedback: thumbs down, 1–2 stars or emoji, NPS detractors (0–6). */
const NEGATIVE_COLUMNS = RATING_COLUMNS.filter(
  (c) => (c.scale === 'thumbs' && c.value === 0) || ((c.scale === 'stars' || c.scale === 'emoji') && c.value <= 2) || (c.scale === 'nps' && c.value <= 6),
).map((c) => c.column);
const negatives = sql.join(NEGATIVE_COLUMNS.map((c) => sql`${sql.ref(c)}`), sql` + `);

/**
 * A day's negative feedback on a feature against its trailing daily rate: at least `minCount`
 * and at least `factor` × the mean of the `trailingDays` days before. The p-value is the Poisson
 * upper tail of the day's count at the trailing rate.
 */
async function negativeSpikes(db: Kysely<Database>, rule: StoredRule, day: string): Promise<Finding[]> {
  const { factor, trailingDays, minCount, feature } = rule.params;
  const from = addDays(day, -trailingDays);
  const { rows } = await sql<{ feature: string; today: number; trailing: number }>`
    select feature,
      coalesce(sum(${negatives}) filter (where day = ${day}), 0)::float8 as today,
      coalesce(sum(${negatives}) filter (where day < ${day}), 0)::float8 as trailing
    from feature_daily
    where project_id = ${rule.projectId} and day >= ${from} and day <= ${day}
      and ${feature === null ? sql`true` : sql`feature = ${feature}`}
    group by feature`.execute(db);
  const out: Finding[] = [];
  for (const r of rows) {
    const today = Number(r.today ?? 0);
    const rate = Number(r.trailing ?? 0) / trailingDays;
    if (today < minCount || today < factor * rate) continue;
    out.push({
      subject: r.feature,
      evidence: {
        summary: `${today} negative feedback items on ${r.feature} on ${day}, ${rate === 0 ? 'none' : `${(today / rate).toFixed(1)}×`} the daily rate of the ${trailingDays} days before (${rate.toFixed(2)} a day).`,
        from: day,
        to: addDays(day, 1),
        pValue: poissonUpperTail(Math.round(today), rate),
        numbers: { count: today, trailingRate: rate, ratio: rate === 0 ? null : today / rate, factor, trailingDays, minCount },
      },
      route: featureRoute(r.feature),
    });
  }
  return out;
}

/**
 * A running experiment (exposures on `day` or the day before) whose exposed users, over its
 * whole life up to `day`, fail the sample-ratio test of the experiment page (stats/srm.ts, its
 * threshold).
 */
async function sampleRatioMismatches(db: Kysely<Database>, rule: StoredRule, day: string): Promise<Finding[]> {
  const running = await listExperiments(db, rule.projectId, { fromDay: addDays(day, -1), toDay: addDays(day, 1) });
  const out: Finding[] = [];
  for (const e of running) {
    if (rule.params.experiment !== null && e.experiment !== rule.params.experiment) continue;
    if (!e.variants.some((v) => v.exposures > 0)) continue;
    const detail = await experimentDetail(db, rule.projectId, e.experiment, { range: { fromDay: undefined, toDay: addDays(day, 1) }, minCount: 30 });
    if (!detail?.srm.flagged) continue;
    const { srm } = detail;
    const numbers: Record<string, number | null> = { chiSquare: srm.chiSquare, df: srm.df };
    srm.variants.forEach((v, i) => {
      numbers[`observed.${v}`] = srm.observed[i] ?? 0;
      numbers[`expected.${v}`] = srm.expected[i] ?? 0;
    });
    const first = (await listExperiments(db, rule.projectId, { fromDay: undefined, toDay: addDays(day, 1) })).find((x) => x.experiment === e.experiment);
    out.push({
      subject: e.experiment,
      evidence: {
        summary: `Sample-ratio mismatch in ${e.experiment}: exposed users ${srm.variants.map((v, i) => `${v} ${srm.observed[i]}`).join(', ')} against an equal split (expected ${srm.expected.map((x) => x.toFixed(0)).join(', ')}).`,
        from: first?.firstDay ?? day,
        to: addDays(day, 1),
        pValue: srm.pValue,
        numbers,
      },
      route: experimentRoute(e.experiment),
    });
  }
  return out;
}
