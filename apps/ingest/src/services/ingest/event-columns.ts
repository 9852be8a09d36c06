import type { BulkColumn } from '../../db/bulk.js';
import type { NewExposure, NewFeedback } from '../../db/schema.js';

type EventRow = NewFeedback | NewExposure;

/** The raw event tables' columns as bulk-insert columns (see db/bulk.ts). */
const common: BulkColumn<EventRow>[] = [
  { name: 'project_id', type: 'uuid', value: (r) => r.project_id },
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'occurred_at', type: 'timestamptz', value: (r) => r.occurred_at },
  { name: 'received_at', type: 'timestamptz', value: (r) => r.received_at },
  { name: 'anonymous_id', type: 'text', value: (r) => r.anonymous_id },
  { name: 'user_id', type: 'text', value: (r) => r.user_id ?? null },
  { name: 'session_id', type: 'text', value: (r) => r.session_id ?? null },
  { name: 'url', type: 'text', value: (r) => r.url ?? null },
  { name: 'experiments', type: 'jsonb', value: (r) => r.experiments },
  { name: 'app_version', type: 'text', value: (r) => r.app_version ?? null },
  { name: 'locale', type: 'text', value: (r) => r.locale ?? null },
];

export const FEEDBACK_COLUMNS = [
  ...common,
  { name: 'feature', type: 'text', value: (r) => r.feature },
  { name: 'rating_scale', type: 'text', value: (r) => r.rating_scale ?? null },
  { name: 'rating_value', type: 'smallint', value: (r) => r.rating_value ?? null },
  { name: 'comment', type: 'text', value: (r) => r.comment ?? null },
  { name: 'category', type: 'text', value: (r) => r.category ?? null },
  { name: 'email', type: 'text', value: (r) => r.email ?? null },
  { name: 'metadata', type: 'jsonb', value: (r) => r.metadata ?? null },
] as BulkColumn<NewFeedback>[];

export const EXPOSURE_COLUMNS = [
  ...common,
  { name: 'experiment', type: 'text', value: (r) => r.experiment },
  { name: 'variant', type: 'text', value: (r) => r.variant },
] as BulkColumn<NewExposure>[];
