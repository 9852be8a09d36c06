import { FEEDBACK_ITEM_COLUMNS, FEEDBACK_ITEM_TIMES, feedbackItemField } from '../feedback-item.js';
import { LIVE_CHANNEL_PREFIX, LIVE_IDS_PER_NOTICE } from '../live-channel.js';
import { ANY_FEATURE, CATEGORY_COLUMNS, RATING_COLUMNS, ROLLUP_COLUMNS } from '../rollup-columns.js';
import { INGEST_LOCK_SQL } from './locks.js';
import { partOf } from './parts.js';

/*
 * The aggregator's pass: everything derived from raw rows, for the rows stored since the last
 * pass, exactly once. Raw rows fall into parts by a hash of their anonymous id (parts.ts), each
 * part with its own watermark; a pass takes some parts (all of them, or one worker's share), and
 * passes over different parts run at once. One pass is one transaction:
 *
 * 1. Its parts' watermark rows are locked (FOR UPDATE, in part order): passes over the same part
 *    (from two workers or two replicas) run one after the other, each starting from where the
 *    other ended.
 * 2. The window's end is the sequence's last number drawn, read at time T. A flush draws its
 *    numbers while it holds the ingest lock shared (ingest.ts), so every flush that drew a number
 *    up to the end held that lock at T. Taking the lock exclusively (and letting it go at once)
 *    waits for exactly those flushes to commit or roll back. After that no row numbered up to the
 *    end can still appear: none is skipped. (The technique Citus documents for incremental
 *    rollups, with an advisory lock instead of a table lock, so that neither vacuum nor triage
 *    updates on the raw tables wait for it.)
 * 3. The window is the numbers past the lowest of its parts' watermarks up to the end, at most
 *    p_max_rows of them (v_from + p_max_rows: a number is drawn once, for one row). Its rows of
 *    its parts that are past their own part's watermark are folded into first sightings, rollups,
 *    live notices and the webhook outbox. Every row numbered in the window has committed by then
 *    (2.), and rows above the window wait for the next pass, which starts at this window's end.
 * 4. Each of its parts' watermarks moves to the window's end (or stays, if already past it) in the
 *    same transaction: a part's rows are counted if and only if its watermark passes them, so a
 *    crash mid-pass counts nothing, and a replayed pass cannot count them twice.
 * 5. feedloop_aggregator holds the least of the parts' watermarks and times: what every reader
 *    uses (freshness, retention). Its row is locked last, so passes over other parts that
 *    committed before see their parts in its update's snapshot.
 *
 * Passes over different parts never write the same first-sighting rows (those are keyed by the
 * anonymous id, so by part); the rollup rows they share are additive upserts, commutative, each
 * in key order and in one fixed table order, so two passes wait for each other there but never
 * deadlock. services/rollups/verify.ts recounts every aggregate from the raw rows each part's
 * watermark has passed, by the same rules. The column lists are built from db/rollup-columns.ts
 * and db/feedback-item.ts, so this SQL and the TypeScript that reads the rollups and shows
 * feedback cannot disagree.
 */

