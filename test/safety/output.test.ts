/**
 * What `ses-dns synth` writes: no secrets, no absolute paths, the same bytes on any
 * machine, and addresses and bodies that do not move when other domains come and go.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { cli } from './dist';
import { exampleConfigFiles, RICH_CONFIG, yamlOf } from './fixtures';
import { readTree, synthStacks } from './helpers';
import type { StackJson } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-output-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TOKEN = 'cf-token-must-never-be-written-0123456789';
const AWS_SECRET = 'aws-secret-must-never-be-written-0123456789';

/** Runs `ses-dns synth` in-process; returns the exit code and what it printed. */
async function synthCli(config: string, outdir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli.main(['synth', '-c', config, '-o', outdir], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Base64 runs long enough to be key material. */
const BASE64_BLOB = /[A-Za-z0-9+/]{40,}={0,2}/g;

function allowedBlobs(configText: string): string[] {
  return configText.match(BASE64_BLOB) ?? [];
}

/** Secrets and machine paths found in `text`; base64 runs are fine inside an allowed public key. */
function leaks(text: string, allowed: readonly string[]): string[] {
  const found: string[] = [];
  if (/PRIVATE KEY/.test(text)) found.push('PRIVATE KEY');
  for (const secret of [TOKEN, AWS_SECRET]) if (text.includes(secret)) found.push(secret);
  for (const absolute of [work, tmpdir(), process.cwd(), '/work', '/tmp', '/home', '/root', '/Users', 'C:\\']) {
    if (text.includes(absolute)) found.push(absolute);
  }
  for (const blob of text.match(BASE64_BLOB) ?? []) {
    if (!allowed.some((key) => key.includes(blob))) found.push(`base64 ${blob.slice(0, 20)}...`);
  }
  return found;
}

test('the leak scan finds what it looks for', () => {
  const privateKey = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(64)}\n`;
  const found = leaks(`${privateKey} ${TOKEN} /tmp/x C:\\out`, []);
  for (const expected of ['PRIVATE KEY', TOKEN, '/tmp', 'C:\\', `base64 ${'A'.repeat(20)}...`]) {
    expect(found).toContain(expected);
  }
  expect(
    leaks('p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAujLBImf', [
      'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAujLBImfZxL',
    ]),
  ).toEqual([]);
});

const configs = [...exampleConfigFiles().map((file) => ({ name: file, file })), { name: 'every safety key', file: '' }];

/**
 * A project folder `folder` holding the config and, as the output, `cdktf.out` (the default
 * local state is a path from each stack folder to the config's folder).
 */
function project(folder: string, file: string): { config: string; outdir: string } {
  mkdirSync(folder, { recursive: true });
  const config = join(folder, 'ses-dns.yaml');
  writeFileSync(config, file ? readFileSync(file) : yamlOf(RICH_CONFIG));
  return { config, outdir: join(folder, 'cdktf.out') };
}

describe.each(configs)('synth of $name', ({ name, file }) => {
  test('writes no secret and no absolute path', async () => {
    const { config, outdir } = project(join(work, `scan-${configs.findIndex((c) => c.name === name)}`), file);
    const saved = { token: process.env.CLOUDFLARE_API_TOKEN, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.CLOUDFLARE_API_TOKEN = TOKEN;
    process.env.AWS_SECRET_ACCESS_KEY = AWS_SECRET;
    try {
      const result = await synthCli(config, outdir);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
    } finally {
      for (const [key, value] of [
        ['CLOUDFLARE_API_TOKEN', saved.token],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    const allowed = allowedBlobs(readFileSync(config, 'utf8'));
    const files = readTree(outdir);
    expect(files.size).toBeGreaterThan(0);
    for (const [path, bytes] of files) expect(leaks(bytes.toString('utf8'), allowed), path).toEqual([]);
  });

  test('writes the same bytes from any folder, twice', async () => {
    const a1 = project(join(work, 'det-a'), file);
    const b1 = project(join(work, 'det-b', 'nested', 'deeper'), file);
    const first = a1.outdir;
    const second = b1.outdir;
    expect((await synthCli(a1.config, first)).code).toBe(0);
    expect((await synthCli(b1.config, second)).code).toBe(0);
    const a = readTree(first);
    const b = readTree(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(b.get(path)?.equals(bytes), path).toBe(true);
    rmSync(join(work, 'det-a'), { recursive: true, force: true });
    rmSync(join(work, 'det-b'), { recursive: true, force: true });
  });
});

/** Every addressable block of a stack: `resource.aws_route53_record.example_com__spf` -> body. */
function blocks(stack: StackJson): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(stack[kind] ?? {})) {
      for (const [name, body] of Object.entries(byName)) map.set(`${kind}.${type}.${name}`, body);
    }
  }
  for (const kind of ['output', 'variable', 'provider', 'terraform']) {
    for (const [name, body] of Object.entries(stack[kind] ?? {})) map.set(`${kind}.${name}`, body);
  }
  for (const block of stack.import ?? []) map.set(`import.${block.to}`, block);
  return map;
}

describe('stability: other domains and environment order change nothing', () => {
  test('a domain added first and environments reordered keep every address and body', () => {
    const before = synthStacks(RICH_CONFIG);
    const production = RICH_CONFIG.environments.production;
    const after = synthStacks({
      ...RICH_CONFIG,
      environments: {
        staging: {
          ...RICH_CONFIG.environments.staging,
          domains: [{ name: 'aaa-first.dev' }, ...RICH_CONFIG.environments.staging.domains],
        },
        production: { ...production, domains: [{ name: 'aaa-first.com' }, ...production.domains] },
      },
    });
    for (const env of ['production', 'staging']) {
      const old = blocks(before[env]!);
      const now = blocks(after[env]!);
      expect(old.size).toBeGreaterThan(5);
      for (const [address, body] of old) expect(now.get(address), `${env}: ${address}`).toEqual(body);
      // The new domain only adds blocks of its own.
      const added = [...now.keys()].filter((a) => !old.has(a));
      expect(added.length).toBeGreaterThan(0);
      for (const address of added) expect(address).toMatch(/aaa-first_(com|dev)/);
    }
  });

  test('the bundled example keeps its bodies when a domain is added first', () => {
    const raw = parse(readFileSync(exampleConfigFiles()[0]!, 'utf8')) as typeof RICH_CONFIG;
    const before = synthStacks(raw);
    const production = raw.environments.production;
    const after = synthStacks({
      ...raw,
      environments: {
        ...raw.environments,
        production: { ...production, domains: [{ name: 'a.example.org' }, ...production.domains] },
      },
    });
    const old = blocks(before.production!);
    const now = blocks(after.production!);
    for (const [address, body] of old) expect(now.get(address), address).toEqual(body);
  });
});
