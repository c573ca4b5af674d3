/**
 * Golden examples: each `examples/<name>/ses-dns.yaml` has its expected output committed in
 * `examples/<name>/expected/`. After a deliberate change, refresh them with
 * `npm run golden:update` and review the diff like any other change.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { synth } from '../src/cli/commands/synth';

const EXAMPLES = join(__dirname, '..', 'examples');
const BIN = join(__dirname, '..', 'bin', 'ses-dns.js');
const update = process.env.UPDATE_GOLDEN === '1';
const scratch = mkdtempSync(join(tmpdir(), 'ses-dns-golden-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

const examples = readdirSync(EXAMPLES).filter((name) => existsSync(join(EXAMPLES, name, 'ses-dns.yaml')));

describe.each(examples)('example %s', (name) => {
  test('synthesizes to its committed expected output', async () => {
    // The project layout (config beside cdktf.out), since the default local state is written
    // as a path from each stack folder to the config's folder.
    const project = join(scratch, name);
    mkdirSync(project);
    copyFileSync(join(EXAMPLES, name, 'ses-dns.yaml'), join(project, 'ses-dns.yaml'));
    const outdir = join(project, 'cdktf.out');
    await synth({ config: join(project, 'ses-dns.yaml'), outdir });
    const expectedDir = join(EXAMPLES, name, 'expected');
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      cpSync(outdir, expectedDir, { recursive: true });
    }
    const produced = filesUnder(outdir);
    expect(produced, `run npm run golden:update to create ${relative(process.cwd(), expectedDir)}`).toEqual(
      filesUnder(expectedDir),
    );
    for (const file of produced) {
      expect(readFileSync(join(outdir, file), 'utf8'), `${name}/${file}`).toBe(
        readFileSync(join(expectedDir, file), 'utf8'),
      );
    }
  });

  test.skipIf(update)('the built command line writes the same bytes, with the cdktf it carries', () => {
    // What a user runs: bin/ses-dns.js, our bundle and the cdktf bundle (`npm test` builds
    // first), not the sources with node_modules/cdktf as above.
    const project = join(scratch, `${name}-cli`);
    mkdirSync(project);
    copyFileSync(join(EXAMPLES, name, 'ses-dns.yaml'), join(project, 'ses-dns.yaml'));
    const result = spawnSync(process.execPath, [BIN, 'synth', '-c', 'ses-dns.yaml', '-o', 'cdktf.out'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const outdir = join(project, 'cdktf.out');
    const expectedDir = join(EXAMPLES, name, 'expected');
    expect(filesUnder(outdir)).toEqual(filesUnder(expectedDir));
    for (const file of filesUnder(outdir)) {
      expect(readFileSync(join(outdir, file), 'utf8'), `${name}/${file}`).toBe(
        readFileSync(join(expectedDir, file), 'utf8'),
      );
    }
  });
});
