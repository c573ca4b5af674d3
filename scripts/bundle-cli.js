#!/usr/bin/env node
'use strict';
/**
 * Run by `npm run build` after tsc and the precompilations: bundles the command line
 * (dist/cli/main.js and everything it loads of ses-dns, js-yaml and the Handlebars runtime)
 * into one file, dist/cli/bundle.js, which bin/ses-dns.js runs. Loading a hundred and fifty
 * small modules was most of what a one-domain synth paid beyond cdktf itself
 * (bench/PROFILE.md); one file of the same code loads in a fraction of that time.
 *
 * Left out, and loaded from node_modules as usual: cdktf and constructs (a user's app and
 * ses-dns must share one cdktf), and what only an unusual run needs (ajv's compiler when the
 * precompiled validator is stale, the Handlebars compiler, the yaml reader for documents
 * js-yaml refuses, tsx for TypeScript configs, the AWS SDK for verify --aws).
 * The library entry (dist/index.js) is not bundled.
 */
const { build } = require('esbuild');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist', 'cli');
const LEFT_OUT = /^(cdktf|constructs|ajv|handlebars|yaml|tsx\/cjs\/api|@aws-sdk\/.+)$/;
build({
  entryPoints: [join(dist, 'main.js')],
  outfile: join(dist, 'bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Whitespace only: names stay readable in stack traces of internal errors.
  minifyWhitespace: true,
  plugins: [
    {
      name: 'left-out',
      setup(build) {
        // Exact names only: `handlebars/runtime` and ajv's runtime helpers are bundled.
        build.onResolve({ filter: LEFT_OUT }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
  logLevel: 'warning',
}).catch(() => {
  process.exitCode = 1;
});
