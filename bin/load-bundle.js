'use strict';
/**
 * Loads the bundled command line (dist/cli/bundle.js), and the bundle of cdktf it carries
 * (dist/cli/cdktf-bundle.js, loaded only by a command that builds stacks), each with V8's
 * code cache of it, when the build wrote one for this Node.js (scripts/code-cache.js):
 * compiling the bundle's code at each start was a third of what a one-domain synth spent in
 * ses-dns's own code, and loading cdktf from its 380 modules most of the whole synth
 * (bench/PROFILE.md).
 *
 * The bundle runs as a CommonJS module would (the same five parameters, `require` resolving
 * from its folder) through Node's public `vm` API: nothing of Node's module loader is
 * patched, nothing is put in `require.cache`. With no cache of ours for the running Node.js
 * (the package was built on another one) on a Node.js that has a module compile cache (22.1
 * and later), the bundle is loaded with `require` under Node's own compile cache, which keeps
 * its compiled code for the next run (the way TypeScript's `tsc` starts). Otherwise (another
 * V8's flags, a bundle built since), V8 compiles the bundle as `require` would. The bundle holds
 * no `import()` (scripts/bundle-cli.js makes each a `require`), which a script run by `vm`
 * could only make through an experimental loader.
 * @see https://nodejs.org/api/vm.html#scriptcreatecacheddata
 */
const { Buffer } = require('node:buffer');
const { existsSync, readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { basename, dirname } = require('node:path');
const vm = require('node:vm');

/** The last line of the bundle names its build: `//# ses-dns-build <sha256 of what precedes it>`. */
const BUILD_MARK = '//# ses-dns-build ';

/**
 * The name a bundle's code runs under, in stack traces: `ses-dns/dist/cli/bundle.js`, the
 * same on every machine. A code cache keeps the name the build compiled the bundle under,
 * and Node 20's V8 shows that one, not the name given when the cache is used: an installed
 * package's stack traces named the build machine's folder, and src/config/code-config-errors.ts
 * (which matches this name) took ses-dns's frames for the user's.
 */
function scriptNameOf(bundle) {
  return `ses-dns/dist/cli/${basename(bundle)}`;
}

/** Where the code cache of `bundle` for this Node.js lives: V8 only takes a cache of its own version. */
function cacheFileOf(bundle) {
  return `${bundle.slice(0, -'.js'.length)}.v8-${process.versions.v8}-${process.arch}.cache`;
}

/** The build id the bundle's last line gives, or undefined for a bundle without one. */
function buildIdOf(source) {
  const at = source.lastIndexOf(BUILD_MARK);
  return at < 0 ? undefined : source.slice(at + BUILD_MARK.length).trim();
}

/**
 * The cache for `source`: the cache file begins with the build id of the bundle it was made
 * from (V8 itself checks a cache only against the length of the source).
 */
function readCache(file, source) {
  const id = buildIdOf(source);
  if (id === undefined) return undefined;
  let data;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = Buffer.byteLength(id);
  return data.length > header && data.toString('latin1', 0, header) === id ? data.subarray(header) : undefined;
}

let compileCache;

/**
 * Whether Node's module compile cache is on (Node 22.1 and later, `module.enableCompileCache`:
 * in the folder `NODE_COMPILE_CACHE` names, else Node's own in the temporary folder; off with
 * `NODE_DISABLE_COMPILE_CACHE=1`). Turned on at the first call.
 * @see https://nodejs.org/api/module.html#moduleenablecompilecachecachedir
 */
function nodeCompileCache() {
  if (compileCache === undefined) {
    const { enableCompileCache, constants } = require('node:module');
    const status = typeof enableCompileCache === 'function' ? enableCompileCache().status : undefined;
    compileCache =
      status !== undefined &&
      (status === constants.compileCacheStatus.ENABLED || status === constants.compileCacheStatus.ALREADY_ENABLED);
  }
  return compileCache;
}

/** Each bundle this process loaded, by file: a bundle runs once, as a module would. */
const loaded = new Map();

/**
 * Runs the bundle at `file` (once: a second call returns what the first did) and returns its
 * exports, with `script` (for the build's `createCachedData()`) and whether V8 took the cache.
 * @param options.cache whether to read the code cache @default true
 */
function loadBundle(file, options = {}) {
  const earlier = loaded.get(file);
  if (earlier) return earlier;
  if (options.cache !== false && !existsSync(cacheFileOf(file)) && nodeCompileCache()) {
    // No cache of ours for this Node.js (the build ran on another one): Node's own compile
    // cache keeps what it compiles of the bundle, loaded as a module, for the next run.
    const bundle = { exports: require(file), script: undefined, cached: false };
    loaded.set(file, bundle);
    return bundle;
  }
  const source = readFileSync(file, 'utf8');
  const cachedData = options.cache === false ? undefined : readCache(cacheFileOf(file), source);
  // The wrapper on a line of its own, counted as line 0: stack traces keep the bundle's own lines.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: scriptNameOf(file),
    lineOffset: -1,
    cachedData,
  });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  const bundle = { exports: module.exports, script, cached: cachedData !== undefined && !script.cachedDataRejected };
  loaded.set(file, bundle);
  return bundle;
}

/** The files of the bundles this process loaded, with their scripts, in the order they were loaded. */
function loadedBundles() {
  return [...loaded].map(([file, { script, cached }]) => ({ file, script, cached }));
}

module.exports = { BUILD_MARK, buildIdOf, cacheFileOf, loadBundle, loadedBundles, scriptNameOf };
