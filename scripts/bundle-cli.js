#!/usr/bin/env node
'use strict';
/**
 * Run by `npm run build` after tsc and the precompilations: bundles the command line
 * (dist/cli/main.js, every module of ses-dns it loads, and the two libraries every synth
 * uses: js-yaml and the Handlebars runtime) into one file, dist/cli/bundle.js, which
 * bin/ses-dns.js runs. Loading a hundred and fifty small modules was most of what a
 * one-domain synth paid beyond cdktf (bench/PROFILE.md); one file of the same code loads in
 * a fraction of that time.
 *
 * Every other package stays out and loads from node_modules as usual: cdktf and constructs
 * (a user's app and ses-dns must share one cdktf), and what only some runs load, when they
 * need it (tldts, the dmarc readers, jiti for TypeScript configs, the AWS SDK, ajv's
 * compiler and the Handlebars compiler for stale precompiled code, yaml for documents
 * js-yaml refuses). The library entry (dist/index.js) is not bundled.
 *
 * The bundle's last line names its build (a hash of its code): scripts/code-cache.js, the
 * next step, writes V8's code cache of it under that name, and bin/load-bundle.js takes a
 * cache only for the bundle it was made from.
 */
const { build } = require('esbuild');
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const { join, sep } = require('node:path');
const { BUILD_MARK } = require('../bin/load-bundle');

const dist = join(__dirname, '..', 'dist', 'cli');
/** The modules tsc wrote. */
const ours = join(__dirname, '..', 'dist') + sep;

/** The only packages bundled: loaded by every synth. */
const BUNDLED = new Set(['js-yaml', 'handlebars/runtime', 'ajv/dist/runtime/ucs2length']);

/** A bare import (esbuild's filters take Go regular expressions: no lookahead). */
const BARE = /^[^./]/;

/** `await import('./x.js')` of a module of ours, as tsc writes it. */
const OWN_IMPORT = /\bawait import\(('\.{1,2}\/[^']+')\)/g;

const outfile = join(dist, 'bundle.js');

build({
  entryPoints: [join(dist, 'main.js')],
  outfile,
  // Written below, with the build mark as its last line.
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Whitespace only: names stay readable in stack traces of internal errors.
  minifyWhitespace: true,
  // Each `import()` of a package left out (the AWS SDK, CommonJS) becomes a `require`:
  // bin/load-bundle.js runs the bundle as a `vm` script, which has no loader for `import()`.
  supported: { 'dynamic-import': false },
  plugins: [
    {
      name: 'left-out',
      setup(build) {
        // Node built-ins are external to esbuild anyway; every package but BUNDLED is made so.
        build.onResolve({ filter: BARE }, (args) =>
          BUNDLED.has(args.path) || args.path.startsWith('node:') ? undefined : { path: args.path, external: true },
        );
      },
    },
    {
      name: 'no-pause',
      setup(build) {
        // `await import('./x.js')` of a module of ours becomes `require('./x.js')`: the module
        // is in the bundle either way, but an import() resumes the command a turn later, and
        // Node caches file lookups only while the main module runs without a pause: a synth
        // then loads cdktf's modules with that cache (about 600 fewer file lookups).
        build.onLoad({ filter: /\.js$/ }, (args) =>
          args.path.startsWith(ours)
            ? { contents: readFileSync(args.path, 'utf8').replace(OWN_IMPORT, 'require($1)'), loader: 'js' }
            : undefined,
        );
      },
    },
  ],
  logLevel: 'warning',
})
  .then(({ outputFiles }) => {
    // The build's id, which the code cache of this bundle names (bin/load-bundle.js).
    const code = outputFiles[0].text;
    const id = createHash('sha256').update(code).digest('hex');
    writeFileSync(outfile, `${code}${BUILD_MARK}${id}\n`);
  })
  .catch((error) => {
    // esbuild has printed its errors; anything else is printed here.
    if (!error?.errors) console.error(error);
    process.exitCode = 1;
  });
