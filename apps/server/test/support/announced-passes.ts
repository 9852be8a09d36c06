import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const PRELOAD = new URL('./announce-passes.mjs', import.meta.url).href;

export interface AnnouncingProcess {
  kill(): Promise<void>;
  /** Resolves once the process has sent its n-th aggregator pass to PGlite. */
  passBegins(n: number, timeoutMs: number): Promise<void>;
  /** Whether its n-th pass had returned (committed) when it was killed. */
  passEnded(n: number): boolean;
}

/**
 * The built service (PGlite) with a preload announcing each aggregator pass as it begins and
 * ends (announce-passes.mjs). Not waited for: a process that finds a backlog starts listening only
 * once its passes let it.
 */
export function startAnnouncingPasses(env: Record<string, string>): AnnouncingProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      FEEDLOOP_DEMO: 'off',
      ...env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PRELOAD}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const listener of listeners) listener();
    });
  }
  return {
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    passEnded: (n) => output.includes(`feedloop-test: pass ${n} ends`),
    passBegins(n, timeoutMs) {
      return new Promise((resolve, reject) => {
        const look = () => {
          if (!output.includes(`feedloop-test: pass ${n} begins`)) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no pass ${n} within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const gone = () => {
          done();
          reject(new Error(`the process exited before pass ${n}:\n${output}`));
        };
        function done() {
          clearTimeout(timer);
          listeners.delete(look);
        }
        listeners.add(look);
        void exited.then(gone);
        look();
      });
    },
  };
}
