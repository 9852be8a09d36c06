import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ActorType, Role, TokenScope } from '@feedloop/protocol';
import type { RollupColumn } from './rollup-columns.js';

/**
 * The one typed view of the database. Every table is keyed by project first so the schema can
 * be distributed by project (e.g. Citus) without change.
 */
export interface Database {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  feedback: FeedbackTable;
  exposures: ExposuresTable;
  feature_daily: FeatureDailyTable;
  variant_feature_daily: VariantFeatureDailyTable;
  variant_daily: VariantDailyTable;
  exposed_users: ExposedUsersTable;
  feedback_users: FeedbackUsersTable;
  releases: ReleasesTable;
  feedback_audit: FeedbackAuditTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  feedloop_aggregator: AggregatorTable;
  feedloop_aggregator_parts: AggregatorPartsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  one_time_links: OneTimeLinksTable;
  sign_in_failures: SignInFailuresTable;
  sso_logins: SsoLoginsTable;
  audit_log: AuditLogTable;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint counters; both drivers are set to parse int8 as a JS number (counts stay far below 2^53). */
type Counter = ColumnType<number, number, number>;

export interface ProjectsTable {
  id: string;
  name: string;
  allowed_origins: string[];
  created_at: CreatedAt;
}

export type KeyKind = 'public' | 'secret';

export interface ApiKeysTable {
  id: string;
  project_id: string;
  kind: KeyKind;
  /** SHA-256 of the whole key, hex. Keys are 256-bit random, so a fast hash is enough. */
  key_hash: string;
  /** The full key for public keys (they are public); null for secret keys. */
  public_key: string | null;
  /** First characters, to recognise a key in a list without revealing it. */
  hint: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

interface EventColumns {
  project_id: string;
  /** Its number in feedloop_ingest_seq (the aggregator's order). */
  seq: Generated<number>;
  id: string;
  occurred_at: Timestamp;
  received_at: Timestamp;
  anonymous_id: string;
  user_id: string | null;
  session_id: string | null;
  url: string | null;
  experiments: ColumnType<Record<string, string>, string, string>;
  app_version: string | null;
  locale: string | null;
}

export interface FeedbackTable extends EventColumns {
  feature: string;
  rating_scale: string | null;
  rating_value: number | null;
  comment: string | null;
  category: string | null;
  email: string | null;
  metadata: ColumnType<Record<string, string | number | boolean> | null, string | null, string | null>;
  /** Triage status ('new' until someone triages it). */
  status: Generated<string>;
  public_reply: Generated<string | null>;
  issue_url: Generated<string | null>;
  tags: Generated<string[]>;
  triaged_at: Generated<Date | null>;
  status_changed_at: Generated<Date | null>;
  /** When the submitter-visible state (status, public reply) last changed. */
  notice_at: Generated<Date | null>;
  /** When the submitter's widget marked it seen. */
  notice_seen_at: Generated<Date | null>;
}

export interface ExposuresTable extends EventColumns {
  experiment: string;
  variant: string;
}

/**
 * Daily (UTC) rollup per project × feature. Rating columns are per-value histograms, from which
 * counts, sums, sums of squares and NPS buckets follow exactly.
 */
export type FeatureDailyTable = {
  project_id: string;
  feature: string;
  day: ColumnType<string, string, string>;
  count: Counter;
  comments: Counter;
  last_at: Timestamp;
} & { [K in RollupColumn]: Counter };

/** Daily rollup per project × experiment × variant × feature (experiments from the feedback event). */
export type VariantFeatureDailyTable = {
  project_id: string;
  experiment: string;
  variant: string;
  feature: string;
  day: ColumnType<string, string, string>;
  count: Counter;
  comments: Counter;
  /** Users whose first feedback on this feature in this variant fell on this day. */
  feedback_users: Counter;
  last_at: Timestamp;
} & { [K in RollupColumn]: Counter };

/** Daily exposures per variant, and users first exposed / first giving feedback (any feature) that day. */
export interface VariantDailyTable {
  project_id: string;
  experiment: string;
  variant: string;
  day: ColumnType<string, string, string>;
  exposures: Counter;
  exposed_users: Counter;
  feedback_users: Counter;
}

/** First exposure of a user to a variant: what the exposed_users counters count. */
export interface ExposedUsersTable {
  project_id: string;
  experiment: string;
  variant: string;
  anonymous_id: string;
  first_at: Timestamp;
  /** The first_at a backdated sighting replaced (written by feedloop_ingest, migration 0005). */
  prev_first_at: ColumnType<Date | null, never, never>;
}

/** First feedback of a user in a variant, per feature and for '*' (any feature). */
export interface FeedbackUsersTable {
  project_id: string;
  experiment: string;
  variant: string;
  feature: string;
  anonymous_id: string;
  first_at: Timestamp;
  /** The first_at a backdated sighting replaced (written by feedloop_ingest, migration 0005). */
  prev_first_at: ColumnType<Date | null, never, never>;
}

export interface ReleasesTable {
  project_id: string;
  id: string;
  version: string;
  released_at: Timestamp;
  features: string[];
  notes: string | null;
  created_at: CreatedAt;
}

/** One triage change of one item: who, when, what from → to. */
export interface FeedbackAuditTable {
  project_id: string;
  id: string;
  feedback_id: string;
  at: CreatedAt;
  /** The actor's name as shown when the change was made. */
  actor: string | null;
  /** Who made it (see AuditLogTable); null in rows older than accounts. */
  actor_type: ActorType | null;
  actor_id: string | null;
  key_id: string | null;
  key_hint: string | null;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
}

export interface WebhooksTable {
  project_id: string;
  id: string;
  url: string;
  events: string[];
  format: 'json' | 'slack';
  secret: string;
  description: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** The webhook outbox and delivery log: one row per webhook × event. */
export interface WebhookDeliveriesTable {
  project_id: string;
  id: string;
  webhook_id: string;
  event: string;
  event_id: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: CreatedAt;
  created_at: CreatedAt;
  delivered_at: Timestamp | null;
  response_status: number | null;
  last_error: string | null;
}

export interface WebhookAttemptsTable {
  project_id: string;
  delivery_id: string;
  id: string;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** The aggregator's watermark (db/functions/aggregate.ts): one row. */
/** One watermark per part of the raw rows (db/functions/parts.ts); feedloop_aggregator holds the least. */
export interface AggregatorPartsTable {
  part: number;
  last_seq: Counter;
  as_of: Timestamp;
}

export interface AggregatorTable {
  id: Generated<number>;
  /** Every raw row numbered up to it is in every aggregate, and none above. */
  last_seq: Counter;
  /** Every event acknowledged before this moment is in every aggregate. */
  as_of: Timestamp;
  passes: Generated<Counter>;
}

export interface UsersTable {
  id: string;
  /** Lower case. */
  email: string;
  display_name: string;
  /** Argon2id (PHC string); null for a user who signs in only with single sign-on. */
  password_hash: string | null;
  disabled: Generated<boolean>;
  instance_admin: Generated<boolean>;
  created_at: CreatedAt;
  password_changed_at: Timestamp | null;
  last_sign_in_at: Timestamp | null;
}

export interface MembershipsTable {
  project_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
  /** Absolute end; inactivity ends it earlier (last_seen_at + the idle timeout). */
  expires_at: Timestamp;
  user_agent: string | null;
  /** Truncated (IPv4 /24, IPv6 /48). */
  client_address: string | null;
}

export interface ApiTokensTable {
  project_id: string;
  id: string;
  name: string;
  token_hash: string;
  hint: string;
  scopes: TokenScope[];
  expires_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type LinkKind = 'setup' | 'invite' | 'reset';

export interface OneTimeLinksTable {
  token_hash: string;
  kind: LinkKind;
  email: string | null;
  user_id: string | null;
  project_id: string | null;
  role: Role | null;
  instance_admin: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SignInFailuresTable {
  key_hash: string;
  failures: number;
  window_start: Timestamp;
  blocked_until: Timestamp | null;
}

export interface SsoLoginsTable {
  state_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: string;
  project_id: string | null;
  at: CreatedAt;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  changes: ColumnType<Record<string, unknown>, string | undefined, string>;
  client_address: string | null;
}

export type FeedbackRow = Selectable<FeedbackTable>;
export type NewFeedback = Insertable<FeedbackTable>;
export type NewExposure = Insertable<ExposuresTable>;
