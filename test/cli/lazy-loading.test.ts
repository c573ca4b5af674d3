/**
 * Each command module is light, and loads the work it calls (and the packages that work
 * needs) only when it runs (issue #18): `--help`, `schema` and an invalid config load no
 * package beyond what they use, no command loads TypeBox (the config schema is read from
 * schema/ses-dns.schema.json), and the config validator is the one precompiled at build
 * time, not ajv's compiler. Runs the built CLI (`npm test` builds first) in a process of its
 * own and reads which modules it loaded: from the modules of dist/cli, where each of ours is
 * a file, and as bin/ses-dns.js runs it, from the bundle (issue #14), where ours, js-yaml,
 * the Handlebars runtime and the precompiled validator are one file and only the packages
 * left out of it show. (bin/load-bundle.js runs the bundles through `vm`, with their code
 * caches: a bundle is not among the modules `require` loaded, the loader's record names it.)
 * From the bundle, cdktf and constructs come from the cdktf bundle, which only a command that
 * builds stacks loads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT } from './run';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-loaded-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** How the CLI is started: bin/ses-dns.js (the bundle) or the modules of dist/cli. */
type Entry = 'bundle' | 'modules';

const ENTRY_FILES: Record<Entry, string> = {
  bundle: join(ROOT, 'bin', 'ses-dns.js'),
  modules: join(__dirname, 'support', 'run-modules.cjs'),
};

/** The bundles the last run of loadedBy() loaded, relative to the repository. */
let bundlesLoaded: string[] = [];

/** The files a run of `ses-dns <args>` loaded, relative to the repository (its bundles: `bundlesLoaded`). */
function loadedBy(entry: Entry, ...args: string[]): string[] {
  const file = join(work, `${entry}-${args.join('_').replace(/\W+/g, '-')}.txt`);
  const result = spawnSync(
    process.execPath,
    ['--require', join(__dirname, 'support', 'loaded-modules.cjs'), ENTRY_FILES[entry], ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOADED_MODULES_FILE: file } },
  );
  expect(result.status, result.stderr).not.toBeNull();
  const files = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((path) => path.slice(ROOT.length + 1));
  bundlesLoaded = readFileSync(`${file}.bundles`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((path) => path.slice(ROOT.length + 1));
  // Each entry runs what it says: bin/ses-dns.js runs the modules when the bundle is stale.
  if (entry === 'bundle') {
    expect(files).toContain('bin/load-bundle.js');
    expect(files.filter((f) => f.startsWith('dist/'))).toEqual([]);
    expect(bundlesLoaded[0]).toBe('dist/cli/bundle.js');
  } else {
    expect(files).toContain('dist/cli/main.js');
    expect(files).not.toContain('bin/load-bundle.js');
    expect(bundlesLoaded).toEqual([]);
  }
  return files;
}

/** The packages among `files`: `yaml`, `@cdktf/provider-aws`. */
function packagesOf(files: readonly string[]): string[] {
  const names = files.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []);
  return [...new Set(names)].sort();
}

/** Packages of the other commands' work: the AWS SDK, the DMARC report readers, TypeBox, jiti. */
const NEVER_FOR_VALIDATE = /^(@aws-sdk\/|@smithy\/|@sinclair\/typebox$|saxes$|yauzl$|postal-mime$|handlebars$|jiti$)/;

describe.each<Entry>(['modules', 'bundle'])('what each command loads, from the %s', (entry) => {
  test('--help and schema: our own modules, no package', () => {
    expect(packagesOf(loadedBy(entry, '--help'))).toEqual([]);
    expect(packagesOf(loadedBy(entry, 'schema'))).toEqual([]);
    if (entry === 'bundle') expect(bundlesLoaded).toEqual(['dist/cli/bundle.js']);
  });

  test('synth: cdktf and constructs, from the cdktf bundle when run from the bundle', () => {
    const out = mkdtempSync(join(work, 'synth-'));
    const files = loadedBy(entry, 'synth', '-c', 'ses-dns.yaml', '-o', join(out, 'cdktf.out'));
    const packages = packagesOf(files);
    if (entry === 'modules') {
      expect(packages).toEqual(expect.arrayContaining(['cdktf', 'constructs']));
    } else {
      // One file of cdktf, its code cache with it, not the 380 modules of node_modules/cdktf.
      expect(bundlesLoaded).toEqual(['dist/cli/bundle.js', 'dist/cli/cdktf-bundle.js']);
      expect(packages.filter((p) => /^(cdktf|constructs|@cdktf\/)$/.test(p))).toEqual([]);
    }
    // Handlebars's runtime writes RECORDS.md; nothing of the other commands.
    expect(packages.filter((p) => NEVER_FOR_VALIDATE.test(p) && p !== 'handlebars')).toEqual([]);
  });

  test('validate of an invalid config: the YAML reader and the precompiled validator, nothing else', () => {
    const files = loadedBy(entry, 'validate', '-c', 'test/fixtures/bad-several-errors.yaml');
    if (entry === 'modules') {
      // js-yaml reads a plain document (#14); yaml only the ones it refuses.
      expect(packagesOf(files)).toEqual(['ajv', 'js-yaml']);
      expect(files).toContain('dist/config/schema-validator.js');
      // ajv's runtime helpers only: its compiler (ajv/dist/core.js) is for a stale validator.
      expect(files.filter((f) => f.includes('node_modules/ajv/')).every((f) => f.includes('/dist/runtime/'))).toBe(
        true,
      );
    } else {
      // The precompiled validator, its ajv helper and js-yaml are in the bundle: ajv's
      // compiler, the one package a stale validator would load, is not loaded.
      expect(packagesOf(files)).toEqual([]);
    }
  });

  test('validate of a valid config: none of the other commands packages, no TypeBox, no cdktf', () => {
    const files = loadedBy(entry, 'validate', '-c', 'ses-dns.yaml');
    expect(packagesOf(files).filter((p) => NEVER_FOR_VALIDATE.test(p))).toEqual([]);
    // The provider audit reads what each provider supports as data (issue #18): no provider
    // construct, so no cdktf or constructs.
    expect(packagesOf(files).filter((p) => /^(cdktf|constructs|@cdktf\/)$/.test(p))).toEqual([]);
    if (entry === 'bundle') expect(bundlesLoaded).toEqual(['dist/cli/bundle.js']);
    if (entry === 'modules') {
      expect(files).toContain('dist/providers/route53/supports.js');
      expect(files).not.toContain('dist/providers/route53/route53-provider.js');
    }
  });

  test('records: the report templates, no cdktf, no AWS SDK', () => {
    const packages = packagesOf(loadedBy(entry, 'records', '-c', 'ses-dns.yaml'));
    // The Handlebars runtime (the templates are precompiled, #14) is in the bundle.
    if (entry === 'modules') expect(packages).toContain('handlebars');
    expect(packages.filter((p) => /^(cdktf|@cdktf\/|constructs|@aws-sdk\/|@sinclair\/typebox)/.test(p))).toEqual([]);
    if (entry === 'bundle') expect(bundlesLoaded).toEqual(['dist/cli/bundle.js']);
  });
});
