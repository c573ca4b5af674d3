/**
 * `ses-dns verify` against a real BIND serving (a) exactly the planned records, (b) a zone
 * with one record missing, one changed and a conflicting SPF, (c) nothing; and the SES path
 * with a mocked SESv2 client.
 */
import { GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { validateConfig } from '../../src/checks/validate';
import { requireBind } from '../e2e/support/bind-gate';
import { publicKeyBase64 } from '../support/keys';
import { DnsWorld, plannedZones, testTokens } from './support/dns-world';
import type { Zones } from './support/dns-world';

const CONFIG = {
  defaults: { region: 'eu-west-1', dmarc: { policy: 'reject', rua: ['dmarc@example.com'] } },
  environments: {
    production: {
      dns: { provider: 'route53' },
      domains: [
        { name: 'example.com', spf: { mechanisms: ['ip4:192.0.2.0/24'] } },
        {
          name: 'notify.example.com',
          zone: 'example.com',
          dkim: { type: 'byodkim', selector: 's1', publicKey: publicKeyBase64(2048) },
        },
        { name: 'example.org', region: 'eu-south-1', tracking: {} },
      ],
    },
  },
};
const DOMAINS = ['example.com', 'notify.example.com', 'example.org'];

const work = mkdtempSync(join(tmpdir(), 'ses-dns-verify-test-'));
const configFile = join(work, 'ses-dns.yaml');
const tokensFile = join(work, 'tokens.json');
writeFileSync(configFile, stringify(CONFIG));
const EASY_DKIM_DOMAINS = DOMAINS.filter((d) => d !== 'notify.example.com');
writeFileSync(tokensFile, JSON.stringify(Object.fromEntries(EASY_DKIM_DOMAINS.map((d) => [d, testTokens(d)]))));
const environments = validateConfig(CONFIG).config.environments;
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Row {
  domain: string;
  role: string;
  name: string;
  status: string;
  detail?: string;
}

async function verifyJson(resolver: string, ...extra: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['verify', '-c', configFile, '--resolver', resolver, '--json', ...extra], {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
  });
  const json = stdout
    ? (JSON.parse(stdout) as {
        ok: boolean;
        records: Row[];
        identities: object[];
        skipped: object[];
        dkimUnchecked: boolean;
      })
    : undefined;
  return { code, json, stderr };
}

/** The same zones with the given change applied to a copy. */
function edited(zones: Zones, edit: (zones: Zones) => void): Zones {
  const copy: Zones = new Map([...zones].map(([z, entries]) => [z, [...entries]]));
  edit(copy);
  return copy;
}

