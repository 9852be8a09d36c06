import { sql, type Kysely } from 'kysely';
import { RATING_SCALES, type PromptFigures, type PromptResultsResponse } from '@feedloop/protocol';
import { summarizeProportion } from '../../stats/index.js';
import { ratingColumn } from '../../db/rollup-columns.js';
import type { Database } from '../../db/schema.js';
import { compareArms, rateCounts, type Arm } from '../rollups/compare-arms.js';
import { emptyCounters, type Counters } from '../rollups/counters.js';
import { scaleStatistics } from '../rollups/scale-statistics.js';
import { findPrompt } from './prompts.js';

export interface ResultsOptions {
  from?: Date | undefined;
  to?: Date | undefined;
  minCount: number;
  control?: string | undefined;
}

/** What a group of users did with the prompt, summed (rating histogram by value). */
interface Tally {
  displays: number;
  displayedUsers: number;
  dismissals: number;
  dismissedUsers: number;
  responses: number;
  respondents: number;
  ratings: Map<number, number>;
}

const emptyTally = (): Tally => ({ displays: 0, displayedUsers: 0, dismissals: 0, dismissedUsers: 0, responses: 0, respondents: 0, ratings: new Map() });

interface CohortRow {
  day: string;
  experiments: Record<string, string> | string | null;
  users: number;
  displays: number;
  dismissals: number;
  dismissed_users: number;
  responses: number;
  respondents: number;
}

interface RatingRow {
  day: string;
  experiments: Record<string, string> | string | null;
  value: number;
  n: number;
}

/**
 * A prompt's results, from the raw rows at query time (indexes prompt_events_prompt and
 * feedback_prompt: the cost follows this prompt's events, not the project's). Users are counted
 * by their first display (its UTC day, its variants) with everything they did with the prompt:
 * displays, dismissals, answers (feedback carrying the prompt id). So a group's response rate and
 * its ratings come from the same users, and the variants are those the user was in when first
 * shown the prompt, which sampling does not depend on. undefined when there is no such prompt.
 */
