#!/usr/bin/env node
'use strict';
/**
 * Run by `npm run build` after tsc and the precompilations: bundles the command line into two
 * files, which bin/ses-dns.js runs through bin/load-bundle.js:
 *
 * - dist/cli/bundle.js: dist/cli/main.js, every module of ses-dns it loads, and the libraries
 *   every command uses (js-yaml, the Handlebars runtime, ajv's one runtime helper). Loading
 *   a hundred and fifty small modules was most of what a one-domain synth paid beyond cdktf.
 * - dist/cli/cdktf-bundle.js: cdktf and constructs, with everything they load. The command
 *   line carries the cdktf it was built and tested with, and loads it only in a command that
 *   builds stacks (synth), from one file with its code cache: `require('cdktf')` reads about
 *   380 modules (archiver, lodash, readable-stream, semver...) and was two thirds of a
 *   one-domain synth. The bundle's `require('cdktf')` and `require('constructs')` both take
 *   their exports from this one file, so our constructs and cdktf's classes are one copy.
 *   The library entry (dist/index.js) is not bundled: a user's own cdktf app imports our
 *   constructs with the cdktf it installed (a peer dependency).
 *
 * Every other package stays out and loads from node_modules as usual, when a command needs
 * it (tldts, the dmarc readers, jiti for TypeScript configs, the AWS SDK, ajv's compiler and
 * the Handlebars compiler for stale precompiled code, yaml for documents js-yaml refuses).
 *
 * Each bundle's last line names its build (a hash of its code): scripts/code-cache.js, the
 * next step, writes V8's code cache of each under that name, and bin/load-bundle.js takes a
 * cache only for the bundle it was made from. The licences of every bundled package are
 * written beside the bundles, in dist/cli/THIRD-PARTY-NOTICES.md.
 */
const { build } = require('esbuild');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, sep } = require('node:path');
const { BUILD_MARK } = require('../bin/load-bundle');

const ROOT = join(__dirname, '..');
const dist = join(ROOT, 'dist', 'cli');
/** The modules tsc wrote. */
const ours = join(ROOT, 'dist') + sep;

const OUR_BUNDLE = join(dist, 'bundle.js');
/** Its name is known to the code that loads it: see VENDORED_MODULE below. */
const CDKTF_BUNDLE = join(dist, 'cdktf-bundle.js');
const NOTICES = join(dist, 'THIRD-PARTY-NOTICES.md');

/** The packages bundled into ours: used by every command. */
const BUNDLED = new Set(['js-yaml', 'handlebars/runtime', 'ajv/dist/runtime/ucs2length']);

/** The packages of the cdktf bundle: what our bundle's `require` of each gives. */
const CDKTF_PACKAGES = ['cdktf', 'constructs'];

/** A bare import (esbuild's filters take Go regular expressions: no lookahead). */
const BARE = /^[^./]/;

/** `await import('./x.js')` of a module of ours, as tsc writes it. */
const OWN_IMPORT = /\bawait import\(('\.{1,2}\/[^']+')\)/g;

/** bin/load-bundle.js as the bundle (in dist/cli) requires it: one loader, and one record of what it loaded. */
const LOADER = '../../bin/load-bundle.js';

/**
 * What `require('cdktf')` (or `constructs`) is in our bundle: that package's exports from
 * the cdktf bundle, which the first of them loads (bin/load-bundle.js runs a bundle once).
 */
const VENDORED_MODULE = (name) =>
  `module.exports = require(${JSON.stringify(LOADER)}).loadBundle(require('node:path').join(__dirname, ${JSON.stringify(
    CDKTF_BUNDLE.slice(dist.length + 1),
  )})).exports[${JSON.stringify(name)}];`;

/** What both builds share. */
const COMMON = {
  // Written below, with the build mark as its last line.
  write: false,
  bundle: true,
  metafile: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Whitespace only: names stay readable in stack traces of internal errors.
  minifyWhitespace: true,
  // Each `import()` of a package left out (the AWS SDK, CommonJS) becomes a `require`:
  // bin/load-bundle.js runs a bundle as a `vm` script, which has no loader for `import()`.
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
};

/** The cdktf bundle: cdktf and constructs, and everything they load but Node's own modules. */
function buildCdktfBundle() {
  return build({
    ...COMMON,
    stdin: {
      contents: `module.exports = { ${CDKTF_PACKAGES.map((name) => `${JSON.stringify(name)}: require(${JSON.stringify(name)})`).join(', ')} };`,
      resolveDir: ROOT,
      sourcefile: 'cdktf-bundle-entry.js',
    },
    outfile: CDKTF_BUNDLE,
  });
}

/** Our bundle: the command line, BUNDLED, and cdktf and constructs taken from the cdktf bundle. */
function buildOurBundle() {
  return build({
    ...COMMON,
    entryPoints: [join(dist, 'main.js')],
    outfile: OUR_BUNDLE,
    plugins: [
      {
        name: 'cdktf-bundle',
        setup(build) {
          const names = new RegExp(`^(${CDKTF_PACKAGES.join('|')})$`);
          build.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'cdktf-bundle' }));
          build.onLoad({ filter: /.*/, namespace: 'cdktf-bundle' }, (args) => ({
            contents: VENDORED_MODULE(args.path),
            loader: 'js',
          }));
          build.onResolve({ filter: /load-bundle\.js$/ }, (args) =>
            args.path === LOADER ? { path: LOADER, external: true } : undefined,
          );
        },
      },
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
          // Node caches file lookups only while the main module runs without a pause.
          build.onLoad({ filter: /\.js$/ }, (args) =>
            args.path.startsWith(ours)
              ? { contents: readFileSync(args.path, 'utf8').replace(OWN_IMPORT, 'require($1)'), loader: 'js' }
              : undefined,
          );
        },
      },
    ],
  });
}

