#!/usr/bin/env node
// Lints the publishable packages as npm would receive them: `pnpm pack` each one (which
// rewrites workspace:* versions as a publish does), then publint and Are the Types Wrong on
// the tarball. Builds nothing: run `pnpm build` first.
//
// attw runs with the esm-only profile: these packages are "type": "module" with ESM-only
// `exports`, so a CommonJS require() (node16-cjs) and TypeScript's legacy node10 resolution,
// which ignores `exports`, are not supported ways to consume them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Package folders to check: the publishable ones, or those named on the command line.
const packages =
  process.argv.length > 2
    ? process.argv.slice(2).map((dir) => resolve(dir))
    : ['packages/protocol', 'packages/sdk', 'packages/widget'].map((dir) => join(root, dir));
const bin = join(root, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' };

/** Runs a command, its output shown; returns its stdout when `capture` is set. */
function run(command, args, { cwd = root, capture = false } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
  });
  if (result.error) throw result.error;
  return { ok: result.status === 0, stdout: result.stdout ?? '' };
}

/** pnpm from PATH, else the version the repository pins (package.json `packageManager`) via npx. */
function pnpm() {
  if (spawnSync('pnpm', ['--version'], { env, stdio: 'ignore' }).status === 0) return ['pnpm'];
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return ['npx', '--yes', packageManager.split('+')[0]];
}

/** The `exports` entries as [subpath, { types, default }] pairs (a bare string is `default`). */
function exportEntries(manifest) {
  return Object.entries(manifest.exports ?? {}).map(([subpath, target]) => [
    subpath,
    typeof target === 'string' ? { default: target } : target,
  ]);
}

/** `pattern` (one `*`, or none) applied to every name, relative to the package root. */
function expand(pattern, names) {
  const relative = pattern.replace(/^\.\//, '');
  return relative.includes('*') ? names.map((name) => relative.replace('*', name)) : [relative];
}

/** Names a wildcard pattern matches among the packed files (`*.js` and `a.js` give `a`). */
function wildcardNames(pattern, packedFiles) {
  const [before, after] = pattern.replace(/^\.\//, '').split('*');
  return packedFiles
    .filter((file) => file.startsWith(before) && file.endsWith(after))
    .map((file) => file.slice(before.length, file.length - after.length));
}

/**
 * Every entrypoint ships its types: attw passes a package without any, and publint does not
 * require a `types` condition.
 */
function missingTypes(manifest, packedFiles) {
  const missing = [];
  for (const [subpath, target] of exportEntries(manifest)) {
    if (typeof target.types !== 'string') {
      missing.push(`${subpath}: no "types" condition`);
      continue;
    }
    const names = subpath.includes('*') ? wildcardNames(target.default ?? '', packedFiles) : [];
    for (const file of expand(target.types, names)) {
      if (!packedFiles.includes(file)) missing.push(`${subpath}: ${file} is not in the package`);
    }
  }
  return missing;
}

/**
 * attw does not expand wildcard subpaths (`./locales/*`): each packed file a wildcard
 * matches is named as an entrypoint so its types are checked too.
 */
function wildcardEntrypoints(manifest, packedFiles) {
  return exportEntries(manifest)
    .filter(([subpath, target]) => subpath.includes('*') && typeof target.default === 'string')
    .flatMap(([subpath, target]) =>
      wildcardNames(target.default, packedFiles).map((name) => subpath.replace('*', name)),
    );
}

const [pnpmCommand, ...pnpmArgs] = pnpm();
const destination = mkdtempSync(join(tmpdir(), 'feedloop-pack-'));
const failures = [];
try {
  for (const dir of packages) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    console.log(`\n=== ${manifest.name}`);
    const packArgs = [...pnpmArgs, 'pack', '--json', '--pack-destination', destination];
    const packed = run(pnpmCommand, packArgs, { cwd: dir, capture: true });
    if (!packed.ok) {
      failures.push(`${manifest.name}: pnpm pack`);
      continue;
    }
    const { filename, files } = JSON.parse(packed.stdout);
    const packedFiles = files.map((file) => file.path);
    console.log(`${filename.split('/').pop()}: ${packedFiles.length} files`);

    const untyped = missingTypes(manifest, packedFiles);
    if (untyped.length > 0) {
      console.error(`Entrypoints without types:\n  ${untyped.join('\n  ')}`);
      failures.push(`${manifest.name}: types`);
    }

    if (!run('publint', ['run', filename, '--strict']).ok) failures.push(`${manifest.name}: publint`);

    const extra = wildcardEntrypoints(manifest, packedFiles);
    const attwArgs = [filename, '--profile', 'esm-only', '--no-color', '--no-emoji'];
    if (extra.length > 0) attwArgs.push('--include-entrypoints', ...extra);
    if (!run('attw', attwArgs).ok) failures.push(`${manifest.name}: attw`);
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\nPackage checks failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`\nPackage checks passed: ${packages.length} packages (publint, attw --profile esm-only).`);
