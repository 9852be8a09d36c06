import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database, NewFeedback } from '../../src/db/schema.js';
import { toRows } from '../../src/services/events/to-rows.js';
import { validateEvent } from '../../src/services/events/validate-event.js';
import { writeEvents } from '../../src/services/events/write-events.js';

/**
 * Stores feedback events through ingest's write path (raw rows, rollups, live notice and webhook
 * outbox in one transaction), without HTTP: for events dated freely. Returns the stored rows.
 */
export async function storeFeedback(db: Kysely<Database>, projectId: string, events: unknown[]): Promise<NewFeedback[]> {
  const now = Date.now();
  const valid = events.map((e) => {
    const result = validateEvent(e, now, { maxPastMs: 86_400_000 * 30, maxFutureMs: 86_400_000 });
    if (!result.ok) throw new Error(`invalid test event: ${result.error.message}`);
    return result.event;
  });
  const rows = toRows(projectId, valid, new Date(now)).feedback;
  await writeEvents(db, { feedback: rows, exposures: [], promptEvents: [] });
  return rows;
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A webhook receiver on 127.0.0.1: records every request; `failures` answers 503 that many times first. */
export async function startReceiver() {
  const received: Received[] = [];
  const state = { failures: 0, status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      if (state.failures > 0) {
        state.failures -= 1;
        res.writeHead(503).end('try later');
      } else {
        res.writeHead(state.status).end('ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until the check passes (or fails after `ms`). */
export async function eventually<T>(check: () => Promise<T> | T, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
