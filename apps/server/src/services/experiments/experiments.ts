import { sql, type Kysely } from 'kysely';
import type { ExperimentResponse, ExperimentSummary, FeedbackSource } from '@feedloop/protocol';
import { sampleRatioMismatch, summarizeProportion } from '../../stats/index.js';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import type { DayRange } from '../rollups/days.js';
import { compareArms, rateCounts, type Arm } from '../rollups/compare-arms.js';
import { countersOf, countHistogram, emptyCounters, sumHistogram, type Counters } from '../rollups/counters.js';
import { scaleStatistics } from '../rollups/scale-statistics.js';

function inRange(range: DayRange) {
  return sql.join(
    [
      ...(range.fromDay !== undefined ? [sql`day >= ${range.fromDay}`] : []),
      ...(range.toDay !== undefined ? [sql`day < ${range.toDay}`] : []),
      sql`true`,
    ],
    sql` and `,
  );
}

interface ExposureRow {
  experiment: string;
  variant: string;
  first_day: string;
  last_day: string;
  exposures: number;
  exposed_users: number;
  feedback_users: number;
}

/** Every experiment with exposures or feedback in the range, and its variants. Reads rollups only. */
export async function listExperiments(db: Kysely<Database>, projectId: string, range: DayRange): Promise<ExperimentSummary[]> {
  const exposures = await sql<ExposureRow>`
    select experiment, variant, min(day)::text as first_day, max(day)::text as last_day,
      sum(exposures)::float8 as exposures, sum(exposed_users)::float8 as exposed_users, sum(feedback_users)::float8 as feedback_users
    from variant_daily
    where project_id = ${projectId} and ${inRange(range)}
    group by experiment, variant`.execute(db);
  const feedback = await sql<{ experiment: string; variant: string; first_day: string; last_day: string; feedback: number }>`
    select experiment, variant, min(day)::text as first_day, max(day)::text as last_day, sum(count)::float8 as feedback
    from variant_feature_daily
    where project_id = ${projectId} and ${inRange(range)}
    group by experiment, variant`.execute(db);

  const byExperiment = new Map<string, ExperimentSummary>();
  const variantOf = (experiment: string, variant: string, first: string, last: string) => {
    let e = byExperiment.get(experiment);
    if (!e) byExperiment.set(experiment, (e = { experiment, firstDay: first, lastDay: last, variants: [] }));
    if (first < e.firstDay) e.firstDay = first;
    if (last > e.lastDay) e.lastDay = last;
    let v = e.variants.find((x) => x.variant === variant);
    if (!v) e.variants.push((v = { variant, exposures: 0, exposedUsers: 0, feedbackUsers: 0, feedback: 0 }));
    return v;
  };
  for (const r of exposures.rows) {
    Object.assign(variantOf(r.experiment, r.variant, r.first_day, r.last_day), {
      exposures: r.exposures,
      exposedUsers: r.exposed_users,
      feedbackUsers: r.feedback_users,
    });
  }
  for (const r of feedback.rows) variantOf(r.experiment, r.variant, r.first_day, r.last_day).feedback = r.feedback;
  const list = [...byExperiment.values()].sort((a, b) => (a.experiment < b.experiment ? -1 : 1));
  for (const e of list) e.variants.sort((a, b) => (a.variant < b.variant ? -1 : 1));
  return list;
}

export interface ExperimentOptions {
  range: DayRange;
  feature?: string | undefined;
  control?: string | undefined;
  minCount: number;
  /** "a:1,b:2" */
  weights?: string | undefined;
  /** all: every feedback (the rollups); prompt: only feedback answering a prompt (raw rows). */
  source?: FeedbackSource | undefined;
}

interface VariantData {
  variant: string;
  exposures: number;
  exposedUsers: number;
  feedbackUsers: number;
  feedback: number;
  counters: Counters;
}

/**
 * One experiment, variant by variant, with every treatment compared with the control. Two
 * GROUP BYs over the daily per-variant rollups: the cost follows variants × days, not events.
 * undefined when the experiment has no data in the range.
 */
