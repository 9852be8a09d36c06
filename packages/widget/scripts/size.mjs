#!/usr/bin/env node
// Prints the gzip -9 size of each script-tag file in packages/widget/dist and checks the budget:
// the eager loader at most 2,048 B; loader + panel (everything to show and submit the form in
// the default locale) at most 10,240 B. Exits non-zero over budget. Extra locales load lazily
// and are listed but not counted.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const LOADER = 'feedloop.js';
const PANEL = 'feedloop-panel.js';
const budgets = [
  { name: 'eager loader', files: [LOADER], limit: 2048 },
  { name: 'loader + form', files: [LOADER, PANEL], limit: 10240 },
];

let files;
try {
  files = readdirSync(dist).filter((name) => name.endsWith('.js')).sort();
} catch {
  console.error(`size: ${dist} is missing; run \`pnpm build\` first`);
  process.exit(1);
}
const sizes = Object.fromEntries(files.map((name) => [name, gzipSync(readFileSync(join(dist, name)), { level: 9 }).length]));

const pad = (value, width) => String(value).padStart(width);
console.log('gzip -9 bytes of packages/widget/dist:');
for (const name of files) console.log(`  ${name.padEnd(28)} ${pad(sizes[name], 6)} B`);
console.log('');

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
  console.log(`  ${name.padEnd(16)} ${pad(total, 6)} B / ${pad(limit, 6)} B = ${(ratio * 100).toFixed(1).padStart(5)}%  ${verdict}`);
  over ||= ratio > 1;
}
process.exit(over ? 1 : 0);
