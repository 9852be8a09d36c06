import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * What `feedloop login` keeps: one service and one credential for it, in the user's config
 * directory, readable by the user alone (directory 0700, file 0600).
 */
export interface StoredLogin {
  url: string;
  token: string;
  /** project: an API token or a secret key (one project); operator: FEEDLOOP_ADMIN_TOKEN. */
  kind: 'project' | 'operator';
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(configHome, 'feedloop', 'credentials.json');
}

// Windows has no POSIX modes: the user's profile directory is what protects the file there.
const POSIX = process.platform !== 'win32';

/** The stored login, or undefined when there is none; refuses a file others could read. */
export async function readStoredLogin(path = credentialsPath()): Promise<StoredLogin | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (POSIX && (mode & 0o077) !== 0) {
    throw new Error(
      `${path} can be read by other users (mode ${(mode & 0o777).toString(8)}): treat the token in it as leaked, revoke it, ` +
        'then run `feedloop logout` and `feedloop login` again (or chmod 600 it if no one else could have read it)',
    );
  }
  let parsed: Partial<StoredLogin>;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<StoredLogin>;
  } catch {
    throw new Error(`${path} is not a stored login: run \`feedloop logout\` and \`feedloop login\` again`);
  }
  if (typeof parsed.url !== 'string' || typeof parsed.token !== 'string' || (parsed.kind !== 'project' && parsed.kind !== 'operator')) {
    throw new Error(`${path} is not a stored login: run \`feedloop logout\` and \`feedloop login\` again`);
  }
  return { url: parsed.url, token: parsed.token, kind: parsed.kind };
}

export async function writeStoredLogin(login: StoredLogin, path = credentialsPath()): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  // mkdir's mode applies only to a directory it creates (and the umask may narrow it): set it.
  if (POSIX) await chmod(directory, 0o700);
  // A new file, never readable by others even for a moment, then renamed over the old one.
  const fresh = `${path}.${process.pid}.tmp`;
  await writeFile(fresh, JSON.stringify(login, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    if (POSIX) await chmod(fresh, 0o600);
    await rename(fresh, path);
  } catch (error) {
    await rm(fresh, { force: true });
    throw error;
  }
}

/** Deletes the stored login; false when there was none. */
export async function deleteStoredLogin(path = credentialsPath()): Promise<boolean> {
  try {
    await stat(path);
  } catch {
    return false;
  }
  await rm(path, { force: true });
  return true;
}
