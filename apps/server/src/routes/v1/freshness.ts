import type { FastifyInstance, FastifyReply } from 'fastify';
import { AS_OF_HEADER, MAX_FRESHNESS_WAIT_MS } from '@feedloop/protocol';
import { readFreshness, waitForFreshness } from '../../services/rollups/freshness.js';

/**
 * Before an aggregate query: waits for `freshAfter` if asked, and says as of when the answer
 * holds every acknowledged event (header now, body by the caller). Read before the query, so the
 * query sees at least that much.
 */
export async function asOfFor(app: FastifyInstance, reply: FastifyReply, freshAfter: string | undefined): Promise<string> {
  const moment = freshAfter === undefined ? undefined : freshAfter === 'now' ? new Date() : new Date(freshAfter);
  const freshness = moment ? await waitForFreshness(app.db, moment, MAX_FRESHNESS_WAIT_MS) : await readFreshness(app.db);
  const asOf = freshness.asOf.toISOString();
  reply.header(AS_OF_HEADER, asOf);
  return asOf;
}
