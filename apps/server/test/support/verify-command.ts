import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { VerifyResult } from '../../src/services/rollups/verify.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const run = promisify(execFile);

/**
 * `feedloop verify-aggregates --project <id> --json`, as an operator runs it, on the database of
 * `env` (with PGlite, no service may hold its directory). Its exit code (0: no difference) and result.
 */
export async function runVerifyAggregates(env: Record<string, string>, projectId: string): Promise<{ code: number; result: VerifyResult }> {
  const args = [CLI, 'verify-aggregates', '--project', projectId, '--json'];
  const options = { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000, maxBuffer: 10_000_000 };
  try {
    const { stdout } = await run(process.execPath, args, options);
    return { code: 0, result: JSON.parse(stdout) as VerifyResult };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number' || !failed.stdout) throw new Error(`verify-aggregates failed: ${failed.stderr ?? String(error)}`);
    return { code: failed.code, result: JSON.parse(failed.stdout) as VerifyResult };
  }
}
