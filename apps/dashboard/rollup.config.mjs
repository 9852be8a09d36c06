// The dashboard's browser build, from the JavaScript that `tsc -b` wrote to lib/:
//   dist/index.html      the page (served at /dashboard/ with a strict Content-Security-Policy)
//   dist/dashboard.js    the Preact app (ES module, one file)
//   dist/prompt-preview.js the prompt preview frame's script (src/preview)
//   dist/dashboard.css   its styles; dist/uplot.css: uPlot's own, as a file (no inline styles)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const require = createRequire(import.meta.url);

/** Static files next to the bundle: the page, its CSS and uPlot's CSS. */
const assets = {
  name: 'feedloop-dashboard-assets',
  buildStart() {
    this.addWatchFile(here('public/index.html'));
    this.addWatchFile(here('public/dashboard.css'));
  },
  generateBundle() {
    const uplotCss = require.resolve('uplot/dist/uPlot.min.css');
    for (const [fileName, path] of [
      ['index.html', here('public/index.html')],
      ['dashboard.css', here('public/dashboard.css')],
      ['uplot.css', uplotCss],
    ]) {
      this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
    }
  },
};

export default [
  {
    input: here('lib/main.js'),
    output: { dir: here('dist'), entryFileNames: 'dashboard.js', format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true }),
      terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
      assets,
    ],
  },
  // The prompt preview page's script (GET /v1/prompt-preview): a classic script, as the page's
  // opaque origin would need CORS for a module.
  {
    input: here('lib/preview/prompt-preview.js'),
    output: { file: here('dist/prompt-preview.js'), format: 'iife', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } })],
  },
];
