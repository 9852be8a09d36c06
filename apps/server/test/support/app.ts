import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Event } from '@feedloop/protocol';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { createProject, setAllowedOrigins, type CreatedProject } from '../../src/services/projects/projects.js';
import { createToken } from '../../src/services/tokens/tokens.js';
import { openTestDatabase } from './database.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ORIGIN = 'https://app.example.com';

export interface TestProject extends CreatedProject {
  /** An API token with every scope, named 'test admin'. */
  adminToken: string;
}

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** The demo project, when started with { demo: true }. */
  demo?: CreatedProject;
  /** A new project allowing ORIGIN, with an API token of every scope ('test admin'). */
  project(name?: string, origins?: string[]): Promise<TestProject>;
  close(): Promise<void>;
}

/** The real service on a fresh database, configured by environment-style overrides. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { demo?: boolean; logStream?: { write(line: string): void } } = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({ FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'silent', ...env });
  const demo = options.demo
    ? await createProject(database.handle.db, { name: 'Feedloop demo', allowedOrigins: [] })
    : undefined;
  const app = await buildApp({
    config,
    database: database.handle,
    ownsDatabase: false,
    // Silent, unless the test reads the service's own logs.
    ...(options.logStream ? { logStream: options.logStream } : { logger: false }),
    demoPublicKey: demo?.publicKey,
  });
  await app.ready();
  return {
    app,
    database: database.handle,
    demo,
    async project(name = 'Test project', origins = [ORIGIN]) {
      const created = await createProject(database.handle.db, { name, allowedOrigins: origins });
      const { token } = await createToken(database.handle.db, created.projectId, { name: 'test admin', scopes: ['read', 'export', 'triage', 'admin'] }, null);
      return { ...created, adminToken: token };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** A valid feedback event; fields can be overridden or removed (set to undefined). */
/** Listens on a free port; the demo project (if any) then allows the page's origin. */
export async function listen(t: TestApp): Promise<string> {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  if (t.demo) {
    await setAllowedOrigins(t.database.db, t.demo.projectId, [new URL(base).origin]);
    t.app.forgetKeys();
  }
  return base;
}

export function feedbackEvent(overrides: Record<string, unknown> = {}): Event & Record<string, unknown> {
  return {
    type: 'feedback',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    anonymousId: 'anon-1',
    feature: 'checkout',
    rating: { scale: 'thumbs', value: 1 },
    ...overrides,
  } as Event & Record<string, unknown>;
}

export function exposureEvent(overrides: Record<string, unknown> = {}): Event & Record<string, unknown> {
  return {
    type: 'exposure',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    anonymousId: 'anon-1',
    experiment: 'checkout-button',
    variant: 'green',
    ...overrides,
  } as Event & Record<string, unknown>;
}

export function postEvents(app: FastifyInstance, key: string, events: unknown[], headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { 'content-type': 'application/json', 'x-feedloop-key': key, ...headers },
    payload: JSON.stringify({ events }),
  });
}

export async function getFeatures(app: FastifyInstance, secretKey: string, query = '') {
  const response = await app.inject({
    method: 'GET',
    url: `/v1/features${query}${query.includes('?') ? '&' : '?'}freshAfter=now`,
    headers: { authorization: `Bearer ${secretKey}` },
  });
  return response;
}
