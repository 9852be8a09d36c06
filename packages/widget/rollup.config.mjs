// The script-tag build, from the JavaScript that `tsc -b` wrote to lib/. Four builds, in order:
//   1. the panel, ES modules with content-hashed names (cached for a year by the service):
//      dist/feedloop-panel.<hash>.js         the Preact panel (thumbs, English), with the client
//                                            (the queue, fetch delivery, the making of events):
//                                            imported by feedloop.js (or the core's widget) on
//                                            first open
//      dist/feedloop-scales.<hash>.js        stars, emoji, NPS, for features configured with one
//   2. the core, the same way:
//      dist/feedloop-core.<hash>.js          only when needed: the client, exposures, updates,
//                                            privacy, routes, other locales, the replay of calls
//      dist/feedloop-locale-XX.<hash>.js     extra locales, when the page's language needs them
//      dist/feedloop-notice.<hash>.js        the submitter's update notice
//   3. the prompts, the same way:
//      dist/feedloop-prompts.<hash>.js       the prompt runtime with the client (no privacy layer,
//                                            experiments, updates or widget): imported by
//                                            feedloop.js when idle on a page with data-prompts and
//                                            nothing else for the core, or by the core's widget;
//                                            it imports the core's locale chunks
//   4. dist/feedloop.js, the eager loader: a classic script (IIFE) for `<script async>`, with
//      the chunks' names written in; it imports the core with import() at once when a call or
//      queued events wait, when the browser is idle for experiments, a submitter's updates or the
//      preload, and never otherwise; the prompt chunk alone when idle for prompts alone; the
//      panel on a first open that needs nothing else.
// The panel, the core and the prompts are separate builds, so each holds its own copy of the
// client instead of importing a shared chunk: a first open loads one chunk after feedloop.js, not
// two in a row (437 B less as measured, and one round trip less), at the price of the client's
// code twice for a page that loads two of them. Shared chunks (one build of the three entries)
// were measured for issue 16: the first open then fetched 10,916 B (rollup's own split: panel +
// three shared chunks) or 13,571 B (the SDK in a chunk of its own), over its 10,240 B budget,
// which the single panel chunk meets with 227 B to spare. The one queue and
// client of the page are kept on the configuration object feedloop.js hands to all (see
// loader/client.ts). What a page fetches is measured by test/size.browser.test.ts (`pnpm size`).
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trimPreact } from './scripts/trim-preact.mjs';

const lib = (path) => fileURLToPath(new URL(`./lib/${path}`, import.meta.url));
const dist = fileURLToPath(new URL('./dist/', import.meta.url));

let entryFiles = {}; // { core, panel, prompts }: set by the lazy builds, written into the loader's
let localeFiles = {}; // { de: 'feedloop-locale-de.<hash>.js', … }: the core's, which the prompt chunk imports too

const minify = (mangle) =>
  terser({
    ecma: 2020,
    module: true,
    toplevel: true,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true, keep_fargs: false },
    mangle,
    format: { comments: false },
    // One map of mangled property names for all the chunks of a build: a property mangled in one
    // chunk has the same name in the chunks importing it.
    nameCache: {},
  });

/**
 * Property names to shorten in the panel build, the one with Preact: its internals (`__k`,
 * `__e`…, `_sb`; it mangles its own to these names), and the names of its component lifecycle and
 * `options` hooks, which our components do not define and nothing outside the bundled copy of
 * Preact sets. Never names of the wire contract, the API, the DOM, or anything that crosses from
 * one build to another.
 */
const PRIVATE =
  /^(__|_sb$|component[A-Z]|getDerivedState|getSnapshotBeforeUpdate$|getChildContext$|shouldComponentUpdate$|contextType$|defaultProps$|forceUpdate$|debounceRendering$|diffed$|vnode$|unmount$|sub$)/;

