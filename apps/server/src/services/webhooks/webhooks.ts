import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  WEBHOOK_EVENTS,
  type CreateWebhookRequest,
  type DeliveryStatus,
  type UpdateWebhookRequest,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryEventType,
  type WebhookEventType,
} from '@feedloop/protocol';
import type { Database, WebhooksTable } from '../../db/schema.js';
import { HttpError } from '../../http-error.js';
import { checkWebhookUrl } from './address-policy.js';

/** whsec_ + 256 random bits. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function toWebhook(row: Selectable<WebhooksTable>, showSecret = false): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    format: row.format,
    description: row.description,
    active: row.active,
    secretHint: `${row.secret.slice(0, 10)}…`,
    ...(showSecret ? { secret: row.secret } : {}),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface UrlPolicy {
  /** FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: loopback and private hosts are accepted. */
  allowPrivate: boolean;
}

/** See checkWebhookUrl: http(s), no credentials, no literal non-public address or localhost. */
function checkUrl(raw: string, policy: UrlPolicy): string {
  const checked = checkWebhookUrl(raw, policy);
  if (!checked.ok) throw new HttpError(400, checked.problem.code, checked.problem.message);
  return checked.url.toString();
}

export async function createWebhook(db: Kysely<Database>, projectId: string, input: CreateWebhookRequest, policy: UrlPolicy): Promise<Webhook> {
  const row = await db
    .insertInto('webhooks')
    .values({
      project_id: projectId,
      id: randomUUID(),
      url: checkUrl(input.url, policy),
      events: [...new Set(input.events ?? WEBHOOK_EVENTS)],
      format: input.format ?? 'json',
      secret: generateWebhookSecret(),
      description: input.description ?? null,
      active: input.active ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWebhook(row, true);
}

export async function listWebhooks(db: Kysely<Database>, projectId: string): Promise<Webhook[]> {
  const rows = await db.selectFrom('webhooks').selectAll().where('project_id', '=', projectId).orderBy('created_at').execute();
  return rows.map((r) => toWebhook(r));
}

export async function findWebhook(db: Kysely<Database>, projectId: string, id: string): Promise<Webhook | undefined> {
  const row = await db.selectFrom('webhooks').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  return row && toWebhook(row);
}

export async function updateWebhook(
  db: Kysely<Database>,
  projectId: string,
  id: string,
  input: UpdateWebhookRequest,
  policy: UrlPolicy,
): Promise<Webhook | undefined> {
  const row = await db
    .updateTable('webhooks')
    .set({
      ...(input.url === undefined ? {} : { url: checkUrl(input.url, policy) }),
      ...(input.events === undefined ? {} : { events: [...new Set(input.events)] }),
      ...(input.format === undefined ? {} : { format: input.format }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.active === undefined ? {} : { active: input.active }),
      ...(input.rotateSecret ? { secret: generateWebhookSecret() } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toWebhook(row, input.rotateSecret === true);
}

/** Deletes the webhook and its delivery log. */
export async function deleteWebhook(db: Kysely<Database>, projectId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhooks').where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The delivery log of a webhook, newest first, each with its attempts. */
export async function listDeliveries(
  db: Kysely<Database>,
  projectId: string,
  webhookId: string,
  options: { status?: DeliveryStatus | undefined; limit: number; id?: string },
): Promise<WebhookDelivery[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select(['id', 'webhook_id', 'event', 'event_id', 'status', 'attempts', 'created_at', 'next_attempt_at', 'delivered_at', 'response_status', 'last_error'])
    .where('project_id', '=', projectId)
    .where('webhook_id', '=', webhookId)
    .$if(options.status !== undefined, (qb) => qb.where('status', '=', options.status!))
    .$if(options.id !== undefined, (qb) => qb.where('id', '=', options.id!))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .select(['delivery_id', 'at', 'status_code', 'error', 'duration_ms'])
    .where('project_id', '=', projectId)
    .where('delivery_id', 'in', rows.map((r) => r.id))
    .orderBy('at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    event: r.event as WebhookDeliveryEventType,
    eventId: r.event_id,
    status: r.status,
    attempts: r.attempts,
    createdAt: iso(r.created_at)!,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    deliveredAt: iso(r.delivered_at),
    responseStatus: r.response_status,
    lastError: r.last_error,
    attemptLog: attempts
      .filter((a) => a.delivery_id === r.id)
      .map((a) => ({ at: iso(a.at)!, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
  }));
}

/**
 * Manual redelivery: the delivery goes back into the outbox, due now, with a fresh retry budget.
 * Same event id and delivery id (receivers deduplicating on them see the same event again).
 * Resolves with the delivery as it was put back: it is read in the same transaction, whose row lock
 * makes the dispatcher's claim (SKIP LOCKED) wait for the commit, so the answer never shows an attempt
 * already under way.
 */
export async function redeliver(
  db: Kysely<Database>,
  projectId: string,
  webhookId: string,
  deliveryId: string,
): Promise<WebhookDelivery | undefined> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()`, last_error: null })
      .where('project_id', '=', projectId)
      .where('webhook_id', '=', webhookId)
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    const [delivery] = await listDeliveries(trx, projectId, webhookId, { limit: 1, id: deliveryId });
    return delivery;
  });
}
