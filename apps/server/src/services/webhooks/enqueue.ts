import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { LoopFeedback, WebhookEvent, WebhookEventType } from '@feedloop/protocol';
import { columnList, unnestRows, type BulkColumn } from '../../db/bulk.js';
import type { Database } from '../../db/schema.js';
import { livePayloads, notifyAll } from '../live/notify.js';

interface Delivery {
  project_id: string;
  id: string;
  webhook_id: string;
  event: WebhookEventType;
  event_id: string;
  payload: WebhookEvent;
}

const DELIVERY_COLUMNS: readonly BulkColumn<Delivery>[] = [
  { name: 'project_id', type: 'uuid', value: (d) => d.project_id },
  { name: 'id', type: 'uuid', value: (d) => d.id },
  { name: 'webhook_id', type: 'uuid', value: (d) => d.webhook_id },
  { name: 'event', type: 'text', value: (d) => d.event },
  { name: 'event_id', type: 'uuid', value: (d) => d.event_id },
  { name: 'payload', type: 'jsonb', value: (d) => d.payload },
];

/*
 * feedback.created deliveries are written by ingest itself, inside feedloop_ingest (migration
 * 0005), in the transaction that stores the feedback.
 */

export interface UpdatedItem {
  feedback: LoopFeedback;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** feedback.updated deliveries for the items that changed (same transaction). */
export async function enqueueFeedbackUpdated(
  trx: Transaction<Database>,
  projectId: string,
  items: readonly UpdatedItem[],
  actor: string | null,
): Promise<void> {
  if (items.length === 0) return;
  const { rows: hooks } = await sql<{ project_id: string | null; id: string | null }>`
    with notified as (${notifyAll(livePayloads('feedback.updated', items.map((i) => ({ project_id: projectId, id: i.feedback.id }))))})
    select w.project_id, w.id
    from notified left join webhooks w
      on w.project_id = ${projectId} and w.active and 'feedback.updated' = any(w.events)`.execute(trx);
  const ids = hooksByProject(hooks).get(projectId);
  if (!ids) return;
  const createdAt = new Date().toISOString();
  const deliveries: Delivery[] = [];
  for (const item of items) {
    const event = eventOf('feedback.updated', projectId, createdAt, { feedback: item.feedback, changes: item.changes, actor });
    for (const webhookId of ids) deliveries.push(deliveryOf(webhookId, event));
  }
  await insertDeliveries(trx, deliveries);
}

function hooksByProject(hooks: readonly { project_id: string | null; id: string | null }[]): Map<string, string[]> {
  const byProject = new Map<string, string[]>();
  for (const h of hooks) {
    if (h.project_id === null || h.id === null) continue;
    const list = byProject.get(h.project_id) ?? [];
    if (list.length === 0) byProject.set(h.project_id, list);
    list.push(h.id);
  }
  return byProject;
}

function eventOf(type: WebhookEventType, projectId: string, createdAt: string, data: WebhookEvent['data']): WebhookEvent {
  return { id: randomUUID(), type, createdAt, projectId, data };
}

function deliveryOf(webhookId: string, event: WebhookEvent): Delivery {
  return { project_id: event.projectId, id: randomUUID(), webhook_id: webhookId, event: event.type, event_id: event.id, payload: event };
}

async function insertDeliveries(trx: Transaction<Database>, deliveries: readonly Delivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await sql`
    insert into webhook_deliveries ${columnList(DELIVERY_COLUMNS)}
    ${unnestRows(DELIVERY_COLUMNS, deliveries)}`.execute(trx);
}
