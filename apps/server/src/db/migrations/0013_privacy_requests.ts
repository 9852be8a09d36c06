import { sql, type Kysely } from 'kysely';

/**
 * Erasure and access requests of one person (issue 14).
 *
 * - The raw tables and the first-sighting tables are found by the person's identifiers: an
 *   erasure, an export or a filtered list reads an index range, never a scan of a project's
 *   events (it runs while the aggregator waits for it). Emails are compared lower-cased.
 * - privacy_erasures: one receipt per erasure: when, by whom, a salted hash of each identifier
 *   named (never the identifier), and what was deleted.
 * - feedloop_secrets: the instance's own random secrets by name (the salt of those hashes),
 *   made on first use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index feedback_anonymous on feedback (project_id, anonymous_id)`.execute(db);
  await sql`create index feedback_user on feedback (project_id, user_id) where user_id is not null`.execute(db);
  await sql`create index feedback_email on feedback (project_id, lower(email)) where email is not null`.execute(db);
  await sql`create index exposures_anonymous on exposures (project_id, anonymous_id)`.execute(db);
  await sql`create index exposures_user on exposures (project_id, user_id) where user_id is not null`.execute(db);
  await sql`create index exposed_users_anonymous on exposed_users (project_id, anonymous_id)`.execute(db);
  await sql`create index feedback_users_anonymous on feedback_users (project_id, anonymous_id)`.execute(db);

  await sql`
    create table privacy_erasures (
      project_id uuid not null references projects (id) on delete cascade,
      id uuid not null,
      at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('user', 'token', 'key', 'operator', 'anonymous')),
      actor_id text,
      actor_label text,
      -- One per identifier named: 'userId:' || hex HMAC-SHA-256 (keyed by the instance's salt).
      identifier_hashes text[] not null,
      counts jsonb not null,
      constraint privacy_erasures_pk primary key (project_id, id)
    )`.execute(db);
  await sql`create index privacy_erasures_at on privacy_erasures (at)`.execute(db);

  await sql`create table feedloop_secrets (name text primary key, value text not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table feedloop_secrets`.execute(db);
  await sql`drop table privacy_erasures`.execute(db);
  for (const index of [
    'feedback_users_anonymous',
    'exposed_users_anonymous',
    'exposures_user',
    'exposures_anonymous',
    'feedback_email',
    'feedback_user',
    'feedback_anonymous',
  ]) {
    await sql`drop index ${sql.id(index)}`.execute(db);
  }
}
