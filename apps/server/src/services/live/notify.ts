import { sql, type RawBuilder } from 'kysely';
import { LIVE_CHANNEL_PREFIX, LIVE_IDS_PER_NOTICE } from '../../db/live-channel.js';

/**
 * Live notifications travel through PostgreSQL NOTIFY (PGlite has it too): sent inside the
 * transaction of the change, they reach every replica's listener when, and only if, it commits.
 */
export type LiveEventName = 'feedback.created' | 'feedback.updated';

/** What a notification carries: ids only, since a payload is limited to 8,000 bytes. */
export interface LiveNotice {
  e: LiveEventName;
  p: string;
  ids: string[];
}

/** Notification payloads for these (project, id) pairs, chunked per project. */
export function livePayloads(event: LiveEventName, rows: readonly { project_id: string; id: string }[]): string[] {
  const byProject = new Map<string, string[]>();
  for (const r of rows) {
    const ids = byProject.get(r.project_id) ?? [];
    if (ids.length === 0) byProject.set(r.project_id, ids);
    ids.push(r.id);
  }
  const payloads: string[] = [];
  for (const [p, ids] of byProject) {
    for (let i = 0; i < ids.length; i += LIVE_IDS_PER_NOTICE) {
      payloads.push(JSON.stringify({ e: event, p, ids: ids.slice(i, i + LIVE_IDS_PER_NOTICE) } satisfies LiveNotice));
    }
  }
  return payloads;
}

/** `select count(pg_notify(channel, payload)) from unnest(payloads)`: the channel of the current schema. */
export function notifyAll(payloads: readonly string[]): RawBuilder<{ notified: number }> {
  return sql<{ notified: number }>`
    select count(pg_notify(${LIVE_CHANNEL_PREFIX} || current_schema(), payload))::int as notified
    from unnest(${payloads}::text[]) as payload`;
}

export function parseNotice(payload: string): LiveNotice | undefined {
  try {
    const n = JSON.parse(payload) as LiveNotice;
    return typeof n.p === 'string' && Array.isArray(n.ids) && (n.e === 'feedback.created' || n.e === 'feedback.updated') ? n : undefined;
  } catch {
    return undefined;
  }
}
