/**
 * A user's project on disk, for the tests of what synth owns (issue #12): a git repository
 * with a config, a README of the user's, and whatever Terraform leaves in a stack folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { cli, REPO_ROOT } from './dist';
import { yamlOf } from './fixtures';

/** The built command line, as users run it. */
export const BIN = join(REPO_ROOT, 'bin', 'ses-dns.js');

/** Two environments with the default local state, one on each DNS provider. */
export function twoEnvironments(ttl = 600) {
  return {
    defaults: { region: 'eu-west-1', ttl, dmarc: { rua: ['dmarc@example.com'] } },
    environments: {
      production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }, { name: 'example.net' }] },
      staging: { dns: { provider: 'cloudflare' }, ttl: ttl === 600 ? 'auto' : ttl, domains: [{ name: 'example.dev' }] },
    },
  };
}

/** Where this test file's projects go; removed when its tests are done. */
const projects = mkdtempSync(join(tmpdir(), 'ses-dns-projects-'));
afterAll(() => rmSync(projects, { recursive: true, force: true }));

/** A project folder: `.git` (a real repository), `ses-dns.yaml`, a README of the user's. */
export function makeProject(config: unknown = twoEnvironments()): string {
  const dir = mkdtempSync(join(projects, 'project-'));
  execFileSync('git', ['init', '-q', dir]);
  writeFileSync(join(dir, 'ses-dns.yaml'), yamlOf(config));
  writeFileSync(join(dir, 'README.md'), '# Our mail domains\n');
  return dir;
}

/** Writes files (path relative to `dir` -> text), creating folders. */
export function put(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** What Terraform leaves in a stack folder after `terraform init` and `apply`, and a plan. */
export function terraformWorkingFiles(stack: string): Record<string, string> {
  return {
    [`cdktf.out/stacks/${stack}/.terraform/terraform.tfstate`]: '{"version":3,"backend":{"type":"local"}}\n',
    [`cdktf.out/stacks/${stack}/.terraform/providers/registry.terraform.io/hashicorp/aws/6.25.0/linux_amd64/LICENSE`]:
      'provider\n',
    [`cdktf.out/stacks/${stack}/.terraform.lock.hcl`]: '# This file is maintained automatically by "terraform init".\n',
    [`cdktf.out/stacks/${stack}/plan.tfplan`]: 'PK\u0003\u0004 a plan\n',
  };
}

/** Every file under `dir` (`.git` included), relative path -> bytes; symbolic links as their target. */
export function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (lstatSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

/** The paths whose bytes differ between two trees, or that only one has. */
export function changed(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => !before.get(p)?.equals(after.get(p) ?? Buffer.alloc(0)) || !after.has(p)).sort();
}

/** `tree` without the files ses-dns generates: what synth must never change. */
export function foreign(files: Map<string, Buffer>): Map<string, Buffer> {
  const generated = /^cdktf\.out\/(manifest\.json|stacks\/[^/]+\/(cdk\.tf\.json|RECORDS\.md|ACCOUNT\.md))$/;
  return new Map([...files].filter(([path]) => !generated.test(path) && path !== 'ses-dns.stacks.json'));
}

/** Runs the CLI in-process in `cwd`, as `ses-dns ARGS` would. */
export async function sesDns(cwd: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await cli.main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.chdir(previous);
  }
}

/** Runs the built CLI in a child process in `cwd`. */
export function sesDnsBin(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CHECKPOINT_DISABLE: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
