import { sql, type Kysely } from 'kysely';

/**
 * Mail (issue 15): per-project mail settings, an outbox written in the transaction of the change
 * that causes a mail (kind, recipient, payload, a dedupe key and not_before for coalescing), its
 * delivery attempts, and the unsubscribe list (keyed by an HMAC of the address, not the address).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table mail_settings (
      project_id uuid primary key references projects (id) on delete cascade,
      -- The statuses whose reaching is told to the submitter.
      notify_statuses text[] not null default '{planned,done}',
      -- The link each submitter mail carries (null: none).
      reply_link text,
      -- HMAC key of the unsubscribe tokens and of the list's address hashes.
      secret text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table mail_outbox (
      project_id uuid not null references projects (id) on delete cascade,
      id uuid not null,
      kind text not null,
      -- Lower case; erasure finds rows by it (and by feedback_id).
      recipient text not null,
      locale text not null default 'en',
      feedback_id uuid,
      -- At most one pending mail per key (e.g. one item's submitter): later changes join it.
      dedupe_key text,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'cancelled')),
      attempts integer not null default 0,
      -- Not sent before: the coalescing window, then the retry backoff, or a sending lease.
      not_before timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sent_at timestamptz,
      last_error text,
      constraint mail_outbox_pk primary key (project_id, id)
    )`.execute(db);
  await sql`create index mail_outbox_due on mail_outbox (not_before) where status in ('pending', 'sending')`.execute(db);
  await sql`create unique index mail_outbox_pending on mail_outbox (project_id, dedupe_key) where status = 'pending'`.execute(db);
  await sql`create index mail_outbox_dedupe on mail_outbox (project_id, dedupe_key, sent_at) where dedupe_key is not null`.execute(db);
  await sql`create index mail_outbox_log on mail_outbox (project_id, created_at)`.execute(db);
  await sql`create index mail_outbox_recipient on mail_outbox (project_id, recipient)`.execute(db);
  await sql`create index mail_outbox_feedback on mail_outbox (project_id, feedback_id) where feedback_id is not null`.execute(db);

  await sql`
    create table mail_attempts (
      project_id uuid not null,
      mail_id uuid not null,
      id uuid not null,
      at timestamptz not null default now(),
      -- The SMTP reply code, when the server answered.
      smtp_code integer,
      error text,
      duration_ms integer not null,
      constraint mail_attempts_pk primary key (project_id, mail_id, id),
      constraint mail_attempts_mail_fk foreign key (project_id, mail_id) references mail_outbox (project_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table mail_unsubscribes (
      project_id uuid not null references projects (id) on delete cascade,
      email_hash text not null,
      hint text not null,
      source text not null check (source in ('one-click', 'page')),
      created_at timestamptz not null default now(),
      constraint mail_unsubscribes_pk primary key (project_id, email_hash)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['mail_unsubscribes', 'mail_attempts', 'mail_outbox', 'mail_settings']) await sql`drop table ${sql.table(table)}`.execute(db);
}