const bind = requireBind('verify against BIND');
describe.skipIf(!bind)('ses-dns verify against BIND', () => {
  const worlds: Record<string, DnsWorld> = {};
  const planned = plannedZones(environments);

  beforeAll(async () => {
    worlds.exact = await DnsWorld.start(bind!.named, planned);
    worlds.broken = await DnsWorld.start(
      bind!.named,
      edited(planned, (zones) => {
        const exampleCom = zones.get('example.com')!;
        // Missing: the DMARC record of example.com.
        zones.set(
          'example.com',
          exampleCom
            .filter((e) => e.name !== '_dmarc.example.com')
            // Changed: notify.example.com's MAIL FROM MX points elsewhere.
            .map((e) =>
              e.name === 'mail.notify.example.com' && e.data.type === 'MX'
                ? { ...e, data: { type: 'MX' as const, preference: 10, exchange: 'mx.elsewhere.example.net' } }
                : e,
            )
            // Conflicting: a second SPF record at example.com's MAIL FROM name.
            .concat([
              {
                name: 'mail.example.com',
                ttl: 300,
                data: { type: 'TXT', strings: ['v=spf1 include:other.example ~all'] },
              },
            ]),
        );
      }),
    );
    worlds.empty = await DnsWorld.start(bind!.named, new Map());
  });
  afterAll(async () => {
    await Promise.all(Object.values(worlds).map((w) => w.stop()));
  });

  test('(a) exactly the planned records: every record ok, exit 0', async () => {
    const { code, json } = await verifyJson(worlds.exact!.resolver, '--tokens', tokensFile);
    expect(json!.records.filter((r) => r.status !== 'ok')).toEqual([]);
    // 3 + 1 + 3 DKIM, MX + SPF + DMARC per domain, the root SPF, the tracking CNAME, and
    // example.org's report authorization at example.com (its rua is there).
    expect(json!.records).toHaveLength(7 + 3 * 3 + 1 + 1 + 1);
    expect(code).toBe(0);
  });

  test('(a) without tokens every Easy DKIM row is skipped: could not check DKIM, exit 2', async () => {
    const { code, json, stderr } = await verifyJson(worlds.exact!.resolver);
    const statuses = new Set(json!.records.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['ok', 'skipped']);
    expect(json!.records.filter((r) => r.status === 'skipped').map((r) => r.role)).toEqual([
      'dkim-0',
      'dkim-1',
      'dkim-2',
      'dkim-0',
      'dkim-1',
      'dkim-2',
    ]);
    expect(json!.dkimUnchecked).toBe(true);
    expect(json!.skipped).toEqual([
      {
        reason: 'Easy DKIM tokens unknown: pass --tokens FILE (terraform output -json) or --aws',
        rows: 6,
        domains: ['example.com', 'example.org'],
      },
    ]);
    expect(stderr).toBe(
      'could not check: no DKIM record was checked: the Easy DKIM tokens are unknown; pass --tokens FILE (terraform output -json of the stack) or --aws',
    );
    expect(code).toBe(2);
  });

  test("(a) tokens for one domain: the other domain's skipped rows are named; exit 0, or 1 with --strict", async () => {
    const partial = join(work, 'tokens-partial.json');
    writeFileSync(partial, JSON.stringify({ 'example.com': testTokens('example.com') }));
    let stdout = '';
    const code = await main(['verify', '-c', configFile, '--resolver', worlds.exact!.resolver, '--tokens', partial], {
      out: (t) => (stdout += t),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(stdout).toContain('OK               CNAME');
    expect(stdout).toMatch(/\n19 records: 16 ok, 3 skipped\n/);
    expect(stdout).toContain(
      'skipped 3 rows of example.org: Easy DKIM tokens unknown: pass --tokens FILE (terraform output -json) or --aws',
    );
    const strict = await verifyJson(worlds.exact!.resolver, '--tokens', partial, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('verify failed: --strict: 3 rows were skipped');
  });

  test('(b) one missing, one foreign MX the apply would remove, one conflicting SPF: each named, and why; exit 1', async () => {
    const { code, json } = await verifyJson(worlds.broken!.resolver, '--tokens', tokensFile);
    expect(code).toBe(1);
    expect(json!.ok).toBe(false);
    const wrong = json!.records.filter((r) => r.status !== 'ok').map((r) => [r.status, r.role, r.name, r.detail]);
    expect(wrong).toEqual([
      [
        'conflicting',
        'mail-from-spf',
        'mail.example.com',
        '2 SPF records at one name: receivers treat that as an error (RFC 7208 section 4.5)',
      ],
      ['missing', 'dmarc', '_dmarc.example.com', undefined],
      [
        'would-remove',
        'mail-from-mx',
        'mail.notify.example.com',
        'MX points at 10 mx.elsewhere.example.net; the first apply replaces the MX set at mail.notify.example.com and removes mx.elsewhere.example.net: that name receives other mail, which SES forbids for a MAIL FROM name; choose another mailFrom.subdomain (such as bounce)',
      ],
    ]);
  });

  test('(b) the text output names each wrong record with expected and found', async () => {
    let stdout = '';
    const code = await main(
      ['verify', '-c', configFile, '--resolver', worlds.broken!.resolver, '--tokens', tokensFile],
      {
        out: (t) => (stdout += t),
        err: () => {},
      },
    );
    expect(code).toBe(1);
    expect(stdout).toContain('MISSING          TXT   _dmarc.example.com');
    expect(stdout).toContain('WOULD-REMOVE     MX    mail.notify.example.com');
    expect(stdout).toContain('expected: 10 feedback-smtp.eu-west-1.amazonses.com');
    expect(stdout).toContain('found:    10 mx.elsewhere.example.net');
    expect(stdout).toMatch(/records: \d+ ok, 1 conflicting, 1 missing, 1 would-remove \(verify failed\)/);
  });

  test('(c) nothing served: every record missing, exit 1', async () => {
    const { code, json } = await verifyJson(worlds.empty!.resolver, '--tokens', tokensFile);
    expect(code).toBe(1);
    expect(new Set(json!.records.map((r) => r.status))).toEqual(new Set(['missing']));
  });

  test('--aws: tokens and status from SES (mocked), identities reported', async () => {
    const ses = mockClient(SESv2Client);
    try {
      ses.on(GetEmailIdentityCommand).callsFake((input: { EmailIdentity: string }) => ({
        VerifiedForSendingStatus: true,
        VerificationStatus: 'SUCCESS',
        DkimAttributes: {
          Status: 'SUCCESS',
          Tokens: input.EmailIdentity === 'notify.example.com' ? [] : testTokens(input.EmailIdentity),
        },
        MailFromAttributes: {
          MailFromDomain: `mail.${input.EmailIdentity}`,
          MailFromDomainStatus: 'SUCCESS',
          BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
        },
      }));
      const healthy = await verifyJson(worlds.exact!.resolver, '--aws');
      expect(healthy.json!.records.filter((r) => r.status !== 'ok')).toEqual([]);
      expect(healthy.json!.identities).toHaveLength(3);
      expect(healthy.code).toBe(0);
      expect(
        ses
          .commandCalls(GetEmailIdentityCommand)
          .map((c) => c.args[0].input.EmailIdentity)
          .sort(),
      ).toEqual([...DOMAINS].sort());

      ses.on(GetEmailIdentityCommand, { EmailIdentity: 'example.org' }).resolves({
        VerifiedForSendingStatus: false,
        VerificationStatus: 'PENDING',
        DkimAttributes: { Status: 'PENDING', Tokens: testTokens('example.org') },
      });
      let stdout = '';
      const code = await main(['verify', '-c', configFile, '--resolver', worlds.exact!.resolver, '--aws'], {
        out: (t) => (stdout += t),
        err: () => {},
      });
      expect(code).toBe(1);
      expect(stdout).toContain('NOT READY        SES   example.org (eu-south-1): verified no (PENDING), DKIM PENDING');
    } finally {
      ses.restore();
    }
  });

  test('--aws: an identity SES does not have is a finding (exit 1), the others still checked', async () => {
    const ses = mockClient(SESv2Client);
    try {
      ses.on(GetEmailIdentityCommand).callsFake((input: { EmailIdentity: string }) => {
        if (input.EmailIdentity === 'example.org') {
          throw Object.assign(new Error('Email identity example.org does not exist.'), { name: 'NotFoundException' });
        }
        return {
          VerifiedForSendingStatus: true,
          VerificationStatus: 'SUCCESS',
          DkimAttributes: { Status: 'SUCCESS', Tokens: testTokens(input.EmailIdentity) },
          MailFromAttributes: { MailFromDomain: `mail.${input.EmailIdentity}`, MailFromDomainStatus: 'SUCCESS' },
        };
      });
      let stdout = '';
      const code = await main(
        ['verify', '-c', configFile, '--resolver', worlds.exact!.resolver, '--aws', '--tokens', tokensFile],
        { out: (t) => (stdout += t), err: () => {} },
      );
      expect(code).toBe(1);
      expect(stdout).toContain(
        'NOT READY        SES   example.org (eu-south-1): no such identity in SES in eu-south-1 (NotFoundException): apply the stack, or check the region',
      );
      expect(stdout).toContain('OK               SES   example.com (eu-west-1)');
    } finally {
      ses.restore();
    }
  });
});

describe('--aws when SES cannot be asked: could not check, exit 2, with the fix', () => {
  test.each([
    [
      'CredentialsProviderError',
      'Could not load credentials from any providers',
      'could not check: --aws: no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); sign in (aws sso login, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or leave out --aws and pass the tokens with --tokens FILE',
    ],
    [
      'AccessDeniedException',
      'User is not authorized to perform: ses:GetEmailIdentity',
      'could not check: --aws: the AWS credentials may not call ses:GetEmailIdentity in eu-west-1 (AccessDeniedException: User is not authorized to perform: ses:GetEmailIdentity); allow it, or leave out --aws and pass the tokens with --tokens FILE',
    ],
  ])('%s', async (name, message, stderr) => {
    const ses = mockClient(SESv2Client);
    try {
      ses.on(GetEmailIdentityCommand).rejects(Object.assign(new Error(message), { name }));
      const result = await verifyJson('127.0.0.1:9', '--aws');
      expect(result).toEqual({ code: 2, json: undefined, stderr });
    } finally {
      ses.restore();
    }
  });

  test('a real SES client without any credentials (a fresh process, no AWS configuration)', () => {
    const empty = join(work, 'empty-aws-file');
    writeFileSync(empty, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: work,
      AWS_CONFIG_FILE: empty,
      AWS_SHARED_CREDENTIALS_FILE: empty,
      // No instance metadata probe: this machine is not in AWS, and the probe only waits.
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const bin = join(__dirname, '..', '..', 'bin', 'ses-dns.js');
    const result = spawnSync(
      process.execPath,
      [bin, 'verify', '-c', configFile, '--aws', '--resolver', '127.0.0.1:9'],
      {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^could not check: --aws: no usable AWS credentials \(CredentialsProviderError: /);
    expect(result.stderr).not.toContain('NOT READY');
    expect(result.status).toBe(2);
  });
});

describe('a resolver that cannot be used: could not check, exit 2', () => {
  test('nothing listening: could not be reached, not a hang', async () => {
    const started = Date.now();
    const { code, stderr, json } = await verifyJson('127.0.0.1:9', '--timeout', '200');
    expect(code).toBe(2);
    expect(json).toBeUndefined();
    expect(stderr).toMatch(
      /^could not check: (TXT|MX|CNAME) \S+: the resolver 127\.0\.0\.1:9 could not be reached: connection refused or no route to it \(ECONNREFUSED\); pass --resolver with a DNS server that answers from here, or leave it out to use the system resolver$/,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test('a server that never answers: timed out, named as such', async () => {
    // A UDP socket that reads queries and never replies, as a firewalled or hung resolver does.
    const silent = createSocket('udp4');
    silent.on('message', () => {});
    await new Promise<void>((done) => silent.bind(0, '127.0.0.1', done));
    try {
      const resolver = `127.0.0.1:${silent.address().port}`;
      const { code, stderr } = await verifyJson(resolver, '--timeout', '100', '--concurrency', '1');
      expect(code).toBe(2);
      expect(stderr).toContain(
        `: the resolver ${resolver} did not answer: timed out after 2 tries of 100 ms; pass --resolver`,
      );
      expect(stderr).not.toContain('ECONNREFUSED');
    } finally {
      silent.close();
    }
  });

  test.each([
    ['dns.example', '"dns.example" is not an IP address'],
    ['127.0.0.1:99999', 'the port must be a number from 1 to 65535, got "99999"'],
  ])('--resolver %s is bad input, refused before any lookup', async (resolver, message) => {
    const { code, stderr, json } = await verifyJson(resolver);
    expect(code).toBe(2);
    expect(json).toBeUndefined();
    expect(stderr).toContain(`error: --resolver ${resolver}: ${message}`);
  });
});
