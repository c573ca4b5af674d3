#!/usr/bin/env node
'use strict';
// Runs the compiled CLI. `npm run build` also bundles it into one file, which starts faster
// (scripts/bundle-cli.js), with V8's code cache of it (./load-bundle.js); the modules of
// dist/cli run instead when the bundle is missing, or, in a checkout of the repository (it
// has src/), older than them (tsc ran without the bundling step). An installed package has
// no src/ and is never stale: npm gives its files the times they were unpacked at, in no
// set order, so there a bundle "older" than dist/cli/main.js says nothing.
// Kept tiny so startup stays fast.
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { loadBundle } = require('./load-bundle');

// A reader that stops early (`ses-dns schema | head`) closes the pipe: that ends the output,
// it is not an error worth a stack trace. Exit at once, as a program killed by SIGPIPE would
// (128 + 13), so shell pipelines with `set -o pipefail` still see the cut.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(141);
  });
}

const dist = join(__dirname, '..', 'dist', 'cli');
const modified = (file) => statSync(join(dist, file), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const checkout = existsSync(join(__dirname, '..', 'src'));
const cli =
  modified('bundle.js') >= (checkout ? modified('main.js') : 0)
    ? loadBundle(join(dist, 'bundle.js')).exports
    : require(join(dist, 'main.js'));
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
