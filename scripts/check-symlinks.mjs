#!/usr/bin/env node
// Fails when a committed symbolic link points outside the repository: an absolute target, or
// a relative one that climbs above the root. Such a link works on one machine only.
//
//   node scripts/check-symlinks.mjs           the links git tracks (mode 120000), as committed
//   node scripts/check-symlinks.mjs PATH...   the given links, as on disk
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, win32 } from 'node:path';

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();

/** Tracked links and their committed targets (read from the index, whatever the checkout). */
function trackedLinks() {
  const listing = execFileSync('git', ['ls-files', '--stage', '-z'], { cwd: root, encoding: 'utf8' });
  return listing
    .split('\0')
    .filter((entry) => entry.startsWith('120000 '))
    .map((entry) => {
      const [meta, path] = entry.split('\t');
      const blob = meta.split(' ')[1];
      const target = execFileSync('git', ['cat-file', 'blob', blob], { cwd: root, encoding: 'utf8' });
      return { path, target };
    });
}

/** Why a link's target leaves the repository, or null when it stays inside. */
function escapes(path, target) {
  if (isAbsolute(target) || win32.isAbsolute(target)) return 'absolute target';
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  if (resolved === '..' || resolved.startsWith('../')) return 'relative target above the root';
  return null;
}

const links =
  process.argv.length > 2
    ? process.argv.slice(2).map((arg) => ({
        path: relative(root, resolve(arg)).split('\\').join('/'),
        target: readlinkSync(arg),
      }))
    : trackedLinks();

const bad = links
  .map(({ path, target }) => ({ path, target, reason: escapes(path, target) }))
  .filter((link) => link.reason !== null);

for (const { path, target, reason } of bad) console.error(`${path} -> ${target}: ${reason}`);
if (bad.length > 0) {
  console.error(`${bad.length} symbolic link(s) point outside the repository.`);
  process.exit(1);
}
console.log(`Symbolic links: ${links.length} checked, none points outside the repository.`);
