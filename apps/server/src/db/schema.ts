import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ActorType, PromptFrequency, PromptWhen, PromptWho, Role, TokenScope } from '@feedloop/protocol';
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
  privacy_erasures: PrivacyErasuresTable;
  feedloop_secrets: SecretsTable;
  mail_settings: MailSettingsTable;
  mail_outbox: MailOutboxTable;
  mail_attempts: MailAttemptsTable;
  mail_unsubscribes: MailUnsubscribesTable;
  prompts: PromptsTable;
  prompt_events: PromptEventsTable;
  alert_rules: AlertRulesTable;
  alert_episodes: AlertEpisodesTable;
  alert_events: AlertEventsTable;
  alert_subscriptions: AlertSubscriptionsTable;
  member_mail_settings: MemberMailSettingsTable;
  alert_keyword_watermark: AlertKeywordWatermarkTable;
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
  /** Privacy settings (services/events/scrub): `{}` is the defaults. */
  privacy: ColumnType<unknown, string | undefined, string>;
  privacy_updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** The prompt this feedback answers (null: the user chose to give it). */
  prompt_id: ColumnType<string | null, string | null | undefined, string | null>;
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

/** The receipt of one erasure (services/privacy): never the identifiers, only their salted hash. */
export interface PrivacyErasuresTable {
  project_id: string;
  id: string;
  at: CreatedAt;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: string | null;
  /** One per identifier named: `userId:<hex HMAC-SHA-256>`, keyed by the instance's privacy salt (feedloop_secrets). */
  identifier_hashes: string[];
  counts: ColumnType<Record<string, number>, string, string>;
}

/** The instance's own random secrets, by name, made on first use. */
export interface SecretsTable {
  name: string;
  value: string;
}

export interface MailSettingsTable {
  project_id: string;
  notify_statuses: ColumnType<string[], string[] | undefined, string[]>;
  reply_link: string | null;
  /** HMAC key of unsubscribe tokens and of the unsubscribe list's address hashes (kept in clear: it signs). */
  secret: string;
  updated_at: CreatedAt;
}

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** The mail outbox and delivery log: one row per mail (services/mail/outbox.ts). */
export interface MailOutboxTable {
  project_id: string;
  id: string;
  kind: string;
  recipient: string;
  locale: Generated<string>;
  feedback_id: string | null;
  dedupe_key: string | null;
  payload: ColumnType<unknown, string, string>;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  not_before: CreatedAt;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  sent_at: Timestamp | null;
  last_error: string | null;
}

export interface MailAttemptsTable {
  project_id: string;
  mail_id: string;
  id: string;
  at: CreatedAt;
  smtp_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface MailUnsubscribesTable {
  project_id: string;
  email_hash: string;
  hint: string;
  source: 'one-click' | 'page';
  created_at: CreatedAt;
}

/** A prompt's definition (migration 0016); its nested objects as the API has them. */
export interface PromptsTable {
  project_id: string;
  id: string;
  name: string;
  feature: string;
  scale: 'thumbs' | 'stars' | 'emoji' | 'nps';
  comment: boolean;
  question: ColumnType<Record<string, string>, string, string>;
  default_locale: string;
  /** The definition's `when`. */
  trigger: ColumnType<PromptWhen, string, string>;
  /** The definition's `who`. */
  audience: ColumnType<PromptWho, string, string>;
  frequency: ColumnType<PromptFrequency, string, string>;
  status: 'active' | 'paused';
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** An alert rule (services/alerts): its kind's parameters, its destinations. */
export interface AlertRulesTable {
  project_id: string;
  id: string;
  name: string;
  kind: string;
  params: ColumnType<Record<string, unknown>, string, string>;
  email: Generated<boolean>;
  webhook_id: string | null;
  paused: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** Raw prompt_shown / prompt_dismissed events (no ingest sequence: nothing is aggregated from them). */
export interface PromptEventsTable {
  project_id: string;
  id: string;
  type: 'prompt_shown' | 'prompt_dismissed';
  prompt_id: string;
  feature: string;
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

/** An open episode of a rule for one subject: no new alert until it clears. */
export interface AlertEpisodesTable {
  project_id: string;
  rule_id: string;
  subject: string;
  started_at: Timestamp;
  event_id: string;
}

/** An alert fired, with its evidence. */
export interface AlertEventsTable {
  project_id: string;
  id: string;
  rule_id: string;
  rule_name: string;
  kind: string;
  subject: string;
  fired_at: Timestamp;
  evidence: ColumnType<Record<string, unknown>, string, string>;
  link: string | null;
  feedback_id: string | null;
}

export interface AlertSubscriptionsTable {
  project_id: string;
  rule_id: string;
  user_id: string;
  created_at: CreatedAt;
}

/** A member's mail preferences in a project: locale, time zone, digest schedule. */
export interface MemberMailSettingsTable {
  project_id: string;
  user_id: string;
  locale: Generated<string>;
  time_zone: Generated<string>;
  digest: Generated<'off' | 'daily' | 'weekly'>;
  digest_hour: Generated<number>;
  digest_weekday: Generated<number>;
  last_digest_period: string | null;
  updated_at: CreatedAt;
}

export interface AlertKeywordWatermarkTable {
  id: Generated<number>;
  last_seq: Counter;
}

export type FeedbackRow = Selectable<FeedbackTable>;
export type NewPromptEvent = Insertable<PromptEventsTable>;
export type NewFeedback = Insertable<FeedbackTable>;
export type NewExposure = Insertable<ExposuresTable>;