const day = (column: string) => `(${column} at time zone 'UTC')::date`;
const iso = (value: string) => `to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `count(*) filter (...)` for every counter column, over feedback rows aliased `f`. */
const counters = [
  ...RATING_COLUMNS.map(({ scale, value }) => `count(*) filter (where f.rating_scale = '${scale}' and f.rating_value = ${value})`),
  ...CATEGORY_COLUMNS.map(({ category }) => `count(*) filter (where f.category = '${category}')`),
];
const rollupList = ROLLUP_COLUMNS.join(', ');
const added = (columns: readonly string[]) => columns.map((c) => `${c} = d.${c} + excluded.${c}`).join(',\n      ');

const TIMES: ReadonlySet<string> = new Set(FEEDBACK_ITEM_TIMES);
/** The feedback item of a stored row `f` as JSON: what services/feedback/item.ts shows of the same row. */
const feedbackItemJson = `json_build_object(\n      ${FEEDBACK_ITEM_COLUMNS.filter((c) => c !== 'rating_value')
  .map((c) => {
    const value =
      c === 'rating_scale'
        ? `case when f.rating_scale is null or f.rating_value is null then null
                     else json_build_object('scale', f.rating_scale, 'value', f.rating_value) end`
        : TIMES.has(c) ? iso(`f.${c}`) : `f.${c}`;
    return `'${feedbackItemField(c)}', ${value}`;
  })
  .join(',\n      ')})`;

/**
 * `feedloop_aggregate(max_rows)`: one pass; the rows it folded in, the new watermark, its time,
 * and whether rows past it were already there (the backlog was larger than one pass).
 */
export const aggregate = `
create or replace function feedloop_aggregate(p_max_rows integer, p_worker integer default 0, p_workers integer default 1)
returns table (rows integer, last_seq bigint, as_of timestamptz, more boolean)
language plpgsql volatile
-- Every join in here looks up a batch's keys in a big table: index probes, never a scan of the
-- table into a hash (the planner can't know how few rows unnest() and jsonb_each_text() give).
set enable_hashjoin = off set enable_mergejoin = off
-- The generic plan cannot know how narrow the window (seq between two parameters) is: never a
-- scan of a whole raw table for it.
set enable_seqscan = off
-- That makes every scan of a small table (the parts, a sequence, webhooks) look costly enough to
-- be JIT-compiled, which takes tens of milliseconds per statement, every pass: no JIT.
set jit = off
set plan_cache_mode = force_generic_plan
as $fn$
#variable_conflict use_column
declare
  v_parts integer;
  v_part integer;
  v_mark bigint;
  v_marks bigint[];
  v_from bigint;
  v_to bigint;
  v_end bigint;
  v_at timestamptz;
  v_lock_timeout text;
  new_fb feedback[];
  new_ex exposures[];
  moves feedloop_first_seen_move[];
  moved feedloop_first_seen_move[];
begin
  -- 1. One pass at a time per part, from the part's watermark: this worker's parts (those whose
  --    number is p_worker modulo p_workers) are locked, in order. v_marks[part + 1] is a part's
  --    watermark; null for the other workers' parts, whose rows this pass does not take.
  select count(*) into v_parts from feedloop_aggregator_parts;
  v_marks := array_fill(null::bigint, array[v_parts]);
  for v_part, v_mark in
    select p.part, p.last_seq from feedloop_aggregator_parts p where p.part % p_workers = p_worker order by p.part for update
  loop
    v_marks[v_part + 1] := v_mark;
    v_from := least(v_from, v_mark);
  end loop;
  if v_from is null then
    -- More workers than parts: this one has none.
    return query select 0, 0::bigint, clock_timestamp(), false;
    return;
  end if;

  -- 2. The window's end, and the wait for every flush that may still write below it.
  v_at := clock_timestamp();
  select case when s.is_called then s.last_value else 0 end into v_end from feedloop_ingest_seq s;
  -- Nothing drawn past the watermark: nothing to do (readers take the time as now, see
  -- services/rollups/freshness.ts), and nothing written.
  if v_end <= v_from then
    return query select 0, v_from, v_at, false;
    return;
  end if;
  -- Taken in a subtransaction that is rolled back at once: the lock is held for an instant only,
  -- and can never outlive this statement whatever happens.
  begin
    perform pg_advisory_xact_lock(${INGEST_LOCK_SQL});
    raise sqlstate 'FL001';
  exception when sqlstate 'FL001' then null;
  end;

  -- 3. The window: numbers past the watermark, at most p_max_rows of them. Each number is drawn
  --    once, for one row of one table (a conflict or a rollback leaves a gap, never a duplicate),
  --    so a window of p_max_rows numbers holds at most p_max_rows rows; no row needs reading to
  --    bound it.
  v_to := least(v_end, v_from + p_max_rows);

  -- The seq BRIN indexes find the window only in summarised block ranges (an unsummarised range
  -- always matches): summarise the ranges filled since, so both reads below visit the window's
  -- pages, not every page stored since autovacuum last came by. It takes SHARE UPDATE EXCLUSIVE
  -- on the table: never wait for it (autovacuum may hold it); skipped, the reads stay right, only
  -- slower.
  -- (A failed subtransaction undoes its set_config itself.)
  v_lock_timeout := current_setting('lock_timeout');
  begin
    perform set_config('lock_timeout', '20ms', true);
    perform brin_summarize_new_values('feedback_seq'::regclass), brin_summarize_new_values('exposures_seq'::regclass);
    perform set_config('lock_timeout', v_lock_timeout, true);
  exception when lock_not_available then null;
  end;

  select coalesce(array_agg(f), '{}') into new_fb
  from feedback f where f.seq > v_from and f.seq <= v_to and f.seq > v_marks[1 + ${partOf('f.anonymous_id', 'v_parts')}];
  select coalesce(array_agg(x), '{}') into new_ex
  from exposures x where x.seq > v_from and x.seq <= v_to and x.seq > v_marks[1 + ${partOf('x.anonymous_id', 'v_parts')}];

  -- 3a. First sightings: a new user counts on the day of their first event; a known user seen
  --    earlier than recorded (events arrive out of order) moves back, and their count with them.
  --    Most sightings are of users already known since earlier: a read-only probe drops them
  --    (a concurrent writer can only move a row earlier, so dropping stays right). The rest go
  --    to one upsert, whose prev_first_at hands back the day a moved user leaves (RETURNING
  --    shows only the new row).
  with s as (
    select e.project_id, e.experiment, e.variant, e.anonymous_id, min(e.occurred_at) as at
    from unnest(new_ex) e group by 1, 2, 3, 4
  ), seen as (
    insert into exposed_users as t (project_id, experiment, variant, anonymous_id, first_at)
    select s.* from s
    where not exists (select from exposed_users k
                      where (k.project_id, k.experiment, k.variant, k.anonymous_id) = (s.project_id, s.experiment, s.variant, s.anonymous_id)
                        and k.first_at <= s.at)
    order by 1, 2, 3, 4
    on conflict (project_id, experiment, variant, anonymous_id) do update
      set prev_first_at = t.first_at, first_at = excluded.first_at
      where excluded.first_at < t.first_at
    returning t.project_id, t.experiment, t.variant, t.first_at, t.prev_first_at, t.xmax = 0 as added
  )
  select coalesce(array_agg(row('x', a.project_id, a.experiment, a.variant, null,
           case when a.added then null else ${day('a.prev_first_at')} end, ${day('a.first_at')})::feedloop_first_seen_move), '{}')
  into moves from seen a;

  -- Feedback counts once per feature and once for "any feature" ('${ANY_FEATURE}') in each variant.
  -- A user whose row for this feature is already at or before the event needs nothing for "any
  -- feature" either: that row's first_at is the earliest of all their features. So "any feature"
  -- is probed only for the users whose feature row is missing or later, with the earliest such
  -- event of theirs; the batch's earlier events on features already recorded had met an earlier
  -- row, which bounds "any feature" too. One index probe per event and experiment.
  with s as (
    select f.project_id, e.key as experiment, e.value as variant, f.feature, f.anonymous_id, min(f.occurred_at) as at
    from unnest(new_fb) f cross join lateral jsonb_each_text(f.experiments) e
    group by 1, 2, 3, 4, 5
  ), need as (
    select s.* from s
    where not exists (select from feedback_users k
                      where (k.project_id, k.experiment, k.variant, k.feature, k.anonymous_id)
                          = (s.project_id, s.experiment, s.variant, s.feature, s.anonymous_id)
                        and k.first_at <= s.at)
  ), need_any as (
    select n.project_id, n.experiment, n.variant, '${ANY_FEATURE}'::text as feature, n.anonymous_id, min(n.at) as at
    from need n group by 1, 2, 3, 5
  ), candidates as (
    select * from need
    union all
    select a.* from need_any a
    where not exists (select from feedback_users k
                      where (k.project_id, k.experiment, k.variant, k.feature, k.anonymous_id)
                          = (a.project_id, a.experiment, a.variant, a.feature, a.anonymous_id)
                        and k.first_at <= a.at)
  ), seen as (
    insert into feedback_users as t (project_id, experiment, variant, feature, anonymous_id, first_at)
    select c.* from candidates c
    order by 1, 2, 3, 4, 5
    on conflict (project_id, experiment, variant, feature, anonymous_id) do update
      set prev_first_at = t.first_at, first_at = excluded.first_at
      where excluded.first_at < t.first_at
    returning t.project_id, t.experiment, t.variant, t.feature, t.first_at, t.prev_first_at, t.xmax = 0 as added
  )
  select coalesce(array_agg(row('f', a.project_id, a.experiment, a.variant, a.feature,
           case when a.added then null else ${day('a.prev_first_at')} end, ${day('a.first_at')})::feedloop_first_seen_move), '{}')
  into moved from seen a;
  moves := moves || moved;

  -- 3b. Rollups, in a fixed table order; each upsert's rows in key order.
  insert into feature_daily as d (project_id, feature, day, count, comments, last_at, ${rollupList})
  select f.project_id, f.feature, ${day('f.occurred_at')}, count(*), count(f.comment), max(f.occurred_at),
    ${counters.join(',\n    ')}
  from unnest(new_fb) f
  group by 1, 2, 3 order by 1, 2, 3
  on conflict (project_id, feature, day) do update set
      ${added(['count', 'comments', ...ROLLUP_COLUMNS])},
      last_at = greatest(d.last_at, excluded.last_at);

  insert into variant_feature_daily as d (project_id, experiment, variant, feature, day, count, comments, feedback_users, last_at, ${rollupList})
  select project_id, experiment, variant, feature, day, sum(count), sum(comments), sum(users),
    -- A bucket only touched by a user moving out of it exists already: greatest() keeps its time.
    coalesce(max(last_at), 'epoch'), ${ROLLUP_COLUMNS.map((c) => `sum(${c})`).join(', ')}
  from (
    select f.project_id, e.key as experiment, e.value as variant, f.feature, ${day('f.occurred_at')} as day,
      count(*) as count, count(f.comment) as comments, 0 as users, max(f.occurred_at) as last_at,
      ${counters.map((h, i) => `${h} as ${ROLLUP_COLUMNS[i]}`).join(',\n      ')}
    from unnest(new_fb) f cross join lateral jsonb_each_text(f.experiments) e
    group by 1, 2, 3, 4, 5
    union all
    select m.project_id, m.experiment, m.variant, m.feature, d.day, 0, 0, d.users, null, ${ROLLUP_COLUMNS.map(() => '0').join(', ')}
    from unnest(moves) m cross join lateral (values (m.to_day, 1), (m.from_day, -1)) d(day, users)
    where m.kind = 'f' and m.feature <> '${ANY_FEATURE}' and d.day is not null
  ) b
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (project_id, experiment, variant, feature, day) do update set
      ${added(['count', 'comments', 'feedback_users', ...ROLLUP_COLUMNS])},
      last_at = greatest(d.last_at, excluded.last_at);

  insert into variant_daily as d (project_id, experiment, variant, day, exposures, exposed_users, feedback_users)
  select project_id, experiment, variant, day, sum(exposures), sum(exposed), sum(feedback)
  from (
    select x.project_id, x.experiment, x.variant, ${day('x.occurred_at')} as day, count(*) as exposures, 0 as exposed, 0 as feedback
    from unnest(new_ex) x group by 1, 2, 3, 4
    union all
    select m.project_id, m.experiment, m.variant, d.day, 0,
      case when m.kind = 'x' then d.users else 0 end, case when m.kind = 'f' then d.users else 0 end
    from unnest(moves) m cross join lateral (values (m.to_day, 1), (m.from_day, -1)) d(day, users)
    where (m.kind = 'x' or m.feature = '${ANY_FEATURE}') and d.day is not null
  ) b
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (project_id, experiment, variant, day) do update set
      ${added(['exposures', 'exposed_users', 'feedback_users'])};

  -- 3c. Live stream and webhook outbox: they happen if and only if this transaction commits.
  --    Notices carry ids only (a payload is limited to 8,000 bytes).
  perform pg_notify('${LIVE_CHANNEL_PREFIX}' || current_schema(),
                    json_build_object('e', 'feedback.created', 'p', c.project_id, 'ids', c.ids)::text)
  from (
    select n.project_id, json_agg(n.id order by n.id) as ids
    from (select f.project_id, f.id, (row_number() over (partition by f.project_id order by f.id) - 1) / ${LIVE_IDS_PER_NOTICE} as chunk
          from unnest(new_fb) f) n
    group by n.project_id, n.chunk
  ) c;

  -- A webhook gets the feedback stored since it was made (not what waited for this pass before).
  if exists (select 1 from webhooks w
             where w.project_id in (select distinct f.project_id from unnest(new_fb) f)
               and w.active and 'feedback.created' = any(w.events)) then
    with ev as materialized (
      select f.*, gen_random_uuid() as event_id from unnest(new_fb) f
    )
    insert into webhook_deliveries (project_id, id, webhook_id, event, event_id, payload)
    select f.project_id, gen_random_uuid(), w.id, 'feedback.created', f.event_id,
      json_build_object('id', f.event_id, 'type', 'feedback.created', 'createdAt', ${iso('now()')},
                        'projectId', f.project_id, 'data', json_build_object('feedback', ${feedbackItemJson}))::jsonb
    from ev f join webhooks w
      on w.project_id = f.project_id and w.active and 'feedback.created' = any(w.events) and w.created_at <= f.received_at
    order by f.project_id, f.id, w.id;
  end if;


  -- 5. The watermarks. This worker's parts: every row of theirs up to v_to is in (a part already
  --    past v_to stays where it is). A part's time is T only when the window reached the end
  --    read at T (every event of the part acknowledged before T is in); otherwise it stays.
  update feedloop_aggregator_parts p
  set last_seq = greatest(p.last_seq, v_to),
      as_of = case when v_to = v_end and p.last_seq <= v_to then greatest(p.as_of, v_at) else p.as_of end
  where p.part % p_workers = p_worker;
  -- The watermark readers use (freshness, retention, verify's "rows waiting") is the least of the
  -- parts'. Its row is locked before the parts are read: a concurrent pass of other parts that
  -- locked it first has committed by then, and this statement's snapshot sees its parts.
  perform 1 from feedloop_aggregator a where a.id = 1 for update;
  update feedloop_aggregator a
  set last_seq = m.last_seq, as_of = m.as_of, passes = a.passes + 1
  from (select min(p.last_seq) as last_seq, min(p.as_of) as as_of from feedloop_aggregator_parts p) m
  where a.id = 1
  returning a.last_seq, a.as_of into v_mark, v_at;
  return query select cardinality(new_fb) + cardinality(new_ex), v_mark, v_at, v_to < v_end;
end
$fn$`;
