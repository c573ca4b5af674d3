/**
 * `records`, `verify` and the tokens file for a domain in several SES regions (issue #16):
 * tokens per region (the old per-domain form still read as the home region's), the
 * `terraform output -json` of such a stack, a REGION column and a `region` field, and each
 * region's DKIM CNAMEs and MAIL FROM checked against DNS.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { verify } from '../../src/cli/commands/verify';
import { loadConfig } from '../../src/checks/validate';
import { parseTokens } from '../../src/cli/tokens';
import { tokensKey } from '../../src/records/regional';
import type { DnsLookup } from '../../src/verify/lookup';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { publicKeyBase64 } from '../support/keys';
import { ROOT, run } from './run';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-regions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = join(ROOT, 'examples', 'multi-region', 'ses-dns.yaml');
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'] as const;
/** Three tokens per region, told apart by their first letter. */
const TOKENS: Record<string, string[]> = Object.fromEntries(
  REGIONS.map((region, r) => [region, [1, 2, 3].map((i) => `${'abc'[r]!.repeat(31)}${i}`)]),
);
const PER_REGION = { 'example.com': TOKENS };

function file(value: unknown): string {
  const path = join(work, `tokens-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** `terraform output -json` of the example's stack, after an apply. */
function terraformOutput(): Record<string, unknown> {
  const output = (key: string, value: unknown) => ({ [key]: { sensitive: false, type: ['list', 'string'], value } });
  return {
    ...output('example_com__dkim_tokens', TOKENS['us-east-1']),
    ...output('example_com__us_east_2__dkim_tokens', TOKENS['us-east-2']),
    ...output('example_com__us_west_2__dkim_tokens', TOKENS['us-west-2']),
    example_com__identity_arn: {
      sensitive: false,
      type: 'string',
      value: 'arn:aws:ses:us-east-1:1:identity/example.com',
    },
    example_com__us_west_2__mail_from_domain: {
      sensitive: false,
      type: 'string',
      value: 'feedback-smtp-us-west-2-amazonses.example.com',
    },
  };
}

describe('the tokens file', () => {
  const config = loadConfig(CONFIG).config;

  test('per region: each identity its own tokens', () => {
    const tokens = parseTokens(PER_REGION, config);
    expect([...tokens]).toEqual(REGIONS.map((region) => [tokensKey('example.com', region), TOKENS[region]]));
  });

  test('the old form (a list per domain) is still read, as the home region tokens', () => {
    const tokens = parseTokens({ 'example.com': TOKENS['us-east-1'] }, config);
    expect([...tokens]).toEqual([['example.com', TOKENS['us-east-1']]]);
  });

  test('terraform output -json of a stack with several regions: every region, other outputs ignored', () => {
    const tokens = parseTokens(terraformOutput(), config);
    expect([...tokens]).toEqual([
      ['example.com', TOKENS['us-east-1']],
      [tokensKey('example.com', 'us-east-2'), TOKENS['us-east-2']],
      [tokensKey('example.com', 'us-west-2'), TOKENS['us-west-2']],
    ]);
  });

  test.each([
    [
      'a region the domain is not in',
      { 'example.com': { 'eu-west-1': TOKENS['us-east-1'] } },
      '"example.com" has no Easy DKIM identity in "eu-west-1" in this config (its regions: us-east-1, us-east-2, us-west-2)',
    ],
    [
      "a region's list that is not three tokens",
      { 'example.com': { 'us-east-2': ['x'] } },
      'the tokens of example.com in us-east-2 must be a list of 3 DNS labels (SES gives 32 letters and digits each), got ["x"]',
    ],
    [
      'an output of a region the config does not have',
      { example_com__eu_west_1__dkim_tokens: { value: TOKENS['us-east-1'] } },
      'example_com__eu_west_1__dkim_tokens',
    ],
  ])('%s: exit 2, the reason', async (_name, value, message) => {
    const result = await run('records', '-c', CONFIG, '--tokens', file(value));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });
});

describe('ses-dns records', () => {
  test("table: a REGION column, each region's CNAMEs with its own tokens", async () => {
    const result = await run('records', '-c', CONFIG, '--tokens', file(PER_REGION));
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toMatch(/^REGION\s+TYPE\s+NAME\s+VALUE\s+TTL\s+REQUIRED$/);
    for (const region of REGIONS) {
      for (const token of TOKENS[region]!) {
        expect(lines).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^${region}\\s+CNAME\\s+${token}\\._domainkey\\.example\\.com\\s+${token}\\.dkim\\.amazonses\\.com\\s`,
            ),
          ),
        );
      }
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${region}\\s+MX\\s+feedback-smtp-${region}-amazonses\\.example\\.com\\s+10 feedback-smtp\\.${region}\\.amazonses\\.com\\s`,
          ),
        ),
      );
    }
    expect(lines.filter((l) => l.startsWith('all '))).toHaveLength(2);
  });

  test('table: a domain in one region beside one in several shows its own region, not "all", on its DKIM and MAIL FROM rows', async () => {
    const mixed = file({
      environments: {
        production: {
          region: 'eu-west-1',
          dns: { provider: 'route53' },
          domains: [
            { name: 'example.com', region: ['eu-west-1', 'eu-central-1'], mailFrom: { subdomain: 'mail-{region}' } },
            { name: 'example.org' },
          ],
        },
      },
    });
    const result = await run('records', '-c', mixed);
    expect(result.code).toBe(0);
    const org = result.stdout.split('\n').filter((l) => / \S*example\.org /.test(l));
    expect(org.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'eu-west-1 CNAME {dkim-token-0}._domainkey.example.org',
      'eu-west-1 CNAME {dkim-token-1}._domainkey.example.org',
      'eu-west-1 CNAME {dkim-token-2}._domainkey.example.org',
      'eu-west-1 MX mail.example.org',
      'eu-west-1 TXT mail.example.org',
      'all TXT _dmarc.example.org',
    ]);
  });

  test('json: the region of each regional record and its address; DMARC and SPF without one', async () => {
    const result = await run('records', '-c', CONFIG, '--format', 'json', '--tokens', file(terraformOutput()));
    expect(result.code).toBe(0);
    const records = (JSON.parse(result.stdout) as { environments: { records: Record<string, unknown>[] }[] })
      .environments[0]!.records;
    const pick = (r: Record<string, unknown>) => [r.region ?? null, r.role, r.address, r.name];
    expect(records.filter((r) => r.role === 'dkim-0' || r.role === 'mail-from-mx' || !r.region).map(pick)).toEqual([
      ['us-east-1', 'dkim-0', 'example_com__dkim_0', `${TOKENS['us-east-1']![0]}._domainkey.example.com`],
      ['us-east-1', 'mail-from-mx', 'example_com__mail_from_mx', 'feedback-smtp-us-east-1-amazonses.example.com'],
      ['us-east-2', 'dkim-0', 'example_com__us_east_2__dkim_0', `${TOKENS['us-east-2']![0]}._domainkey.example.com`],
      [
        'us-east-2',
        'mail-from-mx',
        'example_com__us_east_2__mail_from_mx',
        'feedback-smtp-us-east-2-amazonses.example.com',
      ],
      ['us-west-2', 'dkim-0', 'example_com__us_west_2__dkim_0', `${TOKENS['us-west-2']![0]}._domainkey.example.com`],
      [
        'us-west-2',
        'mail-from-mx',
        'example_com__us_west_2__mail_from_mx',
        'feedback-smtp-us-west-2-amazonses.example.com',
      ],
      [null, 'dmarc', 'example_com__dmarc', '_dmarc.example.com'],
      [null, 'spf', 'example_com__spf', 'example.com'],
    ]);
  });

  test('bind: every region in one zone file, one DMARC and one root SPF', async () => {
    const result = await run('records', '-c', CONFIG, '--format', 'bind', '--tokens', file(PER_REGION));
    expect(result.code).toBe(0);
    for (const region of REGIONS) {
      expect(result.stdout).toMatch(
        new RegExp(
          `^feedback-smtp-${region}-amazonses\\s+\\d+\\s+IN\\s+MX\\s+10 feedback-smtp\\.${region}\\.amazonses\\.com\\.$`,
          'm',
        ),
      );
      for (const token of TOKENS[region]!) {
        expect(result.stdout).toContain(`${token}._domainkey 600 IN CNAME ${token}.dkim.amazonses.com.`);
      }
    }
    expect(result.stdout.match(/v=DMARC1/g)).toHaveLength(1);
    expect(result.stdout.match(/IN\s+TXT\s+"v=spf1 include:amazonses.com include:_spf.google.com ~all"/g)).toHaveLength(
      1,
    );
  });

  test('RECORDS.md of the example: a Region column, the per-region token outputs named', () => {
    const text = readFileSync(join(ROOT, 'examples/multi-region/expected/stacks/production/RECORDS.md'), 'utf8');
    expect(text).toContain('| Region | Type | Name | Value | TTL | Purpose | Required |');
    expect(text).toContain('`<domain>__<region>__dkim_tokens`');
    expect(text).toContain(
      '| us-west-2 | MX | `feedback-smtp-us-west-2-amazonses.example.com` | `10 feedback-smtp.us-west-2.amazonses.com` |',
    );
    expect(text).toContain('| all | TXT | `_dmarc.example.com` |');
  });
});

/** DNS that publishes the example's records for `regions`, each region's DKIM with its own tokens. */
function liveDns(regions: readonly string[]): DnsLookup {
  const cnames = new Map<string, string>();
  const mx = new Map<string, string>();
  const txt = new Map<string, string>([
    ['_dmarc.example.com', 'v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc-reports@example.com'],
    ['example.com', 'v=spf1 include:amazonses.com include:_spf.google.com ~all'],
  ]);
  for (const region of regions) {
    for (const t of TOKENS[region]!) cnames.set(`${t}._domainkey.example.com`, `${t}.dkim.amazonses.com`);
    mx.set(`feedback-smtp-${region}-amazonses.example.com`, `feedback-smtp.${region}.amazonses.com`);
    txt.set(`feedback-smtp-${region}-amazonses.example.com`, 'v=spf1 include:amazonses.com ~all');
  }
  return {
    // SES's side of each CNAME: a public key at <token>.dkim.amazonses.com.
    txt: async (name) =>
      txt.has(name)
        ? [[txt.get(name)!]]
        : name.endsWith('.dkim.amazonses.com')
          ? [[`v=DKIM1; k=rsa; p=${publicKeyBase64(2048)}`]]
          : [],
    mx: async (name) => (mx.has(name) ? [{ priority: 10, exchange: mx.get(name)! }] : []),
    cname: async (name) => (cnames.has(name) ? [cnames.get(name)!] : []),
  };
}

describe('ses-dns verify', () => {
  test('every region published: every row ok, each regional row naming its region', async () => {
    const outcome = await verify({ config: CONFIG, tokens: file(PER_REGION), dns: liveDns(REGIONS) });
    expect(outcome.checks.map((c) => [c.region ?? null, c.role, c.status])).toEqual([
      ...REGIONS.flatMap((region) => [
        [region, 'dkim-0', 'ok'],
        [region, 'dkim-1', 'ok'],
        [region, 'dkim-2', 'ok'],
        [region, 'mail-from-mx', 'ok'],
        [region, 'mail-from-spf', 'ok'],
      ]),
      [null, 'dmarc', 'ok'],
      [null, 'spf', 'ok'],
    ]);
    expect(outcome.ok).toBe(true);
  });

  test("one region not published yet: exactly that region's rows are missing", async () => {
    const outcome = await verify({
      config: CONFIG,
      tokens: file(PER_REGION),
      dns: liveDns(['us-east-1', 'us-east-2']),
    });
    expect(outcome.ok).toBe(false);
    const bad = outcome.checks.filter((c) => c.status !== 'ok');
    expect(bad.map((c) => [c.region, c.role, c.status])).toEqual([
      ['us-west-2', 'dkim-0', 'missing'],
      ['us-west-2', 'dkim-1', 'missing'],
      ['us-west-2', 'dkim-2', 'missing'],
      ['us-west-2', 'mail-from-mx', 'missing'],
      ['us-west-2', 'mail-from-spf', 'missing'],
    ]);
  });

  test("tokens of the home region only (an old tokens file): the further regions' DKIM rows are skipped, and say how to give them", async () => {
    const outcome = await verify({
      config: CONFIG,
      tokens: file({ 'example.com': TOKENS['us-east-1'] }),
      dns: liveDns(REGIONS),
    });
    const dkim = outcome.checks.filter((c) => c.role.startsWith('dkim'));
    expect(dkim.map((c) => [c.region, c.status])).toEqual([
      ...Array(3).fill(['us-east-1', 'ok']),
      ...Array(3).fill(['us-east-2', 'skipped']),
      ...Array(3).fill(['us-west-2', 'skipped']),
    ]);
    expect(dkim[3]!.detail).toBe(
      'Easy DKIM tokens of the us-east-2 identity unknown: pass --tokens FILE (terraform output -json, or { "example.com": { "us-east-2": [t1, t2, t3] } }) or --aws',
    );
  });

  test("--aws: SES asked in each region, each identity's tokens from its own region fill its rows", async () => {
    const asked: string[] = [];
    const sesClients = (region: string) =>
      ({
        send: async (command: { input: { EmailIdentity: string } }) => {
          asked.push(`${region} ${command.input.EmailIdentity}`);
          return {
            VerifiedForSendingStatus: true,
            VerificationStatus: 'SUCCESS',
            DkimAttributes: { Status: 'SUCCESS', Tokens: TOKENS[region] },
            MailFromAttributes: {
              MailFromDomain: `feedback-smtp-${region}-amazonses.example.com`,
              MailFromDomainStatus: 'SUCCESS',
            },
          };
        },
      }) as unknown as SESv2Client;
    const outcome = await verify({ config: CONFIG, aws: true, sesClients, dns: liveDns(REGIONS) });
    expect(asked.sort()).toEqual(REGIONS.map((r) => `${r} example.com`));
    expect(outcome.identities.map((i) => [i.region, i.mailFromDomain])).toEqual(
      REGIONS.map((r) => [r, `feedback-smtp-${r}-amazonses.example.com`]),
    );
    expect(outcome.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(outcome.ok).toBe(true);
  });
});
