import { expect } from 'vitest';
import { PROJECT_HEADER } from '@feedloop/protocol';
import { ADMIN_TOKEN } from './app.js';

/** A project made through a service process's API (as an operator would), with its keys. */
export async function createProject(base: string, name = 'Aggregator faults'): Promise<{ projectId: string; publicKey: string; secretKey: string }> {
  const response = await fetch(`${base}/v1/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  return response.json() as Promise<{ projectId: string; publicKey: string; secretKey: string }>;
}

/**
 * A feedback.created webhook, so that the outbox has entries to count. It points at a closed
 * port: deliveries fail and wait for a retry, their outbox rows stay (the service must allow
 * private addresses: FEEDLOOP_WEBHOOK_ALLOW_PRIVATE=true).
 */
export async function addWebhook(base: string, projectId: string): Promise<void> {
  const response = await fetch(`${base}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, [PROJECT_HEADER]: projectId, 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'http://127.0.0.1:9/feedloop', events: ['feedback.created'] }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** The unlabelled metrics of a service's /metrics, by name (empty when it does not answer). */
export async function readMetrics(base: string): Promise<Map<string, number>> {
  const response = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  if (!response?.ok) return new Map();
  const values = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_]+) (\S+)$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

/** One unlabelled metric of a service (undefined when absent or the service does not answer). */
export async function metric(base: string, name: string): Promise<number | undefined> {
  return (await readMetrics(base)).get(name);
}
