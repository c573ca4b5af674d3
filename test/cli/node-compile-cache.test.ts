/**
 * A package built on another Node.js than the one it runs on has no code cache of ours for
 * it (bin/load-bundle.js): on a Node.js with a module compile cache (22.1 and later), the
 * bundles then load with `require` under Node's own compile cache, which keeps their code
 * for the next run; on Node 20 they compile as without a cache. Either way the command line
 * writes the golden bytes. .ci/run runs this file on Node 22 and 24 too.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'ses-dns-node-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hasCompileCache =
  typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** A copy of the built package without any code cache file of ours. */
function packageWithoutOurCaches(): string {
  const pkg = join(work, 'package');
  mkdirSync(join(pkg, 'dist', 'cli'), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
  for (const file of ['bundle.js', 'cdktf-bundle.js'])
    cpSync(join(ROOT, 'dist', 'cli', file), join(pkg, 'dist', 'cli', file));
  for (const shared of ['node_modules', 'templates', 'schema', 'package.json'])
    symlinkSync(join(ROOT, shared), join(pkg, shared));
  return pkg;
}

test('without a code cache of ours: Node compile cache where Node has one, the same bytes either way', () => {
  const pkg = packageWithoutOurCaches();
  const compileCache = join(work, 'node-compile-cache');
  const example = join(ROOT, 'examples', 'route53-basic');
  // Without NODE_DISABLE_COMPILE_CACHE, which turns Node's compile cache off, set or empty.
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_DISABLE_COMPILE_CACHE'),
  );
  const expected = readFileSync(join(example, 'expected', 'stacks', 'production', 'cdk.tf.json'), 'utf8');
  for (const run of [1, 2]) {
    const project = join(work, `project-${run}`);
    mkdirSync(project);
    cpSync(join(example, 'ses-dns.yaml'), join(project, 'ses-dns.yaml'));
    const result = spawnSync(process.execPath, [join(pkg, 'bin', 'ses-dns.js'), 'synth'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...environment, NODE_COMPILE_CACHE: compileCache },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(project, 'cdktf.out', 'stacks', 'production', 'cdk.tf.json'), 'utf8')).toBe(expected);
  }
  // Node keeps a cache of what it compiled (a folder per Node.js build) only where it has one.
  const kept = existsSync(compileCache)
    ? readdirSync(compileCache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    : [];
  const bytes = kept.reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
  // The bundles' code, not only bin's two small modules: hundreds of kilobytes.
  if (hasCompileCache) expect(bytes).toBeGreaterThan(100_000);
  else expect(kept).toEqual([]);
  // Our package folder got nothing written into it.
  expect(readdirSync(join(pkg, 'dist', 'cli')).sort()).toEqual(['bundle.js', 'cdktf-bundle.js']);
});
