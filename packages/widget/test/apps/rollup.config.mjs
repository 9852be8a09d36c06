// The apps' build, as an app would have it: rollup resolving the npm packages through their
// package.json exports, React's CommonJS through the commonjs plugin, and the build-time
// constants both frameworks expect replaced. Output: FEEDLOOP_APPS_OUT (a temporary directory).
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { fileURLToPath } from 'node:url';

const app = (name) => fileURLToPath(new URL(`./${name}-main.js`, import.meta.url));

export default {
  input: { react: app('react'), vue: app('vue') },
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
  onwarn(warning) {
    // None is expected (an unresolved import, a circular chunk…): each would be a change to look at.
    throw new Error(`rollup warned: ${warning.message}`);
  },
  output: { dir: process.env.FEEDLOOP_APPS_OUT, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
};
