/**
 * `ses-dns synth --check` (issue #12): the drift check CI runs over committed stacks. It
 * writes nothing; exit 0 when the output folder holds exactly what synth would write, 1
 * naming each generated file that differs, is missing or is stale, 2 on a bad config.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { yamlOf } from './fixtures';
import { changed, makeProject, put, sesDns, sesDnsBin, terraformWorkingFiles, tree, twoEnvironments } from './project';

describe('synth --check', () => {
  test('right after synth: exit 0, and nothing written, not even a staging folder', async () => {
    const dir = makeProject();
    expect((await sesDns(dir, 'synth')).code).toBe(0);
    put(dir, terraformWorkingFiles('production'));
    const before = tree(dir);
    const result = sesDnsBin(dir, 'synth', '--check');
    expect(result).toEqual({ code: 0, stdout: 'up to date: 2 stacks as synth would write them\n', stderr: '' });
    expect(changed(before, tree(dir))).toEqual([]);
  });

  test('a changed config, an edited file, a deleted file, a stack that left: exit 1 naming each', async () => {
    const dir = makeProject();
    expect((await sesDns(dir, 'synth')).code).toBe(0);
    const config = twoEnvironments(900);
    writeFileSync(
      join(dir, 'ses-dns.yaml'),
      yamlOf({ ...config, environments: { production: config.environments.production } }),
    );
    rmSync(join(dir, 'cdktf.out/stacks/production/RECORDS.md'));
    const before = tree(dir);
    const result = await sesDns(dir, 'synth', '--check');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'differs  cdktf.out/stacks/production/cdk.tf.json',
      'missing  cdktf.out/stacks/production/RECORDS.md',
      'stale    cdktf.out/stacks/staging/cdk.tf.json (stack staging is no longer in the config)',
      'stale    cdktf.out/stacks/staging/RECORDS.md (stack staging is no longer in the config)',
      'differs  cdktf.out/manifest.json',
    ]);
    expect(result.stderr).toBe(
      '5 generated files differ from what synth writes: run ses-dns synth and commit the result',
    );
    expect(changed(before, tree(dir))).toEqual([]);

    // synth makes it right, and --check agrees.
    expect((await sesDns(dir, 'synth')).code).toBe(0);
    expect(await sesDns(dir, 'synth', '--check')).toEqual({
      code: 0,
      stdout: 'up to date: 1 stack as synth would write them',
      stderr: '',
    });
  });

  test('no output yet: exit 1 listing what is missing, and the folder is not created', async () => {
    const dir = makeProject();
    const result = await sesDns(dir, 'synth', '--check', '--env', 'staging');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'missing  cdktf.out/stacks/staging/cdk.tf.json',
      'missing  cdktf.out/stacks/staging/RECORDS.md',
      'missing  cdktf.out/manifest.json',
    ]);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  test('a bad config: exit 2, as synth', async () => {
    const dir = makeProject();
    writeFileSync(join(dir, 'ses-dns.yaml'), 'environments: { production: { dns: { provider: route54 } } }\n');
    const result = sesDnsBin(dir, 'synth', '--check');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing was written');
  });

  test('a folder that is not ses-dns output: exit 2, as synth', async () => {
    const dir = makeProject();
    const result = await sesDns(dir, 'synth', '--check', '-o', '.');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: -o . holds files ses-dns did not write');
  });
});
