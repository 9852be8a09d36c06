import { sql, type Kysely } from 'kysely';

/**
 * Prompts (docs/prompts.md): their definitions, the raw prompt_shown / prompt_dismissed events,
 * and the prompt a feedback event answers.
 *
 * prompt_events are raw rows like feedback and exposures, stored by feedloop_ingest (which gains
 * a third argument, so the two-argument routine is dropped here; db/functions re-creates it).
 * They carry no ingest sequence number: no aggregate is derived from them; a prompt's results
 * are computed from them at query time, by (project, prompt), hence the indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table prompts (
      project_id uuid not null references projects (id) on delete cascade,
      id uuid not null,
      name text not null,
      feature text not null,
      scale text not null check (scale in ('thumbs', 'stars', 'emoji', 'nps')),
      comment boolean not null default false,
      question jsonb not null,
      default_locale text not null default 'en',
      -- The definition's "when", "who" and "frequency" objects, as the API has them.
      trigger jsonb not null,
      audience jsonb not null,
      frequency jsonb not null,
      status text not null default 'active' check (status in ('active', 'paused')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint prompts_pk primary key (project_id, id)
    )`.execute(db);

  await sql`
    create table prompt_events (
      project_id uuid not null,
      id uuid not null,
      type text not null check (type in ('prompt_shown', 'prompt_dismissed')),
      prompt_id uuid not null,
      feature text not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null,
      anonymous_id text not null,
      user_id text,
      session_id text,
      url text,
      experiments jsonb not null default '{}',
      app_version text,
      locale text,
      constraint prompt_events_pk primary key (project_id, id)
    )`.execute(db);
  await sql`create index prompt_events_prompt on prompt_events (project_id, prompt_id, anonymous_id)`.execute(db);
  await sql`create index prompt_events_received_brin on prompt_events using brin (received_at)`.execute(db);

  await sql`alter table feedback add column prompt_id uuid`.execute(db);
  await sql`create index feedback_prompt on feedback (project_id, prompt_id, anonymous_id) where prompt_id is not null`.execute(db);

  await sql`drop function if exists feedloop_ingest(json, json)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists feedloop_ingest(json, json, json)`.execute(db);
  await sql`drop index feedback_prompt`.execute(db);
  await sql`alter table feedback drop column prompt_id`.execute(db);
  await sql`drop table prompt_events`.execute(db);
  await sql`drop table prompts`.execute(db);
}
