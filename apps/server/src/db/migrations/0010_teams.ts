import { sql, type Kysely } from 'kysely';

/**
 * Teams: personal accounts with roles per project, server-side sessions, scoped API tokens,
 * one-time links (set-up, invitations, password resets), sign-in throttling, single sign-on
 * state and an audit trail naming the authenticated actor. Every secret (session, token, link)
 * is stored as its SHA-256: it is random and 256 bits long, so a fast hash is enough.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key,
      email text not null,
      display_name text not null,
      password_hash text,
      disabled boolean not null default false,
      instance_admin boolean not null default false,
      created_at timestamptz not null default now(),
      password_changed_at timestamptz,
      last_sign_in_at timestamptz,
      constraint users_email_lower check (email = lower(email))
    )`.execute(db);
  await sql`create unique index users_email on users (email)`.execute(db);

  await sql`
    create table memberships (
      project_id uuid not null references projects (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      role text not null check (role in ('viewer', 'member', 'admin', 'owner')),
      created_at timestamptz not null default now(),
      constraint memberships_pk primary key (project_id, user_id)
    )`.execute(db);
  await sql`create index memberships_user on memberships (user_id)`.execute(db);

  await sql`
    create table sessions (
      id uuid primary key,
      token_hash text not null unique,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      user_agent text,
      client_address text
    )`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);

  await sql`
    create table api_tokens (
      project_id uuid not null references projects (id) on delete cascade,
      id uuid not null,
      name text not null,
      token_hash text not null unique,
      hint text not null,
      scopes text[] not null,
      expires_at timestamptz,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      constraint api_tokens_pk primary key (project_id, id)
    )`.execute(db);

  // One-time links: 'setup' (the first instance admin), 'invite' (to a project, or to the
  // instance), 'reset' (a password).
  await sql`
    create table one_time_links (
      token_hash text primary key,
      kind text not null check (kind in ('setup', 'invite', 'reset')),
      email text,
      user_id uuid references users (id) on delete cascade,
      project_id uuid references projects (id) on delete cascade,
      role text check (role in ('viewer', 'member', 'admin', 'owner')),
      instance_admin boolean not null default false,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);

  // Failed sign-ins per account and per client address, by a hash of either.
  await sql`
    create table sign_in_failures (
      key_hash text primary key,
      failures integer not null,
      window_start timestamptz not null,
      blocked_until timestamptz
    )`.execute(db);

  // Single sign-on between the redirect to the provider and its answer.
  await sql`
    create table sso_logins (
      state_hash text primary key,
      nonce text not null,
      code_verifier text not null,
      return_to text not null,
      expires_at timestamptz not null
    )`.execute(db);

  // Every change, with who made it (never a typed name), from where, and what changed.
  // project_id is null for what belongs to no project (sign-ins, users).
  await sql`
    create table audit_log (
      id uuid primary key,
      project_id uuid references projects (id) on delete cascade,
      at timestamptz not null default now(),
      actor_type text not null check (actor_type in ('user', 'token', 'key', 'operator', 'anonymous')),
      actor_id text,
      actor_label text,
      action text not null,
      target_type text,
      target_id text,
      changes jsonb not null default '{}',
      client_address text
    )`.execute(db);
  await sql`create index audit_log_project on audit_log (project_id, at desc, id desc)`.execute(db);
  await sql`create index audit_log_at on audit_log (at)`.execute(db);

  // Triage history names the authenticated actor too.
  await sql`alter table feedback_audit add column actor_type text, add column actor_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table feedback_audit drop column actor_type, drop column actor_id`.execute(db);
  for (const table of ['audit_log', 'sso_logins', 'sign_in_failures', 'one_time_links', 'api_tokens', 'sessions', 'memberships', 'users']) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
