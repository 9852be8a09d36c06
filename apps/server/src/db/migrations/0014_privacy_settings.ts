import { sql, type Kysely } from 'kysely';

/**
 * A project's privacy settings (what ingest scrubs beyond its defaults), as one JSON document:
 * `{}` means the defaults, and a setting added later reads as its default where it is missing.
 * `privacy_updated_at` says from when events were scrubbed with the current settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table projects add column privacy jsonb not null default '{}'::jsonb`.execute(db);
  await sql`alter table projects add column privacy_updated_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table projects drop column privacy_updated_at`.execute(db);
  await sql`alter table projects drop column privacy`.execute(db);
}
