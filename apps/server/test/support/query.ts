import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { postEvents } from './app.js';

/** Aggregate reads (they answer as of the aggregator's watermark). */
const AGGREGATES = /^\/v1\/(features|experiments|report)(\/|\?|$)/;

/**
 * A URL that reads its own writes: an aggregate read asks to hold every event acknowledged
 * before it (freshAfter=now), so a test never sleeps for the aggregator.
 */
export function fresh(url: string): string {
  if (!AGGREGATES.test(url) || url.includes('freshAfter=')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}freshAfter=now`;
}

/** GET with the project's secret key (aggregate reads: fresh). */
export function get(app: FastifyInstance, secretKey: string, url: string) {
  return app.inject({ method: 'GET', url: fresh(url), headers: { authorization: `Bearer ${secretKey}` } });
}

/** Posts any number of events in batches of 100, expecting all accepted. */
export async function send(app: FastifyInstance, publicKey: string, events: unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 100) {
    const batch = events.slice(i, i + 100);
    const response = await postEvents(app, publicKey, batch);
    expect(response.json().accepted, JSON.stringify(response.json().rejected?.[0])).toBe(batch.length);
  }
}

/** Relative closeness to `digits` significant digits (the issue asks for at least 4). */
export function expectClose(actual: number | null | undefined, expected: number, digits = 6): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  const tolerance = Math.max(Math.abs(expected), 1e-300) * 10 ** -digits;
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}
