/**
 * bin/ses-dns.js runs the bundled command line with V8's code cache that the build wrote for
 * this Node.js (scripts/code-cache.js, issue #14): V8 takes it, a cache of another build is
 * never used, a cache V8 refuses costs nothing but the cache, and the command line works
 * the same either way. Each load runs in a process of its own (V8 checks a cache against
 * its flags). `npm test` builds first.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT } from './run';

const LOADER = join(ROOT, 'bin', 'load-bundle.js');
const BUNDLE = join(ROOT, 'dist', 'cli', 'bundle.js');
const CDKTF_BUNDLE = join(ROOT, 'dist', 'cli', 'cdktf-bundle.js');

const work = mkdtempSync(join(tmpdir(), 'ses-dns-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const { buildIdOf, cacheFileOf } = require(LOADER) as {
  buildIdOf(source: string): string | undefined;
  cacheFileOf(bundle: string): string;
};

/** Loads `bundle` in a new process: whether V8 took the cache, and whether the CLI answers `--version`. */
function load(bundle: string): { cached: boolean; version: string } {
  const script = `
    const { loadBundle } = require(${JSON.stringify(LOADER)});
    const { exports, cached } = loadBundle(${JSON.stringify(bundle)});
    let version = '';
    exports.main(['--version'], { out: (t) => (version += t), err: () => {} }).then(() => {
      process.stdout.write(JSON.stringify({ cached, version }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { cached: boolean; version: string };
}

/** A copy of the built bundle (and, given, a cache file for it) in a folder of its own. */
function copyOfBundle(name: string, cache?: Buffer): string {
  const bundle = join(mkdtempSync(join(work, `${name}-`)), 'bundle.js');
  copyFileSync(BUNDLE, bundle);
  if (cache) writeFileSync(cacheFileOf(bundle), cache);
  return bundle;
}

describe('the code cache of the bundled command line', () => {
  const source = readFileSync(BUNDLE, 'utf8');
  const id = buildIdOf(source)!;
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  test('the build names the bundle and writes its cache for this Node.js, which V8 takes', () => {
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(cacheFileOf(BUNDLE)).toString('latin1', 0, id.length)).toBe(id);
    expect(load(BUNDLE)).toEqual({ cached: true, version });
  });

  test('a synth loads the cdktf bundle once, with its cache, and its cdktf is the one our constructs extend', () => {
    const out = join(work, 'synth-with-caches');
    const script = `
      const { loadBundle, loadedBundles } = require(${JSON.stringify(LOADER)});
      const { exports } = loadBundle(${JSON.stringify(BUNDLE)});
      const said = [];
      const io = { out: (t) => said.push(t), err: (t) => said.push(t) };
      exports.main(['synth', '-c', 'examples/route53-basic/ses-dns.yaml', '-o', ${JSON.stringify(out)}], io).then((code) => {
        const bundles = loadedBundles().map(({ file, cached }) => ({ file, cached }));
        process.stdout.write(JSON.stringify({ code, bundles, said }));
      });`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const { code, bundles } = JSON.parse(result.stdout) as { code: number; bundles: unknown[] };
    expect(code).toBe(0);
    expect(bundles).toEqual([
      { file: BUNDLE, cached: true },
      { file: CDKTF_BUNDLE, cached: true },
    ]);
    // The synth's stack came from that cdktf: the version it writes is the one the bundle was built from.
    const built = (
      JSON.parse(readFileSync(join(ROOT, 'node_modules', 'cdktf', 'package.json'), 'utf8')) as { version: string }
    ).version;
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ version: built });
  });

  test('the licences of what the bundles hold are written beside them', () => {
    const notices = readFileSync(join(ROOT, 'dist', 'cli', 'THIRD-PARTY-NOTICES.md'), 'utf8');
    for (const name of ['cdktf', 'constructs', 'archiver', 'lodash', 'semver', 'js-yaml', 'handlebars', 'ajv']) {
      const { version } = JSON.parse(
        readFileSync(require.resolve(`${name}/package.json`, { paths: [join(ROOT, 'node_modules', 'cdktf')] }), 'utf8'),
      ) as { version: string };
      expect(notices, name).toContain(`## ${name} ${version}\n`);
    }
    expect(notices).toMatch(/## cdktf [\d.]+\n\nLicense: MPL-2\.0\. Repository: \S+/);
  });

  test('the bundles hold no import(), which a vm script cannot run', () => {
    expect(readFileSync(CDKTF_BUNDLE, 'utf8')).not.toMatch(/\bimport\(\s*["'`]/);
    expect(source).not.toMatch(/\bimport\(\s*["'`]/);
    // Nor esbuild's form of an import() of its own modules (scripts/bundle-cli.js, no-pause).
    expect(source).not.toMatch(/Promise\.resolve\(\)\.then\(\(\)\s*=>\s*__toESM\(require_/);
  });

  test('with the cache, in another folder than the build: stack traces name the bundle, not the build folder', () => {
    // A code cache keeps the script name it was made under, and Node 20's V8 shows that one:
    // an installed package's frames named the build machine's folder, and the config loader
    // took ses-dns's own frames for the user's (bin/load-bundle.js, scriptNameOf).
    const bundle = copyOfBundle('installed', readFileSync(cacheFileOf(BUNDLE)));
    const script = `
      const { loadBundle } = require(${JSON.stringify(LOADER)});
      const { exports, cached } = loadBundle(${JSON.stringify(bundle)});
      exports.main(null).catch((error) => process.stdout.write(JSON.stringify({ cached, stack: error.stack })));`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    const { cached, stack } = JSON.parse(result.stdout) as { cached: boolean; stack: string };
    expect(cached).toBe(true);
    expect(stack).toMatch(/\(ses-dns\/dist\/cli\/bundle\.js:\d+:\d+\)/);
    expect(stack).not.toContain(ROOT);
  });

  test('a cache made from another build is not used, and the command line still runs', () => {
    const cache = readFileSync(cacheFileOf(BUNDLE));
    const other = Buffer.concat([Buffer.from('0'.repeat(64)), cache.subarray(id.length)]);
    expect(load(copyOfBundle('other-build', other))).toEqual({ cached: false, version });
  });

  test('a cache that V8 refuses (damaged), or none, only means compiling as without one', () => {
    const damaged = Buffer.concat([Buffer.from(id), Buffer.alloc(4096, 7)]);
    expect(load(copyOfBundle('damaged', damaged))).toEqual({ cached: false, version });
    expect(load(copyOfBundle('none'))).toEqual({ cached: false, version });
  });

  test('bin/ses-dns.js with the cache writes what the modules of dist/cli write', () => {
    const config = join(ROOT, 'examples', 'route53-basic', 'ses-dns.yaml');
    const outputs = [join(ROOT, 'bin', 'ses-dns.js'), join(__dirname, 'support', 'run-modules.cjs')].map((entry, i) => {
      const out = join(work, `out-${i}`);
      const result = spawnSync(process.execPath, [entry, 'synth', '-c', config, '-o', out], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      return readFileSync(join(out, 'stacks', 'production', 'cdk.tf.json'), 'utf8');
    });
    expect(outputs[0]).toBe(outputs[1]);
  });
});
