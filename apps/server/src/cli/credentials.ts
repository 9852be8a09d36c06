import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { credentialsPath, readStoredLogin, type StoredLogin } from './credentials-file.js';
import type { Target } from './http.js';

export interface Credential extends Target {
  token: string;
  source: string;
}

/**
 * The credential of a project command (features, export, report…), first found of: --key, then
 * FEEDLOOP_TOKEN, then FEEDLOOP_SECRET_KEY, then the login `feedloop login` stored.
 */
export async function projectCredential(program: Command, options: { key?: string | undefined }): Promise<Credential> {
  const { url, explicit } = requestedUrl(program);
  if (options.key) return { url, token: options.key, source: '--key' };
  for (const name of ['FEEDLOOP_TOKEN', 'FEEDLOOP_SECRET_KEY'] as const) {
    const token = process.env[name];
    if (token) return { url, token, source: name };
  }
  const stored = await readStoredLogin();
  if (stored?.kind === 'operator') {
    throw new Error(
      'the stored login is the operator token, which belongs to no project: set FEEDLOOP_TOKEN to an API token of the project, ' +
        'or run `feedloop login` with one',
    );
  }
  if (stored) return fromStoredLogin(stored, url, explicit);
  throw new Error(
    "no credentials: run `feedloop login`, set FEEDLOOP_TOKEN to an API token of the project, or give the project's secret key " +
      'with --key sk_… or FEEDLOOP_SECRET_KEY',
  );
}

/**
 * The operator's token, for instance commands (projects, users), first found of: --admin-token,
 * then FEEDLOOP_ADMIN_TOKEN, then an operator login `feedloop login` stored, then the token a
 * local service on the embedded database keeps in its data directory. An API token belongs to
 * one project: it cannot create projects or users.
 */
export async function operatorCredential(program: Command, options: { adminToken?: string | undefined }): Promise<Credential> {
  const { url, explicit } = requestedUrl(program);
  if (options.adminToken) return { url, token: options.adminToken, source: '--admin-token' };
  if (process.env.FEEDLOOP_ADMIN_TOKEN) return { url, token: process.env.FEEDLOOP_ADMIN_TOKEN, source: 'FEEDLOOP_ADMIN_TOKEN' };
  const stored = await readStoredLogin();
  if (stored?.kind === 'operator' && (!explicit || sameService(stored.url, url))) return fromStoredLogin(stored, url, explicit);
  const file = join(process.env.FEEDLOOP_DATA_DIR || '.feedloop', 'admin-token');
  const local = readLocalToken(file);
  if (local) return { url, token: local, source: file };
  throw new Error(
    'no operator token: set FEEDLOOP_ADMIN_TOKEN to the service’s, or run `feedloop login` with it (a service on the ' +
      'embedded database keeps one in FEEDLOOP_DATA_DIR/admin-token, found when run from the same directory)',
  );
}

/** The --url the user gave (flag or FEEDLOOP_URL), or the default. */
function requestedUrl(program: Command): { url: string; explicit: boolean } {
  return { url: program.opts<{ url: string }>().url, explicit: program.getOptionValueSource('url') !== 'default' };
}

/** The stored login, for its own service only: a token is never sent to another one. */
function fromStoredLogin(stored: StoredLogin, url: string, explicit: boolean): Credential {
  const source = `the login stored in ${credentialsPath()}; run \`feedloop login\` again`;
  if (!explicit || sameService(stored.url, url)) return { url: stored.url, token: stored.token, source };
  throw new Error(
    `the stored login is for ${stored.url}, not ${url}: run \`feedloop login --url ${url}\`, or set FEEDLOOP_TOKEN`,
  );
}

export function normalizeUrl(url: string): string {
  return new URL(url).href.replace(/\/+$/, '');
}

function sameService(a: string, b: string): boolean {
  try {
    return normalizeUrl(a) === normalizeUrl(b);
  } catch {
    return false;
  }
}

function readLocalToken(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
