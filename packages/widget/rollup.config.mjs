// The script-tag build, from the JavaScript that `tsc -b` wrote to lib/. Two builds, in order:
//   1. the lazy parts, ES modules with content-hashed names (cached for a year by the service):
//      dist/feedloop-panel.<hash>.js         the Preact panel and open/close (thumbs, English):
//                                            imported by feedloop.js (or the core) on first open
//      dist/feedloop-client.<hash>.js        fetch delivery, the making of events: imported by
//                                            the panel and the core (one client per page)
//      dist/feedloop-core.<hash>.js          when idle: exposures, triggers, routes, other
//                                            locales, the replay of recorded calls
//      dist/feedloop-scales.<hash>.js        stars, emoji, NPS, for features configured with one
//      dist/feedloop-locale-XX.<hash>.js     extra locales, when the page's language needs them
//   2. dist/feedloop.js, the eager loader: a classic script (IIFE) for `<script async>`, with
//      the core's and the panel's names written in; it imports the core with import() when the
//      browser is idle, or at once when a call or queued events wait, and the panel on a first
//      open that needs nothing else.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lib = (path) => fileURLToPath(new URL(`./lib/${path}`, import.meta.url));
const dist = fileURLToPath(new URL('./dist/', import.meta.url));

let entryFiles; // { core, panel }: set by build 1, written into build 2

const minify = (mangle) =>
  terser({
    ecma: 2020,
    module: true,
    toplevel: true,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true, keep_fargs: false },
    mangle,
    format: { comments: false },
  });

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

const lazy = {
  input: { core: lib('loader/core.js'), panel: lib('loader/form.js') },
  // The panel chunk may export more than `open`/`close` (what the scales chunk takes from it): no facade file.
  preserveEntrySignatures: 'allow-extension',
  output: {
    ...output,
    format: 'es',
    entryFileNames: 'feedloop-[name].[hash].js',
    chunkFileNames: (chunk) => `feedloop-${chunkName(chunk)}.[hash].js`,
    hoistTransitiveImports: false,
    // What the core and the panel share (delivery, the making of events): one chunk, `client`.
    // Exposures and the submitter's updates (sdk/experiments.js, sdk/updates.js) are the core's
    // alone: named, or rollup would pull them into the client. The two small helpers the panel
    // shares with the update notice (styles, direction) go with the client too, which is loaded
    // before either: otherwise they would be a chunk of their own, one more request on the form's path.
    manualChunks: (id) =>
      id.endsWith('/sdk/dist/experiments.js') || id.endsWith('/sdk/dist/updates.js') || id.endsWith('/loader/core.js')
        ? 'core'
        : id.includes('/sdk/') || id.includes('/protocol/') || id.endsWith('/loader/client.js') || id.endsWith('/core/styles.js') || id.endsWith('/i18n/direction.js')
          ? 'client'
          : undefined,
  },
  plugins: [
    {
      name: 'feedloop-clean-dist',
      // Hashed names change with every edit: start from an empty dist/ so old chunks do not pile up.
      buildStart() {
        if (!existsSync(dist)) return; // a fresh clone has no dist/ yet
        for (const name of readdirSync(dist, { withFileTypes: true }).map((entry) => entry.name).filter((n) => /\.(js|map)$/.test(n)))
          rmSync(dist + name);
      },
      generateBundle(_, bundle) {
        entryFiles = Object.fromEntries(Object.values(bundle).filter((chunk) => chunk.isEntry).map((chunk) => [chunk.name, chunk.fileName]));
      },
    },
    nodeResolve({ browser: true }),
    // Preact's internal properties (`__k`, `__e`…; it mangles its own to these names) become one or
    // two letters: they live in the panel chunk only, so the chunks need no common map.
    minify({ properties: { regex: /^__/ } }),
  ],
  treeshake,
};

const loader = {
  input: lib('loader/feedloop.js'),
  output: { ...output, format: 'iife', entryFileNames: 'feedloop.js', strict: false },
  plugins: [
    {
      name: 'feedloop-core-name',
      transform(code, id) {
        if (id != lib('loader/feedloop.js')) return null;
        if (!entryFiles?.core || !entryFiles.panel) throw new Error('the core and panel chunks must be built first');
        return {
          code: code.replace(/\bFEEDLOOP_CORE\b/g, JSON.stringify(entryFiles.core)).replace(/\bFEEDLOOP_PANEL\b/g, JSON.stringify(entryFiles.panel)),
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

export default [lazy, loader];
