#!/usr/bin/env node
// Prints the gzip -9 size of each script-tag file in packages/widget/dist and checks the budget:
// the eager loader (feedloop.js) at most 2,048 B; the loader plus every lazy chunk other than
// the extra locales (core, panel, and any chunk they share: everything to show and submit the
// form in the default locale) at most 10,240 B. Exits non-zero over budget. Extra locales
// (feedloop-locale-XX.<hash>.js) load lazily and are listed but not counted.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const LOADER = 'feedloop.js';
const isLocale = (name) => name.startsWith('feedloop-locale-');

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
for (const name of files) console.log(`  ${name.padEnd(34)} ${pad(sizes[name], 6)} B`);
console.log('');

const budgets = [
  { name: 'eager loader', files: [LOADER], limit: 2048 },
  // The panel and the core are required (checked below); files is every non-locale chunk.
  { name: 'loader + form', files: [...new Set([LOADER, ...files.filter((name) => !isLocale(name))])], limit: 10240 },
];
for (const required of [/^feedloop-core\.[a-f0-9]{8,}\.js$/, /^feedloop-panel\.[a-f0-9]{8,}\.js$/])
  if (!files.some((name) => required.test(name))) budgets[1].files.push(String(required));

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
