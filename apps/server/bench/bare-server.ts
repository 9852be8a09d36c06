/**
 * The benchmark's baseline: a bare Fastify route that parses and validates the same JSON as
 * POST /v1/events (envelope and every event, with the same validator) and answers 200 without
 * touching a database. Its req/s is the ceiling of Node + Fastify on this machine.
 */
import Fastify from 'fastify';
import { validateEvent } from '../src/services/events/validate-event.js';

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
const window = { maxPastMs: 30 * 86_400_000, maxFutureMs: 86_400_000 };

app.post('/v1/events', async (request) => {
  const { events } = request.body as { events: unknown[] };
  const now = Date.now();
  let accepted = 0;
  const rejected: { index: number; code: string; message: string }[] = [];
  events.forEach((event, index) => {
    const result = validateEvent(event, now, window);
    if (result.ok) accepted += 1;
    else rejected.push({ index, ...result.error });
  });
  return { accepted, duplicates: 0, rejected };
});

const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening ${address}`);
