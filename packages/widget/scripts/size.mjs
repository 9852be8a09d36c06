#!/usr/bin/env node
// The widget's byte budget (issue 16), as the browser fetches it: prints the figures that
// test/size.browser.test.ts measured in Chromium (every script response of the widget on a plain
// host page, gzip as served; the budgets are in budgets.mjs) and fails when one is over budget.
// The report must be of the files now in dist/ (their SHA-256 are in it); when it is missing or
// of another build, this script runs that browser test first. CI runs the browser tests before
// `pnpm size`, so there it only reads the report.
//
// As supplementary information it lists every file of dist/ with its gzip -9 size, the number
// the test server sends (it compresses with the same zlib level), and when each file loads.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BUDGETS, REPORT } from './budgets.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const root = join(here, '..', '..', '..');

let files;
try {
  files = readdirSync(dist).filter((name) => name.endsWith('.js')).sort();
} catch {
  console.error(`size: ${dist} is missing; run \`pnpm build\` first`);
  process.exit(1);
}
const code = Object.fromEntries(files.map((name) => [name, readFileSync(join(dist, name))]));
const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');

const when = (name) =>
  name == 'feedloop.js'
    ? 'every page view: the button, trigger clicks, recorded calls'
    : name.startsWith('feedloop-panel.')
      ? 'on the first open (English, thumbs) before the core, or by the core'
      : name.startsWith('feedloop-core.')
        ? 'only when needed: a call, queued events, experiments, an update to ask for, preload'
        : name.startsWith('feedloop-scales.')
          ? 'only for a feature rated with stars, emoji or NPS'
          : name.startsWith('feedloop-locale-')
            ? 'with the panel or the notice, when the locale is not English'
            : name.startsWith('feedloop-prompts.')
              ? 'only with data-prompts, when the browser is idle: the prompt runtime, its region, the client'
            : name.startsWith('feedloop-notice.')
              ? "only for a browser that gave feedback and has an update to see (the submitter's notice)"
              : 'lazily';

const pad = (value, width) => String(value).padStart(width);
console.log('gzip -9 bytes of each file of packages/widget/dist:');
for (const name of files) console.log(`  ${name.padEnd(34)} ${pad(gzipSync(code[name], { level: 9 }).length, 6)} B  ${when(name)}`);
console.log('');

/** The report, if it measured exactly the files of this build; else why not. */
function readReport() {
  if (!existsSync(REPORT)) return 'there is no report';
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  const names = Object.keys(report.files ?? {});
  if (!names.includes('feedloop.js')) return 'the report names no feedloop.js';
  const stale = names.filter((name) => !code[name] || sha256(code[name]) != report.files[name]);
  if (stale.length) return `the report measured another build (${stale.join(', ')})`;
  const missing = Object.keys(BUDGETS).filter((name) => !report.scenarios.some((scenario) => scenario.name == name));
  if (missing.length) return `the report lacks ${missing.join(', ')}`;
  return report;
}

let report = readReport();
if (typeof report == 'string') {
  console.log(`size: ${report}; measuring in Chromium (packages/widget/test/size.browser.test.ts)…`);
  const vitest = join(dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs');
  spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.browser.config.ts', 'packages/widget/test/size.browser.test.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  report = readReport();
  if (typeof report == 'string') {
    console.error(`size: no measurement: ${report}`);
    process.exit(1);
  }
}

console.log(`As fetched by Chromium (every script response of the widget, gzip body bytes), ${report.measured}:`);
let over = false;
for (const { name, bytes, files: fetched } of report.scenarios) {
  const budget = BUDGETS[name] ?? null;
  const verdict = budget == null ? 'reported' : bytes <= budget ? 'ok' : 'OVER BUDGET';
  const limit = budget == null ? '' : ` / ${pad(budget, 6)} B = ${((bytes / budget) * 100).toFixed(1).padStart(5)}%`;
  console.log(`  ${name.padEnd(38)} ${pad(bytes, 6)} B${limit.padEnd(20)}  ${verdict}  (${fetched.map((file) => `${file.file} ${file.bytes}`).join(' + ')})`);
  over ||= budget != null && bytes > budget;
}
process.exit(over ? 1 : 0);
