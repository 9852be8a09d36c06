import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { RollupColumn } from '../services/aggregates/columns.js';

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
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** bigint counters; both drivers are set to parse int8 as a JS number (counts stay far below 2^53). */
type Counter = ColumnType<number, number, number>;

export interface ProjectsTable {
  id: string;
  name: string;
  allowed_origins: string[];
  created_at: Generated<Timestamp>;
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
  created_at: Generated<Timestamp>;
  revoked_at: Timestamp | null;
}

interface EventColumns {
  project_id: string;
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

export type FeedbackRow = Selectable<FeedbackTable>;
export type NewFeedback = Insertable<FeedbackTable>;
export type NewExposure = Insertable<ExposuresTable>;
