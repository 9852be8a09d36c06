#!/usr/bin/env node
// Prints the gzip -9 size of each script-tag file in packages/widget/dist and checks the budget:
//   - the eager loader (feedloop.js) at most 2,048 B;
//   - loader + form at most 10,240 B: feedloop.js plus exactly the chunks the first open of the
//     default form (English, thumbs) loads: the panel chunk (feedloop-panel.<hash>.js, which
//     feedloop.js imports on that open, the client included) and every chunk it imports
//     statically, recursively (none at present). Found by reading the files, so a chunk added to
//     that path is counted without editing this script.
// The other chunks are listed as not in the budget, each with when it loads: the core (when the
// browser is idle: experiments, triggers, routes, replay), the other rating scales (only for a
// feature configured with stars, emoji or NPS), the extra locales, the update notice (only on a
// page view of a submitter with news; never on the way of the form). Exits non-zero over budget.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const LOADER = 'feedloop.js';
const PANEL = /^feedloop-panel\.[a-f0-9]{8,}\.js$/;

let files;
try {
  files = readdirSync(dist).filter((name) => name.endsWith('.js')).sort();
} catch {
  console.error(`size: ${dist} is missing; run \`pnpm build\` first`);
  process.exit(1);
}
const code = Object.fromEntries(files.map((name) => [name, readFileSync(join(dist, name))]));
const sizes = Object.fromEntries(files.map((name) => [name, gzipSync(code[name], { level: 9 }).length]));

/** Chunks a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`, `export … from`), not `import("./x.js")`. */
const staticImports = (name) =>
  [...String(code[name]).matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)].map((match) => match[1]);

const panel = files.find((name) => PANEL.test(name));
const formPath = new Set([LOADER]);
if (panel) {
  const loader = String(code[LOADER] ?? '');
  if (!loader.includes(panel)) console.error(`  ${LOADER} does not name ${panel}`);
  for (const queue = [panel]; queue.length; ) {
    const name = queue.shift();
    if (formPath.has(name)) continue;
    formPath.add(name);
    queue.push(...staticImports(name));
  }
}

const when = (name) =>
  name.startsWith('feedloop-core.')
    ? 'when the browser is idle (its client, experiments, triggers, routes, replay); not on the way of an open'
    : name.startsWith('feedloop-scales.')
      ? 'only for a feature rated with stars, emoji or NPS'
      : name.startsWith('feedloop-locale-')
        ? 'with the panel, when the locale is not English'
        : name.startsWith('feedloop-notice.')
          ? "only for a browser that gave feedback and has an update to see (the submitter's notice)"
          : 'lazily';

const pad = (value, width) => String(value).padStart(width);
console.log('gzip -9 bytes of packages/widget/dist:');
for (const name of files.filter((name) => formPath.has(name))) console.log(`  ${name.padEnd(34)} ${pad(sizes[name], 6)} B`);
console.log('not in the budget:');
for (const name of files.filter((name) => !formPath.has(name))) console.log(`  ${name.padEnd(34)} ${pad(sizes[name], 6)} B  ${when(name)}`);
console.log('');

const budgets = [
  { name: 'eager loader', files: [LOADER], limit: 2048 },
  { name: 'loader + form', files: [...formPath, ...(panel ? [] : [String(PANEL)])], limit: 10240 },
];

let over = false;
for (const { name, files: members, limit } of budgets) {
  const missing = members.filter((file) => !(file in sizes));
  if (missing.length) {
    console.error(`  ${name}: missing ${missing.join(', ')}`);
    over = true;
    continue;
  }
  const total = members.reduce((sum, file) => sum + sizes[file], 0);
  const ratio = total / limit;
  const verdict = ratio <= 1 ? 'ok' : 'OVER BUDGET';
  console.log(`  ${name.padEnd(16)} ${pad(total, 6)} B / ${pad(limit, 6)} B = ${(ratio * 100).toFixed(1).padStart(5)}%  ${verdict}  (${members.join(' + ')})`);
  over ||= ratio > 1;
}
process.exit(over ? 1 : 0);
