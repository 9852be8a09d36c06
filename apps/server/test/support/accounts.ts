import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { SESSION_COOKIE, type Role } from '@feedloop/protocol';
import { hashPassword } from '../../src/services/accounts/passwords.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { createUser } from '../../src/services/accounts/users.js';
import { setMember } from '../../src/services/members/members.js';
import type { TestApp } from './app.js';

/** The service's own origin in these tests (FEEDLOOP_PUBLIC_URL): where its dashboard runs. */
export const OWN_ORIGIN = 'https://feedloop.example.com';
/** Environment for a test app whose own origin is OWN_ORIGIN, with the request rate limit off. */
export const ACCOUNTS_ENV = { FEEDLOOP_PUBLIC_URL: OWN_ORIGIN, FEEDLOOP_RATE_LIMIT_PER_MINUTE: '0' };
export const PASSWORD = 'correct horse battery staple';

export interface Person {
  userId: string;
  email: string;
  password: string;
}

// One Argon2 hash for everyone who keeps the default password: hashing is the slow part.
let defaultHash: Promise<string> | undefined;

/** A user with a password (made through the services), member of `projects` with their roles. */
export async function createPerson(
  t: TestApp,
  options: { email?: string; displayName?: string; password?: string; instanceAdmin?: boolean; roles?: Record<string, Role> } = {},
): Promise<Person> {
  const email = options.email ?? `${randomUUID().slice(0, 8)}@people.example`;
  const password = options.password ?? PASSWORD;
  const passwordHash = options.password === undefined ? await (defaultHash ??= hashPassword(PASSWORD)) : await hashPassword(password);
  const user = await createUser(t.database.db, { email, displayName: options.displayName, instanceAdmin: options.instanceAdmin, passwordHash });
  for (const [projectId, role] of Object.entries(options.roles ?? {})) await setMember(t.database.db, projectId, user.id, role);
  return { userId: user.id, email, password };
}

/** POST /v1/session from the service's own pages; the raw answer. */
export function postSignIn(
  app: FastifyInstance,
  body: unknown,
  extra: Omit<Partial<InjectOptions>, 'headers'> & { headers?: Record<string, string | undefined> } = {},
) {
  // A header given as undefined is left out (no Origin, say).
  const headers = Object.entries({ origin: OWN_ORIGIN, 'content-type': 'application/json', ...extra.headers }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return app.inject({ method: 'POST', url: '/v1/session', ...extra, headers: Object.fromEntries(headers), payload: JSON.stringify(body) });
}

/** The session cookie's value in an answer's Set-Cookie, if any. */
export function sessionCookieOf(response: { headers: Record<string, unknown> }): string | undefined {
  const raw = response.headers['set-cookie'];
  const all = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  for (const line of all as string[]) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** Signs in through POST /v1/session (the real cookie); fails loudly otherwise. */
export async function signIn(app: FastifyInstance, person: Pick<Person, 'email' | 'password'>): Promise<string> {
  const response = await postSignIn(app, { email: person.email, password: person.password });
  const cookie = sessionCookieOf(response);
  if (response.statusCode !== 204 || !cookie) throw new Error(`sign-in of ${person.email} failed: ${response.statusCode} ${response.body}`);
  return cookie;
}

/** Another session of the same person, without a password check (Argon2 is slow): for tests that end sessions. */
export async function extraSession(t: TestApp, userId: string): Promise<{ cookie: string; sessionId: string }> {
  const session = await createSession(t.database.db, userId, { idleMs: 3_600_000, absoluteMs: 3_600_000 }, { userAgent: 'test', address: null });
  return { cookie: session.token, sessionId: session.sessionId };
}

export const cookieHeader = (value: string) => `${SESSION_COOKIE}=${value}`;
