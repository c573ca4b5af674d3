#!/usr/bin/env node
'use strict';
/**
 * `npm start`: synthesizes the bundled ses-dns.yaml into cdktf.out/, building first only
 * when the build is missing or older than what it is built from. A full build type-checks
 * the whole project (seconds); a synth of the example takes a fraction of a second.
 *
 * The build is current when the code cache of dist/cli/bundle.js for this Node.js, its last
 * step (scripts/code-cache.js), is newer than every file of src/ and templates/, the build
 * scripts, the bundle's loader, the config schema the validator is compiled from,
 * package.json, package-lock.json (the cdktf bundle holds the installed cdktf) and the
 * tsconfig files.
 */
const { spawnSync } = require('node:child_process');
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const { cacheFileOf } = require('../bin/load-bundle');

const ROOT = join(__dirname, '..');
const BUILT = cacheFileOf(join(ROOT, 'dist', 'cli', 'bundle.js'));
const INPUTS = [
  'src',
  'templates',
  'scripts/precompile-schema.js',
  'scripts/precompile-templates.js',
  'scripts/bundle-cli.js',
  'scripts/code-cache.js',
  'bin/load-bundle.js',
  'schema/ses-dns.schema.json',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
];

/** The latest modification time of a file, or of any file in a folder. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = statSync(BUILT, { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (INPUTS.some((input) => newest(join(ROOT, input)) > built)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

process.argv = [process.argv[0], join(ROOT, 'bin', 'ses-dns.js'), 'synth', '-c', 'ses-dns.yaml', '-o', 'cdktf.out'];
require('../bin/ses-dns.js');
