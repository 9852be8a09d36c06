import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { sql, type Kysely } from 'kysely';
import { WEBHOOK_HEADERS, type AlertWebhookEvent, type WebhookEvent } from '@feedloop/protocol';
import type { Database } from '../../db/schema.js';
import { OutboxPoller, retryDelay } from '../outbox/poller.js';
import { bareHost, classifyAddress, ForbiddenAddressError, guardedLookup, systemResolve, type Resolve } from './address-policy.js';
import { signWebhook } from './signature.js';
import { alertSlackMessage, slackMessage } from './slack.js';

export interface DispatcherSettings {
  /** How often the outbox is polled. */
  pollMs: number;
  /** Deliveries claimed per poll. */
  batchSize: number;
  /** Attempts before a delivery is given up ('failed'). */
  maxAttempts: number;
  /** First retry delay; doubled per attempt up to maxBackoffMs (±20 % jitter). */
  backoffMs: number;
  maxBackoffMs: number;
  /** Per request. */
  timeoutMs: number;
  /** FEEDLOOP_WEBHOOK_ALLOW_PRIVATE: deliver to loopback, private and link-local addresses too. */
  allowPrivate: boolean;
  /** Host name to addresses (the system resolver; tests substitute their own). */
  resolve: Resolve;
}

export const DEFAULT_DISPATCHER_SETTINGS: DispatcherSettings = {
  pollMs: 1000,
  batchSize: 20,
  maxAttempts: 10,
  backoffMs: 10_000,
  maxBackoffMs: 3_600_000,
  timeoutMs: 10_000,
  allowPrivate: false,
  resolve: systemResolve,
};

interface Claimed {
  project_id: string;
  id: string;
  event: string;
  payload: WebhookEvent | AlertWebhookEvent;
  attempts: number;
  url: string;
  secret: string;
  format: 'json' | 'slack';
}

interface Outcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** Refused by the address policy: given up at once (retrying would not change the answer). */
  refused?: boolean;
}

type Log = { warn(obj: object, msg: string): void };

/**
 * Sends the webhook outbox. Each poll claims due deliveries with FOR UPDATE SKIP LOCKED and
 * leases them (next_attempt_at pushed past the request timeout) in a short transaction, so
 * replicas polling together never take the same row and no transaction stays open during HTTP
 * calls; a replica that dies mid-delivery leaves the lease to expire and another retries it
 * (deliveries are at-least-once: receivers deduplicate on the Feedloop-Delivery header).
 */
export class WebhookDispatcher extends OutboxPoller<DispatcherSettings> {
  constructor(
    private readonly db: Kysely<Database>,
    settings: Partial<DispatcherSettings> = {},
    private readonly log?: Log,
  ) {
    super({ ...DEFAULT_DISPATCHER_SETTINGS, ...settings }, (error) => log?.warn({ err: error }, 'webhooks: poll failed'));
  }

  protected async pass(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(
      claimed.map(async (d) => {
        const outcome = await this.send(d);
        // 23503: the webhook (and so the delivery) was deleted while the request was in flight.
        await this.record(d, outcome).catch((error: { code?: string }) => {
          if (error.code !== '23503') this.log?.warn({ err: error }, 'webhooks: cannot record a delivery outcome');
        });
      }),
    );
    return claimed.length;
  }

  private async claim(): Promise<Claimed[]> {
    const leaseMs = this.settings.timeoutMs + 30_000;
    const { rows } = await sql<Claimed>`
      with due as (
        select d.project_id, d.id
        from webhook_deliveries d
          join webhooks w on w.project_id = d.project_id and w.id = d.webhook_id and w.active
        where d.status = 'pending' and d.next_attempt_at <= now()
        order by d.next_attempt_at
        limit ${this.settings.batchSize}
        for update of d skip locked)
      update webhook_deliveries d
      set attempts = d.attempts + 1, next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
      from due, webhooks w
      where d.project_id = due.project_id and d.id = due.id and w.project_id = d.project_id and w.id = d.webhook_id
      returning d.project_id, d.id, d.event, d.payload, d.attempts, w.url, w.secret, w.format`.execute(this.db);
    return rows;
  }

