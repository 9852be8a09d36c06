import { sql, type Kysely } from 'kysely';

/**
 * Alerts and digests (issue 15, second half): alert rules per project, their open episodes, the
 * alerts fired (with their evidence), members' subscriptions to a rule's mail, each member's
 * mail preferences (locale, time zone, digest schedule and the last period sent), and the
 * keyword check's own watermark over the ingest sequence.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table alert_rules (
      project_id uuid not null references projects (id) on delete cascade,
      id uuid not null,
      name text not null,
      kind text not null check (kind in ('rating_drop', 'negative_spike', 'srm', 'keyword')),
      -- The kind's thresholds and scope (checked by the service).
      params jsonb not null,
      -- Mail to the members who subscribed.
      email boolean not null default true,
      -- A webhook of the project that receives alert.fired deliveries (null: none).
      webhook_id uuid,
      paused boolean not null default false,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint alert_rules_pk primary key (project_id, id)
    )`.execute(db);

  // An open episode: the condition held for this subject (a feature, an experiment) when last
  // checked. While the row exists the rule does not fire again for it; it goes when it clears.
  await sql`
    create table alert_episodes (
      project_id uuid not null,
      rule_id uuid not null,
      subject text not null,
      started_at timestamptz not null,
      event_id uuid not null,
      constraint alert_episodes_pk primary key (project_id, rule_id, subject),
      constraint alert_episodes_rule_fk foreign key (project_id, rule_id) references alert_rules (project_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table alert_events (
      project_id uuid not null references projects (id) on delete cascade,
      id uuid not null,
      -- Kept (with the rule's name and kind copied) when the rule is deleted.
      rule_id uuid not null,
      rule_name text not null,
      kind text not null,
      subject text not null,
      fired_at timestamptz not null,
      evidence jsonb not null,
      link text,
      -- A keyword alert quotes this item's comment: an erasure of it deletes the alert.
      feedback_id uuid,
      constraint alert_events_pk primary key (project_id, id)
    )`.execute(db);
  await sql`create index alert_events_recent on alert_events (project_id, fired_at desc)`.execute(db);
  await sql`create index alert_events_feedback on alert_events (project_id, feedback_id) where feedback_id is not null`.execute(db);
  await sql`create index alert_events_fired on alert_events (fired_at)`.execute(db);

  await sql`
    create table alert_subscriptions (
      project_id uuid not null,
      rule_id uuid not null,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      constraint alert_subscriptions_pk primary key (project_id, rule_id, user_id),
      constraint alert_subscriptions_rule_fk foreign key (project_id, rule_id) references alert_rules (project_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table member_mail_settings (
      project_id uuid not null references projects (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      locale text not null default 'en',
      time_zone text not null default 'UTC',
      digest text not null default 'off' check (digest in ('off', 'daily', 'weekly')),
      -- The local hour (0-23) a digest is sent at, and for weekly ones the ISO weekday (1 = Monday).
      digest_hour integer not null default 9 check (digest_hour between 0 and 23),
      digest_weekday integer not null default 1 check (digest_weekday between 1 and 7),
      -- The local date of the last digest sent (set in the transaction that queues it).
      last_digest_period text,
      updated_at timestamptz not null default now(),
      constraint member_mail_settings_pk primary key (project_id, user_id)
    )`.execute(db);

  await sql`
    create table alert_keyword_watermark (
      id smallint primary key default 1 check (id = 1),
      -- Every feedback row numbered up to it has been matched against the keyword rules.
      last_seq bigint not null
    )`.execute(db);
  await sql`
    insert into alert_keyword_watermark (last_seq)
    select case when is_called then last_value else 0 end from feedloop_ingest_seq`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alert_keyword_watermark', 'member_mail_settings', 'alert_subscriptions', 'alert_events', 'alert_episodes', 'alert_rules']) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
