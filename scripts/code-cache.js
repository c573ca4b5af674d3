#!/usr/bin/env node
'use strict';
/**
 * Run by `npm run build` after scripts/bundle-cli.js: writes V8's code cache of each bundle
 * of the command line for the Node.js that runs the build (`dist/cli/bundle.v8-<V8>-<arch>.cache`
 * and `dist/cli/cdktf-bundle.v8-...`), which bin/load-bundle.js hands to V8 when it loads
 * that bundle, so that the code a run needs is not compiled again every time.
 *
 * V8 compiles a function when it first runs, and a cache holds the functions compiled when
 * it is made: the caches are made after one synth and one validate of examples/route53-basic
 * (into a temporary folder), so they hold what a common run needs: the command line, config
 * reading and validation, the plan, cdktf, the stack and the reports. Each file begins with
 * the build id its bundle's last line gives: a cache is never used with another bundle.
 * Another Node.js (or V8 flags) rejects a cache, and V8 compiles as it would without one.
 */
const { Buffer } = require('node:buffer');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { buildIdOf, cacheFileOf, loadBundle, loadedBundles } = require('../bin/load-bundle');

const ROOT = join(__dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'cli', 'bundle.js');
const CDKTF_BUNDLE = join(ROOT, 'dist', 'cli', 'cdktf-bundle.js');
const EXAMPLE = join(ROOT, 'examples', 'route53-basic', 'ses-dns.yaml');

async function main() {
  // No earlier cache is read: a cache keeps the script name it was made under (Node 20's V8
  // shows that one), so a cache made from a cache would carry an old name on.
  for (const file of [BUNDLE, CDKTF_BUNDLE]) rmSync(cacheFileOf(file), { force: true });
  const { exports: cli } = loadBundle(BUNDLE, { cache: false });
  // The cdktf bundle through `vm` too, for its script: with no cache of ours, the synth below
  // would load it with `require` under Node's compile cache (Node 22.1 and later). A bundle
  // runs once per process, so the synth takes this one.
  loadBundle(CDKTF_BUNDLE, { cache: false });
  const work = mkdtempSync(join(tmpdir(), 'ses-dns-code-cache-'));
  const said = [];
  const io = { out: (text) => said.push(text), err: (text) => said.push(text) };
  try {
    for (const argv of [
      ['synth', '-c', EXAMPLE, '-o', join(work, 'cdktf.out')],
      ['validate', '-c', EXAMPLE],
    ]) {
      const code = await cli.main(argv, io);
      if (code !== 0) throw new Error(`ses-dns ${argv.join(' ')} exited ${code}:\n${said.join('\n')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // Our bundle, and the cdktf bundle that the synth loaded.
  const bundles = loadedBundles();
  if (bundles.length < 2) throw new Error(`the synth loaded ${bundles.map((b) => b.file).join(', ')}: no cdktf bundle`);
  for (const { file, script } of bundles) {
    const id = buildIdOf(readFileSync(file, 'utf8'));
    if (id === undefined) throw new Error(`${file} has no build mark: run scripts/bundle-cli.js first`);
    writeFileSync(cacheFileOf(file), Buffer.concat([Buffer.from(id), script.createCachedData()]));
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
