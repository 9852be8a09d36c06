import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { createProject, findKeyOwner, setAllowedOrigins, type CreatedProject } from './projects.js';

/**
 * The demo project of a local installation. Its keys live in the data directory (demo.json,
 * readable by the owner only) so that every start can print them again.
 */
export async function ensureDemoProject(
  db: Kysely<Database>,
  dataDir: string,
  origins: string[],
): Promise<{ project: CreatedProject; created: boolean }> {
  const file = join(dataDir, 'demo.json');
  const saved = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as CreatedProject,
    () => undefined,
  );
  const owner = saved && (await findKeyOwner(db, saved.publicKey));
  if (saved && owner) {
    // The port may have changed since the project was made: keep the page's origin allowed.
    const merged = [...new Set([...owner.allowedOrigins, ...origins])];
    if (merged.length !== owner.allowedOrigins.length) await setAllowedOrigins(db, owner.projectId, merged);
    return { project: saved, created: false };
  }
  const project = await createProject(db, { name: 'Feedloop demo', allowedOrigins: origins });
  await writeFile(file, JSON.stringify(project, null, 2) + '\n', { mode: 0o600 });
  return { project, created: true };
}