const treeshake = { moduleSideEffects: (id) => !id.includes('node_modules') || id.includes('preact') };
const output = {
  dir: 'dist',
  // Maps are written next to the files, without the `sourceMappingURL` comment in what pages download.
  sourcemap: 'hidden',
  hashCharacters: 'hex',
  generatedCode: 'es2015',
  compact: true,
};

/** Chunk names: the locale modules are named by their code. */
const chunkName = ({ name }) => (/^[a-z]{2}$/.test(name) ? `locale-${name}` : name);

/** A build of lazy chunks from one entry, ES modules with content-hashed names. */
const lazy = (name, input, { first = false, properties, preact = false, ownLocales = true } = {}) => ({
  input: { [name]: lib(input) },
  // The panel chunk may export more than `open` (what the scales chunk takes from it): no facade file.
  preserveEntrySignatures: 'allow-extension',
  output: {
    ...output,
    format: 'es',
    entryFileNames: 'feedloop-[name].[hash].js',
    chunkFileNames: (chunk) => `feedloop-${chunkName(chunk)}.[hash].js`,
    hoistTransitiveImports: false,
  },
  plugins: [
    {
      name: 'feedloop-lazy',
      buildStart() {
        // Hashed names change with every edit: start from an empty dist/ so old chunks do not pile up.
        if (!first || !existsSync(dist)) return; // a fresh clone has no dist/ yet
        entryFiles = {};
        localeFiles = {};
        for (const name of readdirSync(dist, { withFileTypes: true }).map((entry) => entry.name).filter((n) => /\.(js|map)$/.test(n)))
          rmSync(dist + name);
      },
      // The locale chunks are the core's: a later build imports those rather than write its own
      // copies (the same strings, other mangled names, so other hashes).
      resolveId(source, importer) {
        const code = !ownLocales && importer && /\/i18n\/locales\/([a-z]{2})\.js$/.exec(new URL(source, `file://${importer}`).pathname)?.[1];
        if (!code) return null;
        if (!localeFiles[code]) throw new Error(`the core's chunk of locale ${code} must be built first`);
        return { id: `./${localeFiles[code]}`, external: true };
      },
      generateBundle(_, bundle) {
        entryFiles = { ...entryFiles, [name]: Object.values(bundle).find((chunk) => chunk.isEntry).fileName };
        for (const chunk of Object.values(bundle)) if (ownLocales && /^[a-z]{2}$/.test(chunk.name ?? '')) localeFiles[chunk.name] = chunk.fileName;
      },
    },
    // The panel's copy of Preact, without the code paths the panel never takes.
    ...(preact ? [trimPreact()] : []),
    nodeResolve({ browser: true }),
    minify(properties ? { properties } : true),
  ],
  treeshake,
});

const loader = {
  input: lib('loader/feedloop.js'),
  output: { ...output, format: 'iife', entryFileNames: 'feedloop.js', strict: false },
  plugins: [
    {
      name: 'feedloop-core-name',
      transform(code, id) {
        if (id != lib('loader/feedloop.js')) return null;
        if (!entryFiles?.core || !entryFiles.panel || !entryFiles.prompts) throw new Error('the core, panel and prompt chunks must be built first');
        return {
          code: code.replace(/\bFEEDLOOP_(CORE|PANEL|PROMPTS)\b/g, (_, name) => JSON.stringify(entryFiles[name.toLowerCase()])),
          map: null,
        };
      },
      renderChunk(code) {
        // A classic script: anything rollup would import or export statically cannot be in it.
        if (/^\s*(import|export)\s/m.test(code)) throw new Error('feedloop.js must not import or export');
        return null;
      },
    },
    nodeResolve({ browser: true }),
    minify(true),
  ],
  treeshake,
};

export default [
  lazy('panel', 'loader/form.js', { first: true, properties: { regex: PRIVATE }, preact: true }),
  lazy('core', 'loader/core.js'),
  lazy('prompts', 'loader/prompts.js', { ownLocales: false }),
  loader,
];