export async function promptResults(
  db: Kysely<Database>,
  projectId: string,
  promptId: string,
  options: ResultsOptions,
): Promise<PromptResultsResponse | undefined> {
  const prompt = await findPrompt(db, projectId, promptId);
  if (!prompt) return undefined;
  const id = prompt.id;
  const shown = sql`
    shown as (
      select anonymous_id, min(occurred_at) as first_at, count(*) as displays,
        (array_agg(experiments order by occurred_at, id))[1] as experiments
      from prompt_events
      where project_id = ${projectId} and prompt_id = ${id} and type = 'prompt_shown'
      group by anonymous_id
      having ${options.from ? sql`min(occurred_at) >= ${options.from}` : sql`true`}
        and ${options.to ? sql`min(occurred_at) < ${options.to}` : sql`true`}
    )`;
  const day = sql`to_char(s.first_at at time zone 'UTC', 'YYYY-MM-DD')`;

  const cohorts = await sql<CohortRow>`
    with ${shown},
    dismissed as (
      select anonymous_id, count(*) as dismissals from prompt_events
      where project_id = ${projectId} and prompt_id = ${id} and type = 'prompt_dismissed'
      group by anonymous_id
    ),
    answered as (
      select anonymous_id, count(*) as responses from feedback
      where project_id = ${projectId} and prompt_id = ${id}
      group by anonymous_id
    )
    select ${day} as day, s.experiments, count(*)::float8 as users, sum(s.displays)::float8 as displays,
      coalesce(sum(d.dismissals), 0)::float8 as dismissals, count(d.anonymous_id)::float8 as dismissed_users,
      coalesce(sum(a.responses), 0)::float8 as responses, count(a.anonymous_id)::float8 as respondents
    from shown s
      left join dismissed d on d.anonymous_id = s.anonymous_id
      left join answered a on a.anonymous_id = s.anonymous_id
    group by 1, 2`.execute(db);

  const ratings = await sql<RatingRow>`
    with ${shown}
    select ${day} as day, s.experiments, f.rating_value::int as value, count(*)::float8 as n
    from shown s
      join feedback f on f.project_id = ${projectId} and f.prompt_id = ${id} and f.anonymous_id = s.anonymous_id
    where f.rating_scale = ${prompt.scale}
    group by 1, 2, 3`.execute(db);

  const unmatched = await sql<{ n: number }>`
    with ${shown}
    select count(*)::float8 as n from feedback f
    where f.project_id = ${projectId} and f.prompt_id = ${id}
      and not exists (select from shown s where s.anonymous_id = f.anonymous_id)`.execute(db);

  // Fold the (day, variants) groups into overall, per day and per variant of each experiment.
  const overall = emptyTally();
  const days = new Map<string, Tally>();
  const experiments = new Map<string, Map<string, Tally>>();
  const targets = (row: { day: string; experiments: CohortRow['experiments'] }): Tally[] => {
    const list = [overall, getOr(days, row.day, emptyTally)];
    for (const [experiment, variant] of Object.entries(parseExperiments(row.experiments))) {
      list.push(getOr(getOr(experiments, experiment, () => new Map<string, Tally>()), variant, emptyTally));
    }
    return list;
  };
  for (const row of cohorts.rows) {
    for (const t of targets(row)) {
      t.displays += row.displays;
      t.displayedUsers += row.users;
      t.dismissals += row.dismissals;
      t.dismissedUsers += row.dismissed_users;
      t.responses += row.responses;
      t.respondents += row.respondents;
    }
  }
  for (const row of ratings.rows) {
    for (const t of targets(row)) t.ratings.set(row.value, (t.ratings.get(row.value) ?? 0) + row.n);
  }

  const scale = prompt.scale;
  const countersOf = (t: Tally): Counters => {
    const counters = emptyCounters();
    const { min, max } = RATING_SCALES[scale];
    for (let v = min; v <= max; v++) counters[ratingColumn(scale, v)] = t.ratings.get(v) ?? 0;
    return counters;
  };
  const figures = (t: Tally): PromptFigures => {
    const rate = summarizeProportion(rateCounts({ exposed: t.displayedUsers, gaveFeedback: t.respondents }));
    const { min, max } = RATING_SCALES[scale];
    const distribution: Record<string, number> = {};
    for (let v = min; v <= max; v++) distribution[String(v)] = t.ratings.get(v) ?? 0;
    return {
      displays: t.displays,
      displayedUsers: t.displayedUsers,
      dismissals: t.dismissals,
      dismissedUsers: t.dismissedUsers,
      responses: t.responses,
      respondents: t.respondents,
      responseRate: { count: rate.n, positive: rate.successes, rate: rate.proportion, ci: rate.ci },
      ratings: scaleStatistics(countersOf(t)),
      distribution,
    };
  };

  return {
    prompt: { id, name: prompt.name, feature: prompt.feature, scale, status: prompt.status },
    minCount: options.minCount,
    overall: figures(overall),
    days: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, t]) => ({ day: d, ...figures(t) })),
    experiments: [...experiments.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([experiment, byVariant]) => {
        const variants = [...byVariant.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
        const names = variants.map(([v]) => v);
        const control =
          options.control !== undefined && names.includes(options.control) ? options.control : names.includes('control') ? 'control' : names[0]!;
        const arm = (variant: string, t: Tally, label = `variant "${variant}"`): Arm => ({
          label,
          counters: countersOf(t),
          users: { exposed: t.displayedUsers, gaveFeedback: t.respondents },
        });
        const treatments = variants.filter(([v]) => v !== control);
        const comparisons = compareArms(
          arm(control, byVariant.get(control)!, `the control "${control}"`),
          treatments.map(([v, t]) => arm(v, t)),
          options.minCount,
          { feedbackRate: 'the response rate' },
        );
        return {
          experiment,
          control,
          variants: variants.map(([variant, t]) => ({ variant, ...figures(t) })),
          comparisons: treatments.map(([variant], i) => ({ variant, metrics: comparisons[i] ?? [] })),
        };
      }),
    responsesWithoutDisplay: unmatched.rows[0]?.n ?? 0,
  };
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** jsonb arrives parsed from both drivers; tolerate text. */
function parseExperiments(value: CohortRow['experiments']): Record<string, string> {
  if (value === null) return {};
  return typeof value === 'string' ? (JSON.parse(value) as Record<string, string>) : value;
}
