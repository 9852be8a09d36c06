import type {
  AuditEntry,
  BulkUpdateResponse,
  FeedbackItem,
  TriageChanges,
  TriageResponse,
  TriageState,
} from '@feedloop/protocol';
import { ApiError, segment, type Api } from './api.js';

/** A feedback item with its triage state where known (the live stream and triage answers carry it). */
export type TriagedItem = FeedbackItem & {
  publicReply?: string | null;
  issueUrl?: string | null;
  tags?: string[];
};

export function mergeState(item: TriagedItem, state: TriageState): TriagedItem {
  return { ...item, status: state.status, publicReply: state.publicReply, issueUrl: state.issueUrl, tags: state.tags };
}

/** `PATCH /v1/feedback/:id`: the item with its triage state as stored afterwards. */
export async function updateFeedback(api: Api, item: TriagedItem, changes: TriageChanges): Promise<TriagedItem> {
  const state = await api.patch<TriageState>(`/v1/feedback/${segment(item.id)}`, changes);
  return mergeState(item, state);
}

/** `POST /v1/feedback/bulk`: the same changes for many items; their new states. */
export async function bulkUpdate(api: Api, ids: string[], changes: TriageChanges): Promise<BulkUpdateResponse> {
  return api.post<BulkUpdateResponse>('/v1/feedback/bulk', { ids, changes });
}

/** `GET /v1/feedback/:id/triage`: the current state and the audit trail. */
export function loadTriage(api: Api, id: string): Promise<TriageResponse> {
  return api.get<TriageResponse>(`/v1/feedback/${segment(id)}/triage`);
}

/** In words, for a failed triage call. */
export function triageError(error: unknown): string {
  if (error instanceof ApiError && (error.status === 405 || (error.status === 404 && error.message.startsWith('no route')))) {
    return 'Triage is not available on this server yet.';
  }
  return error instanceof Error ? error.message : String(error);
}

export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

/** An http(s) link, or nothing: a `javascript:` issue link must never become an href. */
export function safeLink(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** An audit entry in words: "status: new → planned". */
export function describeChanges(entry: AuditEntry): string {
  return Object.entries(entry.changes)
    .map(([field, { from, to }]) => `${field}: ${show(from)} → ${show(to)}`)
    .join('; ');
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '–';
  return String(value);
}