/** Writes a bundle's code with its build mark: the id its code cache names (bin/load-bundle.js). */
function writeWithBuildMark(file, { outputFiles }) {
  const code = outputFiles[0].text;
  const id = createHash('sha256').update(code).digest('hex');
  writeFileSync(file, `${code}${BUILD_MARK}${id}\n`);
}

/** The folder of the package a bundled file belongs to: the nearest package.json with a name. */
function packageRootOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name) return dir;
  }
  throw new Error(`no package.json with a name above ${file}`);
}

const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'LICENCE.md', 'license', 'license.md'];

/**
 * THIRD-PARTY-NOTICES.md: each package whose code is in a bundle, with its version, licence,
 * repository, and the licence text it ships (cdktf ships none: MPL-2.0 asks that the source
 * be available, which its repository and the registry's package are).
 */
function writeNotices(results) {
  const roots = new Set();
  for (const { metafile } of results) {
    for (const input of Object.keys(metafile.inputs)) {
      if (input.includes('node_modules/')) roots.add(packageRootOf(join(ROOT, input)));
    }
  }
  const sections = [...roots]
    .map((root) => {
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      const repository =
        typeof manifest.repository === 'string' ? manifest.repository : (manifest.repository?.url ?? 'not given');
      const licenseFile = LICENSE_FILES.find((name) => existsSync(join(root, name)));
      const text = licenseFile ? readFileSync(join(root, licenseFile), 'utf8').trim() : undefined;
      return {
        key: `${manifest.name}@${manifest.version}`,
        body: [
          `## ${manifest.name} ${manifest.version}`,
          '',
          `License: ${manifest.license ?? 'not given'}. Repository: ${repository}.`,
          ...(text
            ? ['', '```', text, '```']
            : [
                '',
                `The package ships no licence file; the licence text: https://spdx.org/licenses/${manifest.license}.html.`,
              ]),
        ].join('\n'),
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const unique = sections.filter((section, i) => i === 0 || sections[i - 1].key !== section.key);
  writeFileSync(
    NOTICES,
    [
      '# Third-party code in the bundled command line',
      '',
      'dist/cli/bundle.js and dist/cli/cdktf-bundle.js (written by scripts/bundle-cli.js) hold the',
      'code of these packages, under their own licences, as esbuild bundles it: whitespace removed,',
      'each module wrapped in a function, `import()` made a `require`. Their sources are the',
      'packages as published, at the versions below.',
      '',
      ...unique.map((section) => `${section.body}\n`),
    ].join('\n'),
  );
}

Promise.all([buildCdktfBundle(), buildOurBundle()])
  .then(([cdktf, ours]) => {
    writeWithBuildMark(CDKTF_BUNDLE, cdktf);
    writeWithBuildMark(OUR_BUNDLE, ours);
    writeNotices([cdktf, ours]);
  })
  .catch((error) => {
    // esbuild has printed its errors; anything else is printed here.
    if (!error?.errors) console.error(error);
    process.exitCode = 1;
  });
