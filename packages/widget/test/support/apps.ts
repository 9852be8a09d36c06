/**
 * The React and Vue apps of test/apps/, bundled as an app would be: rollup resolving the npm
 * packages through their package.json exports (node-resolve), React's CommonJS through the
 * commonjs plugin, and the build-time constants both frameworks expect replaced.
 */
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

export const APPS = fileURLToPath(new URL('../apps/', import.meta.url));

export interface BuiltApps {
  /** Directory holding `react.js`, `vue.js` and their chunks. */
  dir: string;
  /** The chunk files written, by entry and shared chunk names. */
  files: string[];
  remove(): Promise<void>;
}

export async function buildApps(): Promise<BuiltApps> {
  const dir = await mkdtemp(join(tmpdir(), 'feedloop-apps-'));
  const bundle = await rollup({
    input: { react: `${APPS}react-main.js`, vue: `${APPS}vue-main.js` },
    plugins: [
      replace({
        preventAssignment: true,
        values: {
          // Development builds: their warnings reach the console, where the tests look for errors.
          'process.env.NODE_ENV': JSON.stringify('development'),
          // Vue's esm-bundler build asks the bundler for these flags (it warns when they are missing).
          __VUE_OPTIONS_API__: 'true',
          __VUE_PROD_DEVTOOLS__: 'false',
          __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
        },
      }),
      nodeResolve({ browser: true }),
      commonjs(),
    ],
    onwarn(warning, warn) {
      // React's and Vue's sources use `this` at the top of a few modules; nothing else is expected.
      if (warning.code != 'THIS_IS_UNDEFINED') warn(warning);
    },
  });
  const { output } = await bundle.write({ dir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  return { dir: `${dir}/`, files: output.map((chunk) => chunk.fileName), remove: () => rm(dir, { recursive: true, force: true }) };
}
