/**
 * The React and Vue apps of test/apps/, bundled as an app would be: the rollup CLI with the
 * apps' own config (test/apps/rollup.config.mjs), into a temporary directory.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CONFIG = fileURLToPath(new URL('../apps/rollup.config.mjs', import.meta.url));
const ROLLUP = createRequire(import.meta.url).resolve('rollup/dist/bin/rollup');

export interface BuiltApps {
  /** Directory holding `react.js`, `vue.js` and their chunks. */
  dir: string;
  remove(): Promise<void>;
}

export async function buildApps(): Promise<BuiltApps> {
  const dir = await mkdtemp(join(tmpdir(), 'feedloop-apps-'));
  // Rejects with rollup's output if the build fails (the config turns any warning into a failure).
  await promisify(execFile)(process.execPath, [ROLLUP, '-c', CONFIG, '--silent'], { env: { ...process.env, FEEDLOOP_APPS_OUT: dir } });
  return { dir: `${dir}/`, remove: () => rm(dir, { recursive: true, force: true }) };
}
