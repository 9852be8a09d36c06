import { INGEST_LOCK_SQL } from './locks.js';

/*
 * The hot path: one flush of the group commit is this one statement, committed synchronously
 * before any of its events is acknowledged. It stores the raw rows, idempotently by (project,
 * id), and nothing else: the aggregator (aggregate.ts) derives everything else afterwards.
 * Each row takes its number from feedloop_ingest_seq (the column's default) while the flush
 * holds the ingest lock shared: that is what lets the aggregator know when every number below
 * a point has been committed or abandoned.
 */

const EVENT_COLUMNS = `project_id uuid, id uuid, occurred_at timestamptz, received_at timestamptz, anonymous_id text,
      user_id text, session_id text, url text, experiments text, app_version text, locale text`;
const EVENT_VALUES = `r.project_id, r.id, r.occurred_at, r.received_at, r.anonymous_id, r.user_id, r.session_id, r.url,
      r.experiments::jsonb, r.app_version, r.locale`;
const EVENT_NAMES = `project_id, id, occurred_at, received_at, anonymous_id, user_id, session_id, url, experiments, app_version, locale`;

/** `feedloop_ingest(feedback, exposures, prompt_events)`: the (project_id, id) of the rows really inserted. */
export const ingest = `
create or replace function feedloop_ingest(p_feedback json, p_exposures json, p_prompt_events json)
returns table (project_id uuid, id uuid)
language plpgsql volatile
set plan_cache_mode = force_generic_plan
as $fn$
#variable_conflict use_column
begin
  -- Before any number is drawn (see aggregate.ts); released at commit.
  perform pg_advisory_xact_lock_shared(${INGEST_LOCK_SQL});

  -- A conflict is a retry of a stored event: not inserted again. Rows in key order: concurrent
  -- flushes with overlapping ids wait on each other instead of deadlocking.
  return query
  with fb as (
    insert into feedback as t (${EVENT_NAMES},
      feature, rating_scale, rating_value, comment, category, email, metadata, prompt_id)
    select ${EVENT_VALUES},
      r.feature, r.rating_scale, r.rating_value, r.comment, r.category, r.email, r.metadata::jsonb, r.prompt_id
    from json_to_recordset(p_feedback) as r(${EVENT_COLUMNS},
      feature text, rating_scale text, rating_value smallint, comment text, category text, email text, metadata text, prompt_id uuid)
    order by r.project_id, r.id
    on conflict (project_id, id) do nothing
    returning t.project_id, t.id
  ), ex as (
    insert into exposures as t (${EVENT_NAMES}, experiment, variant)
    select ${EVENT_VALUES}, r.experiment, r.variant
    from json_to_recordset(p_exposures) as r(${EVENT_COLUMNS}, experiment text, variant text)
    order by r.project_id, r.id
    on conflict (project_id, id) do nothing
    returning t.project_id, t.id
  ), pe as (
    -- Raw only, without a sequence number: nothing is aggregated from them (migration 0016).
    insert into prompt_events as t (${EVENT_NAMES}, type, prompt_id, feature)
    select ${EVENT_VALUES}, r.type, r.prompt_id, r.feature
    from json_to_recordset(p_prompt_events) as r(${EVENT_COLUMNS}, type text, prompt_id uuid, feature text)
    order by r.project_id, r.id
    on conflict (project_id, id) do nothing
    returning t.project_id, t.id
  )
  select * from fb union all select * from ex union all select * from pe;
end
$fn$`;
