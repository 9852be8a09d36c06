// The script-tag build, from the JavaScript that `tsc -b` wrote to lib/:
//   dist/feedloop.js            eager loader (API, button, queue, delivery) — classic script, IIFE
//   dist/feedloop-panel.js      the Preact panel, loaded on first open (or when idle)
//   dist/feedloop-locale-XX.js  extra locales, loaded when the page's language needs them
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { fileURLToPath } from 'node:url';

const lib = (path) => fileURLToPath(new URL(`./lib/${path}`, import.meta.url));
const LOCALES = ['de', 'fr', 'es', 'ja', 'ar'];

/** Each locale chunk is generated: import the strings, hand them to the loader. */
const localeEntries = {
  name: 'feedloop-locale-entries',
  resolveId: (id) => (id.startsWith('locale-entry:') ? id : null),
  load(id) {
    if (!id.startsWith('locale-entry:')) return null;
    const code = id.slice('locale-entry:'.length);
    return `import strings from ${JSON.stringify(lib(`i18n/locales/${code}.js`))};\nwindow.feedloop.__define('locale-${code}', strings);`;
  },
};

const plugins = [
  localeEntries,
  nodeResolve({ browser: true }),
  terser({
    ecma: 2020,
    toplevel: true,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true, keep_fargs: false },
    format: { comments: false },
  }),
];

const build = (input, file) => ({
  input,
  output: { file: `dist/${file}`, format: 'iife', sourcemap: true, strict: false },
  plugins,
  treeshake: { moduleSideEffects: (id) => !id.includes('node_modules') || id.includes('preact') },
});

export default [
  build(lib('loader/feedloop.js'), 'feedloop.js'),
  build(lib('panel/script-entry.js'), 'feedloop-panel.js'),
  ...LOCALES.map((code) => build(`locale-entry:${code}`, `feedloop-locale-${code}.js`)),
];
