/**
 * `ses-dns verify` against a real BIND serving (a) exactly the planned records, (b) a zone
 * with one record missing, one changed and a conflicting SPF, (c) nothing; and the SES path
 * with a mocked SESv2 client.
 */
import { GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { validateConfig } from '../../src/config/load';
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
  const json = stdout ? (JSON.parse(stdout) as { ok: boolean; records: Row[]; identities: object[] }) : undefined;
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

  test('(a) without tokens the DKIM rows are skipped, the rest still ok', async () => {
    const { code, json } = await verifyJson(worlds.exact!.resolver);
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
    expect(code).toBe(0);
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
});

describe('an unreachable resolver', () => {
  test('is a clear error with exit 2, not a hang', async () => {
    const started = Date.now();
    const { code, stderr } = await verifyJson('127.0.0.1:9', '--timeout', '200');
    expect(code).toBe(2);
    expect(stderr).toMatch(/127\.0\.0\.1:9 did not answer \((ECONNREFUSED|ETIMEOUT)\)/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test('a resolver that is not an address is bad input', async () => {
    const { code, stderr } = await verifyJson('dns.example');
    expect(code).toBe(2);
    expect(stderr).toContain('--resolver dns.example: give an IP address with an optional port');
  });
});