export async function experimentDetail(
  db: Kysely<Database>,
  projectId: string,
  experiment: string,
  options: ExperimentOptions,
): Promise<Omit<ExperimentResponse, 'asOf'> | undefined> {
  const { range, feature } = options;
  const exposures = await sql<{ variant: string; exposures: number; exposed_users: number; feedback_users: number }>`
    select variant, sum(exposures)::float8 as exposures, sum(exposed_users)::float8 as exposed_users,
      sum(feedback_users)::float8 as feedback_users
    from variant_daily
    where project_id = ${projectId} and experiment = ${experiment} and ${inRange(range)}
    group by variant`.execute(db);
  const source = options.source ?? 'all';
  const feedback = source === 'prompt' ? await promptedFeedback(db, projectId, experiment, options) : await sql<FeedbackRow>`
    select variant, sum(count)::float8 as count, sum(feedback_users)::float8 as feedback_users, ${sumHistogram()}
    from variant_feature_daily
    where project_id = ${projectId} and experiment = ${experiment} and ${inRange(range)}
      and ${feature === undefined ? sql`true` : sql`feature = ${feature}`}
    group by variant`.execute(db);

  const variants = new Map<string, VariantData>();
  const get = (variant: string) => {
    let v = variants.get(variant);
    if (!v) variants.set(variant, (v = { variant, exposures: 0, exposedUsers: 0, feedbackUsers: 0, feedback: 0, counters: emptyCounters() }));
    return v;
  };
  for (const r of exposures.rows) {
    // The rollup's users who gave feedback on any feature: right unless a feature or source narrows the feedback.
    const whole = feature === undefined && source === 'all';
    Object.assign(get(r.variant), { exposures: r.exposures, exposedUsers: r.exposed_users, feedbackUsers: whole ? r.feedback_users : 0 });
  }
  for (const r of feedback.rows) {
    const v = get(r.variant);
    v.feedback = r.count;
    v.counters = countersOf(r);
    if (feature !== undefined || source === 'prompt') v.feedbackUsers = r.feedback_users;
  }
  if (variants.size === 0) return undefined;

  const sorted = [...variants.values()].sort((a, b) => (a.variant < b.variant ? -1 : 1));
  const control = chooseControl(sorted.map((v) => v.variant), options.control);
  const arm = (v: VariantData): Arm => ({
    label: `variant "${v.variant}"`,
    counters: v.counters,
    users: { exposed: v.exposedUsers, gaveFeedback: v.feedbackUsers },
  });
  const controlData = variants.get(control)!;
  const treatments = sorted.filter((v) => v.variant !== control);
  const comparisons = compareArms({ ...arm(controlData), label: `the control "${control}"` }, treatments.map(arm), options.minCount);

  return {
    experiment,
    feature: feature ?? null,
    control,
    minCount: options.minCount,
    source,
    selfSelected: source === 'all',
    variants: sorted.map((v) => {
      const rate = summarizeProportion(rateCounts({ exposed: v.exposedUsers, gaveFeedback: v.feedbackUsers }));
      return {
        variant: v.variant,
        exposures: v.exposures,
        exposedUsers: v.exposedUsers,
        feedbackUsers: v.feedbackUsers,
        feedback: v.feedback,
        feedbackRate: { count: rate.n, positive: rate.successes, rate: rate.proportion, ci: rate.ci },
        ratings: scaleStatistics(v.counters),
      };
    }),
    srm: srm(sorted, options.weights),
    comparisons: treatments.map((v, i) => ({ variant: v.variant, metrics: comparisons[i] ?? [] })),
  };
}

type FeedbackRow = Record<string, unknown> & { variant: string; count: number; feedback_users: number };

/**
 * Feedback answering a prompt, per variant of the experiment, from the raw rows: the rollups have
 * no source dimension. Bounded by the project's prompted feedback (index feedback_prompt). Its
 * feedback_users are the distinct users with prompted feedback in the range.
 */
function promptedFeedback(db: Kysely<Database>, projectId: string, experiment: string, options: ExperimentOptions) {
  const { range, feature } = options;
  const day = sql`(f.occurred_at at time zone 'UTC')::date`;
  return sql<FeedbackRow>`
    select f.experiments ->> ${experiment} as variant, count(*)::float8 as count,
      count(distinct f.anonymous_id)::float8 as feedback_users, ${countHistogram('f')}
    from feedback f
    where f.project_id = ${projectId} and f.prompt_id is not null and f.experiments ->> ${experiment} is not null
      and ${range.fromDay === undefined ? sql`true` : sql`${day} >= ${range.fromDay}::date`}
      and ${range.toDay === undefined ? sql`true` : sql`${day} < ${range.toDay}::date`}
      and ${feature === undefined ? sql`true` : sql`f.feature = ${feature}`}
    group by 1`.execute(db);
}

/** The requested control, else "control", else the first variant by name. */
export function chooseControl(variants: readonly string[], requested: string | undefined): string {
  if (requested !== undefined) {
    if (!variants.includes(requested)) {
      throw new HttpError(400, 'invalid_query', `control "${requested}" is not a variant of this experiment (${variants.join(', ')})`);
    }
    return requested;
  }
  return variants.includes('control') ? 'control' : variants[0]!;
}

/**
 * SRM on exposed users (the units assigned), over the variants with exposures, or those named in
 * the weights ("a:1,b:1"; a variant with no exposures then counts as 0).
 */
function srm(variants: readonly VariantData[], weightsParam: string | undefined) {
  let names = variants.filter((v) => v.exposedUsers > 0).map((v) => v.variant);
  let weights: number[] | undefined;
  if (weightsParam) {
    const pairs = weightsParam.split(',').map((pair) => {
      const at = pair.lastIndexOf(':');
      const weight = Number(pair.slice(at + 1));
      if (at <= 0 || !Number.isFinite(weight) || weight < 0) {
        throw new HttpError(400, 'invalid_query', `weights: "${pair}" is not variant:weight`);
      }
      return [pair.slice(0, at), weight] as const;
    });
    if (!pairs.some(([, w]) => w > 0)) throw new HttpError(400, 'invalid_query', 'weights: at least one weight must be positive');
    names = pairs.map(([name]) => name);
    weights = pairs.map(([, w]) => w);
  }
  const observed = names.map((name) => variants.find((v) => v.variant === name)?.exposedUsers ?? 0);
  if (names.length === 0) return { variants: [], observed: [], expected: [], chiSquare: null, df: null, pValue: null, flagged: false };
  const result = sampleRatioMismatch(observed, weights ? { weights } : {});
  return {
    variants: names,
    observed,
    expected: [...result.expected],
    chiSquare: result.chiSquare,
    df: result.df,
    pValue: result.pValue,
    flagged: result.flagged,
  };
}