  /**
   * One HTTP attempt. Redirects are not followed (a 3xx is a failure): the URL is the contract,
   * and a redirect could lead anywhere. node:http rather than fetch: its `lookup` hook lets the
   * address policy check exactly the addresses the socket then connects to (see address-policy.ts).
   */
  private async send(d: Claimed): Promise<Outcome> {
    const slack = () => (d.event === 'alert.fired' ? alertSlackMessage(d.payload as AlertWebhookEvent) : slackMessage(d.payload as WebhookEvent));
    const body = JSON.stringify(d.format === 'slack' ? slack() : d.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const statusCode = await this.post(new URL(d.url), body, {
        'content-type': 'application/json',
        'user-agent': 'Feedloop-Webhooks/1',
        [WEBHOOK_HEADERS.event]: d.event,
        [WEBHOOK_HEADERS.delivery]: d.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(d.secret, timestamp, body),
      });
      const ok = statusCode >= 200 && statusCode < 300;
      return { statusCode, error: ok ? null : `HTTP ${statusCode}`, durationMs: durationMs() };
    } catch (error) {
      if (error instanceof ForbiddenAddressError) return { statusCode: null, error: error.message.slice(0, 500), durationMs: durationMs(), refused: true };
      const e = error as NodeJS.ErrnoException & { cause?: { name?: string } };
      const timedOut = e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError';
      const name = timedOut ? `timeout after ${this.settings.timeoutMs} ms` : (e.code ?? e.message);
      return { statusCode: null, error: String(name).slice(0, 200), durationMs: durationMs() };
    }
  }

  /** POSTs and resolves with the status code; the answer's body is not read. */
  private post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
    const { allowPrivate, resolve, timeoutMs } = this.settings;
    const host = bareHost(url);
    // A literal address needs no lookup (net connects to it directly): judge it here. Webhooks
    // registered before the policy, or while it was off, are refused too.
    if (isIP(host) && !allowPrivate) {
      const verdict = classifyAddress(host);
      if (!verdict.allowed) return Promise.reject(new ForbiddenAddressError(host, host, verdict.range));
    }
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(resolve, allowPrivate),
      // No shared keep-alive pool: every delivery resolves (and is checked) afresh.
      agent: false,
      signal: AbortSignal.timeout(timeoutMs),
    };
    return new Promise((done, fail) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (response: IncomingMessage) => {
        done(response.statusCode ?? 0);
        response.destroy();
      });
      request.on('error', fail);
      request.end(body);
    });
  }

  private async record(d: Claimed, outcome: Outcome): Promise<void> {
    const delivered = outcome.error === null;
    const givenUp = !delivered && (outcome.refused === true || d.attempts >= this.settings.maxAttempts);
    const status = delivered ? 'delivered' : givenUp ? 'failed' : 'pending';
    const retryInMs = delivered || givenUp ? 0 : retryDelay(d.attempts, this.settings);
    await this.db.transaction().execute(async (trx) => {
      await sql`
        update webhook_deliveries set
          status = ${status},
          next_attempt_at = now() + ${retryInMs} * interval '1 millisecond',
          delivered_at = case when ${delivered} then now() else delivered_at end,
          response_status = ${outcome.statusCode},
          last_error = ${outcome.error}
        where project_id = ${d.project_id} and id = ${d.id}`.execute(trx);
      await trx
        .insertInto('webhook_attempts')
        .values({
          project_id: d.project_id,
          delivery_id: d.id,
          id: randomUUID(),
          at: new Date(),
          status_code: outcome.statusCode,
          error: outcome.error,
          duration_ms: outcome.durationMs,
        })
        .execute();
    });
  }
}
