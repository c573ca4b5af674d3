/**
 * Each command module is light, and loads the work it calls (and the packages that work
 * needs) only when it runs (issue #18): `--help`, `schema` and an invalid config load no
 * package beyond what they use, no command loads TypeBox (the config schema is read from
 * schema/ses-dns.schema.json), and the config validator is the one precompiled at build
 * time, not ajv's compiler. Runs the built CLI (`npm test` builds first) in a process of its
 * own and reads which modules it loaded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT } from './run';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-loaded-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The files a run of `ses-dns <args>` loaded, relative to the repository. */
function loadedBy(...args: string[]): string[] {
  const file = join(work, `${args.join('_').replace(/\W+/g, '-')}.txt`);
  const result = spawnSync(
    process.execPath,
    ['--require', join(__dirname, 'support', 'loaded-modules.cjs'), join(ROOT, 'bin', 'ses-dns.js'), ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOADED_MODULES_FILE: file } },
  );
  expect(result.status, result.stderr).not.toBeNull();
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((path) => path.slice(ROOT.length + 1));
}

/** The packages among `files`: `yaml`, `@cdktf/provider-aws`. */
function packagesOf(files: readonly string[]): string[] {
  const names = files.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []);
  return [...new Set(names)].sort();
}

/** Packages of the other commands' work: the AWS SDK, the DMARC report readers, TypeBox, jiti. */
const NEVER_FOR_VALIDATE = /^(@aws-sdk\/|@smithy\/|@sinclair\/typebox$|saxes$|yauzl$|postal-mime$|handlebars$|jiti$)/;

describe('what each command loads', () => {
  test('--help and schema: our own modules, no package', () => {
    expect(packagesOf(loadedBy('--help'))).toEqual([]);
    expect(packagesOf(loadedBy('schema'))).toEqual([]);
  });

  test('validate of an invalid config: yaml and the precompiled validator, nothing else', () => {
    const files = loadedBy('validate', '-c', 'test/fixtures/bad-several-errors.yaml');
    expect(packagesOf(files)).toEqual(['ajv', 'yaml']);
    expect(files).toContain('dist/config/schema-validator.js');
    // ajv's runtime helpers only: its compiler (ajv/dist/core.js) is for a stale validator.
    expect(files.filter((f) => f.includes('node_modules/ajv/')).every((f) => f.includes('/dist/runtime/'))).toBe(true);
  });

  test('validate of a valid config: none of the other commands packages, no TypeBox', () => {
    // The provider audit still loads the provider modules, and with them cdktf (issue #18
    // moves what a provider supports into data).
    expect(packagesOf(loadedBy('validate', '-c', 'ses-dns.yaml')).filter((p) => NEVER_FOR_VALIDATE.test(p))).toEqual(
      [],
    );
  });

  test('records: the report templates, no cdktf, no AWS SDK', () => {
    const packages = packagesOf(loadedBy('records', '-c', 'ses-dns.yaml'));
    expect(packages).toContain('handlebars');
    expect(packages.filter((p) => /^(cdktf|@cdktf\/|constructs|@aws-sdk\/|@sinclair\/typebox)/.test(p))).toEqual([]);
  });
});
