/**
 * examples/ci/github-actions.yml: the checks it runs, and its plan loop run for real over a
 * synthesized output with a fake `terraform` that records its calls.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const FILE = join(__dirname, '..', 'examples', 'ci', 'github-actions.yml');
const text = readFileSync(FILE, 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
const workflow = parse(text) as { on: object; jobs: Record<string, { steps: Step[]; needs?: string }> };
const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((s) => s.run ?? ''));

const work = mkdtempSync(join(tmpdir(), 'ses-dns-ci-example-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('examples/ci/github-actions.yml', () => {
  test('validates strictly and checks the committed output before planning', () => {
    expect(runs).toContain('npx ses-dns validate --strict');
    expect(runs).toContain('npx ses-dns synth --check');
    expect(workflow.jobs.plan!.needs).toBe('check');
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
  });

  test('names no package registry host and holds no secret value', () => {
    expect(text).not.toMatch(/registry|npmjs|yarnpkg|registry-url/i);
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    for (const step of Object.values(workflow.jobs).flatMap((j) => j.steps)) {
      expect(step.with ?? {}).not.toHaveProperty('registry-url');
    }
  });

  test('the plan step runs terraform init and plan in every stack folder, and stops at a failure', () => {
    const step = workflow.jobs.plan!.steps.find((s) => s.name === 'terraform plan, each stack')!;
    const repo = join(work, 'repo');
    for (const stack of ['production', 'staging-1', 'staging-2']) {
      mkdirSync(join(repo, 'cdktf.out', 'stacks', stack), { recursive: true });
      writeFileSync(join(repo, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), '{}');
    }
    const bin = join(work, 'bin');
    mkdirSync(bin);
    const log = join(work, 'terraform.log');
    writeFileSync(
      join(bin, 'terraform'),
      `#!/bin/sh\necho "$*" >> "${log}"\ncase "$*" in *staging-2*plan*) [ -n "$FAIL_PLAN" ] && exit 3;; esac\nexit 0\n`,
    );
    chmodSync(join(bin, 'terraform'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}` };

    const ok = spawnSync('bash', ['-c', step.run!], { cwd: repo, env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(
      ['production', 'staging-1', 'staging-2'].flatMap((s) => [
        `-chdir=cdktf.out/stacks/${s}/ init -input=false`,
        `-chdir=cdktf.out/stacks/${s}/ plan -input=false -lock=false`,
      ]),
    );

    const failing = spawnSync('bash', ['-c', step.run!], { cwd: repo, env: { ...env, FAIL_PLAN: '1' } });
    expect(failing.status).toBe(3);
  });
});
