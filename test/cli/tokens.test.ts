/**
 * `--tokens FILE` (issue #12): a tokens file may hold the tokens of any domain of the
 * config, whatever `--env` picks; only a domain the whole config does not know is refused,
 * and the message says so truly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { verify } from '../../src/cli/commands/verify';
import type { DnsLookup } from '../../src/verify/lookup';
import { publicKeyBase64 } from '../support/keys';
import { ROOT, run } from './run';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-tokens-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = join(ROOT, 'ses-dns.yaml');
const TOKENS = {
  // production (eu-central-1) and staging (eu-west-1) of the bundled config, in one file.
  'example.com': [
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3',
  ],
  'example.dev': [
    'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1',
    'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2',
    'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3',
  ],
};

function tokensFile(value: unknown): string {
  const file = join(work, `tokens-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** DNS that publishes the Easy DKIM CNAMEs of `tokens` and nothing else. */
function dkimOnlyDns(tokens: Record<string, string[]>): DnsLookup {
  const cnames = new Map<string, string>();
  for (const [domain, list] of Object.entries(tokens)) {
    for (const t of list) cnames.set(`${t}._domainkey.${domain}`, `${t}.dkim.amazonses.com`);
  }
  return {
    // SES's side of the CNAME: the public key at <token>.dkim.amazonses.com.
    txt: async (name) => (name.endsWith('.dkim.amazonses.com') ? [[`v=DKIM1; k=rsa; p=${publicKeyBase64(2048)}`]] : []),
    mx: async () => [],
    cname: async (name) => (cnames.has(name) ? [cnames.get(name)!] : []),
  };
}

describe('--tokens FILE', () => {
  test('verify --env production with a file that also holds tokens of a staging domain: used, not refused', async () => {
    const outcome = await verify({
      config: CONFIG,
      environments: ['production'],
      tokens: tokensFile(TOKENS),
      dns: dkimOnlyDns(TOKENS),
    });
    const dkim = outcome.checks.filter((c) => c.domain === 'example.com' && c.role.startsWith('dkim'));
    expect(dkim.map((c) => [c.name, c.status])).toEqual([
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1._domainkey.example.com', 'ok'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2._domainkey.example.com', 'ok'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3._domainkey.example.com', 'ok'],
    ]);
    expect(outcome.checks.every((c) => c.environment === 'production')).toBe(true);
  });

  test('records --env staging takes the same file', async () => {
    const result = await run('records', '-c', CONFIG, '--env', 'staging', '--tokens', tokensFile(TOKENS));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1._domainkey.example.dev');
  });

  test.each([
    [
      'a domain no environment has',
      { 'example.org': TOKENS['example.com'] },
      '"example.org" is not a domain of this config (Easy DKIM domains: example.com, example.dev)',
    ],
    [
      'a BYODKIM domain',
      { 'notify.example.com': TOKENS['example.com'] },
      '"notify.example.com" uses BYODKIM in every environment of this config, so SES gives it no tokens: remove it from the file',
    ],
  ])('%s: exit 2 with a true message', async (_why, value, message) => {
    const result = await run('records', '-c', CONFIG, '--env', 'production', '--tokens', tokensFile(value));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('a tokens file that is a folder: exit 2 with a message, not an errno', async () => {
    const result = await run('records', '-c', CONFIG, '--tokens', work);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --tokens ${work} is a folder, not a file; expected a JSON file such as { "example.com": ["t1", "t2", "t3"] }, per SES region { "example.com": { "us-east-2": ["t1", "t2", "t3"] } }, or the output of terraform output -json\n`,
    );
  });
});
