/**
 * The done check of issue #12: the README's Quick start run twice (init, synth, `terraform
 * init` in the stack folder, synth again) keeps the state and the lock file. Every step is
 * the built CLI in a child process. Terraform cannot download providers here, so it runs on
 * the stack's own `terraform` block (backend, required_version) with one output: a real
 * `.terraform/` and a real state, written where the stack says. The lock file, which only
 * provider downloads make, is written as `terraform init` would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { changed, foreign, sesDnsBin, tree } from './project';

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

/** Runs terraform in `cwd` without touching the user's CLI configuration or the network. */
function tf(cwd: string, ...args: string[]) {
  return execFileSync('terraform', [...args, '-no-color', '-input=false'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1' },
  });
}

/**
 * What `terraform init` and `apply` leave in and around the stack folder. With terraform,
 * the real thing on the stack's backend block; without, the same files by hand.
 */
function terraformInitAndApply(project: string, stack: string): void {
  const folder = join(project, 'cdktf.out', 'stacks', stack);
  const lock = join(folder, '.terraform.lock.hcl');
  if (!existsSync(lock)) {
    writeFileSync(
      lock,
      '# This file is maintained automatically by "terraform init".\nprovider "registry.terraform.io/hashicorp/aws" {\n  version = "6.25.0"\n}\n',
    );
  }
  if (!terraform) {
    writeFileSync(join(project, `terraform.${stack}.tfstate`), '{"version":4,"serial":1}\n');
    mkdirSync(join(folder, '.terraform'), { recursive: true });
    writeFileSync(join(folder, '.terraform', 'terraform.tfstate'), '{"backend":{"type":"local"}}\n');
    return;
  }
  const stackJson = join(folder, 'cdk.tf.json');
  const generated = readFileSync(stackJson, 'utf8');
  const { terraform: block } = JSON.parse(generated) as { terraform: { backend: unknown; required_version: string } };
  writeFileSync(
    stackJson,
    JSON.stringify({
      terraform: { backend: block.backend, required_version: block.required_version },
      output: { stack: { value: stack } },
    }),
  );
  try {
    tf(folder, 'init');
    tf(folder, 'apply', '-auto-approve');
    // No change on a second plan: the state was found where the backend says.
    expect(
      spawnSync('terraform', ['plan', '-detailed-exitcode', '-input=false', '-no-color'], {
        cwd: folder,
        env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
      }).status,
    ).toBe(0);
  } finally {
    writeFileSync(stackJson, generated);
  }
}

describe('the README Quick start, run twice', () => {
  test(`init, synth, terraform init and apply, synth again: state and lock file kept${terraform ? '' : ' (terraform simulated: not on PATH)'}`, () => {
    const project = mkdtempSync(join(tmpdir(), 'ses-dns-quick-start-'));
    onTestFinished(() => rmSync(project, { recursive: true, force: true }));
    execFileSync('git', ['init', '-q', project]);
    writeFileSync(join(project, 'package.json'), '{\n  "name": "infra",\n  "private": true\n}\n');

    for (const round of [1, 2]) {
      const init = sesDnsBin(project, 'init', '.');
      expect(init.code, init.stderr).toBe(0);
      const synth = sesDnsBin(project, 'synth');
      expect(synth.code, synth.stderr).toBe(0);
      expect(synth.stderr).toBe('');
      if (round === 1) terraformInitAndApply(project, 'production');

      const before = tree(project);
      const again = sesDnsBin(project, 'synth');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toBe('');
      const after = tree(project);
      // Nothing but generated files may change; here nothing changes at all.
      expect(changed(foreign(before), foreign(after))).toEqual([]);
      expect(changed(before, after)).toEqual([]);
      // The state lives beside the config, the lock file and .terraform/ in the stack folder.
      expect(after.has('terraform.production.tfstate')).toBe(true);
      expect(after.has('cdktf.out/stacks/production/.terraform.lock.hcl')).toBe(true);
      expect([...after.keys()].some((p) => p.startsWith('cdktf.out/stacks/production/.terraform/'))).toBe(true);
      // No state in the output folder (.terraform/terraform.tfstate is Terraform's backend cache, not state).
      const states = [...after.keys()].filter((p) => p.endsWith('.tfstate') && !p.includes('/.terraform/'));
      expect(states).toEqual(['terraform.production.tfstate']);
      // git would commit the stacks and the lock file, and never the state.
      const ignored = (path: string) =>
        spawnSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: project }).status === 0;
      expect(ignored('terraform.production.tfstate')).toBe(true);
      expect(ignored('cdktf.out/stacks/production/.terraform/terraform.tfstate')).toBe(true);
      expect(ignored('cdktf.out/stacks/production/cdk.tf.json')).toBe(false);
      expect(ignored('cdktf.out/stacks/production/.terraform.lock.hcl')).toBe(false);
    }
  });
});
