import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/schema.js';

/**
 * Synthetic project, generated inside PostgreSQL (INSERT … SELECT generate_series, in batches of
 * 500k rows: nothing crosses the wire). Half the events are feedback, half exposures.
 * - 50 features; traffic skewed (feature k gets ∝ the density of 50·u², so feature-0 is busiest).
 * - 90 days, in time order as ingest would append them; recent days busier.
 * - users: events / 20, skewed (a few very active users).
 * - 20 experiments, every third with 3 variants (control, b, c), else 2; a user's variant is a
 *   hash of (user, experiment), so it is stable. Feedback carries the user's variants of the two
 *   experiments running on its feature; variant b of an experiment nudges ratings up.
 * - scale by feature (thumbs, stars, emoji, nps); 85 % rated; 15 % with a comment (some with
 *   commas, quotes and formula-like text); 30 % with a category.
 */
export async function seed(
  db: Kysely<Database>,
  projectId: string,
  events: number,
  log: (line: string) => void,
  // The export benchmark wants feedback only (default: half and half).
  split: { feedback: number; exposures: number } = { feedback: Math.round(events / 2), exposures: events - Math.round(events / 2) },
): Promise<void> {
  const users = Math.max(100, Math.round(events / 20));
  const { feedback, exposures } = split;
  const batch = 500_000;
  const variant = (user: string, experiment: string) =>
    sql`(array['control', 'b', 'c'])[1 + abs(hashtext(${sql.raw(user)} || ':' || ${sql.raw(experiment)})) % (case when ${sql.raw(experiment)} % 3 = 0 then 3 else 2 end)]`;

  // Rows arrive in time order (as ingest appends them), denser in recent days, a few minutes of
  // clock jitter; over the last 90 days up to today.
  const timeOf = (g: string, total: number) =>
    sql`date_trunc('day', now()) - interval '89 days' + power(${sql.raw(g)}::float8 / ${sql.lit(total)}, 0.6) * interval '90 days' - random() * interval '10 minutes'`;

  await sql`select setseed(0.42)`.execute(db);
  for (let done = 0; done < feedback; done += batch) {
    const n = Math.min(batch, feedback - done);
    await sql`
      insert into feedback (project_id, id, occurred_at, received_at, anonymous_id, session_id, url, experiments,
        app_version, locale, feature, rating_scale, rating_value, comment, category, metadata)
      select ${projectId}::uuid, gen_random_uuid(), ts, ts + interval '2 seconds', u, 's' || (g % 1000), 'https://shop.example.com/' || f,
        jsonb_build_object('exp-' || e1, v1, 'exp-' || e2, v2), '2.' || (g % 7), 'en-US', 'feature-' || f,
        case when rated then scale end,
        case when not rated then null
             when scale = 'thumbs' then (r < 0.6)::int
             when scale = 'nps' then least(10, floor(11 * power(r, 0.6)))::int
             else 1 + least(4, floor(5 * power(r, 0.7)))::int end,
        case when not rated or c < 0.15 then
          (array['Love it', 'Too slow, please fix', '=SUM(A1:A9)', 'The "Pay" button is hidden', 'Where is dark mode?',
                 'Crashed twice today', '-1 from me', 'Works great on mobile', '@support please call me', 'Confusing'])[1 + (g % 10)] end,
        case when c < 0.3 then (array['bug', 'idea', 'praise', 'question', 'other'])[1 + (g % 5)] end,
        case when g % 10 = 0 then '{"plan": "pro"}'::jsonb end
      from (
        select *, case when v1 = 'b' then power(r0, 0.8) else r0 end as r,
          (array['thumbs', 'stars', 'emoji', 'nps'])[1 + f % 4] as scale
        from (
          select g, f, u, ts, e1, e2, r0, rated, c, ${variant('u', 'e1')} as v1, ${variant('u', 'e2')} as v2
          from (
            select g, f, u, ts, f % 20 as e1, (f + 7) % 20 as e2, random() as r0, random() < 0.85 as rated, random() as c
            from (
              select g, floor(50 * power(random(), 2))::int as f,
                'u' || floor(${sql.lit(users)} * power(random(), 1.5))::int as u,
                ${timeOf('g', feedback)} as ts
              from generate_series(${sql.lit(done + 1)}, ${sql.lit(done + n)}) g
            ) a
          ) b
        ) c
      ) d`.execute(db);
    log(`  feedback ${(done + n).toLocaleString('en')} / ${feedback.toLocaleString('en')}`);
  }
  for (let done = 0; done < exposures; done += batch) {
    const n = Math.min(batch, exposures - done);
    await sql`
      insert into exposures (project_id, id, occurred_at, received_at, anonymous_id, experiments, experiment, variant)
      select ${projectId}::uuid, gen_random_uuid(), ts, ts, u, '{}'::jsonb, 'exp-' || e, ${variant('u', 'e')}
      from (
        select floor(20 * power(random(), 1.3))::int as e,
          'u' || floor(${sql.lit(users)} * power(random(), 1.5))::int as u,
          ${timeOf('g', exposures)} as ts
        from generate_series(${sql.lit(done + 1)}, ${sql.lit(done + n)}) g
      ) a`.execute(db);
    log(`  exposures ${(done + n).toLocaleString('en')} / ${exposures.toLocaleString('en')}`);
  }
}
