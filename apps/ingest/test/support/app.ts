import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Event } from '@feedloop/protocol';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { createProject, type CreatedProject } from '../../src/services/projects/projects.js';
import { openTestDatabase } from './database.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ORIGIN = 'https://app.example.com';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** A new project allowing ORIGIN. */
  project(name?: string, origins?: string[]): Promise<CreatedProject>;
  close(): Promise<void>;
}

/** The real service on a fresh database, configured by environment-style overrides. */
export async function startTestApp(env: Record<string, string> = {}, demoPublicKey?: string): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({ FEEDLOOP_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ config, database: database.handle, ownsDatabase: false, logger: false, demoPublicKey });
  await app.ready();
  return {
    app,
    database: database.handle,
    project: (name = 'Test project', origins = [ORIGIN]) =>
      createProject(database.handle.db, { name, allowedOrigins: origins }),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** A valid feedback event; fields can be overridden or removed (set to undefined). */
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
    url: `/v1/features${query}`,
    headers: { authorization: `Bearer ${secretKey}` },
  });
  return response;
}
