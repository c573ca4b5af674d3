/**
 * `ses-dns adopt` of a DMARC report authorization that is live already (a setup made by
 * hand, or ses-dns's own first apply): acme-shop.io sends its reports to acme-test.com, whose
 * zone the same environment manages, so the plan holds
 * `acme-shop.io._report._dmarc.acme-test.com TXT "v=DMARC1"` in acme-test.com's zone. BIND
 * serves exactly the plan; SES and Route 53 answer through aws-sdk-client-mock, Cloudflare
 * through a local server speaking its v4 JSON. Adopt proposes `import.dmarc-report-auth`
 * (with the REPORT domain's zone id), writes it, has nothing left on a second run; synth
 * imports the record and verify finds it ok. Without --aws, from a table of DNS answers:
 * anything but exactly "v=DMARC1" at that name is a person's, with the fix.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateConfig } from '../../src/checks/validate';
import { adopt as adoptCommand } from '../../src/cli/commands/adopt';
import { synth } from '../../src/cli/commands/synth';
import type { DnsLookup } from '../../src/verify/lookup';
import { requireBind } from '../e2e/support/bind-gate';
import { quoteCharacterString } from '../e2e/support/dns-text';
import type { ZoneEntry } from '../e2e/support/zone-file';
import { DnsWorld, plannedZones, testTokens } from '../verify/support/dns-world';
import { CLOUDFLARE_TOKEN, cloudflareRecordId, cloudflareZonesServer } from './support/corpus';
import type { ZoneLine } from './support/corpus';
import { cli } from './support/cli';

const bind = requireBind('adopt of a DMARC report authorization against BIND');

const AUTH_NAME = 'acme-shop.io._report._dmarc.acme-test.com';
const ZONE_IDS = {
  route53: { 'acme-test.com': 'Z0123456789ABCDEFGHIJ', 'acme-shop.io': 'Z9876543210ZYXWVUTSRQ' },
  cloudflare: {
    'acme-test.com': '023e105f4ecef8ad9ca31a8372d0c353',
    'acme-shop.io': '9a7806061c88ada191ed06f989cc3dac',
  },
} as const;
const DOMAINS = ['acme-test.com', 'acme-shop.io'] as const;

function configOf(provider: 'route53' | 'cloudflare') {
  return {
    defaults: { region: 'eu-west-1', dmarc: { rua: ['dmarc-reports@acme-test.com'] } },
    environments: { production: { dns: { provider }, domains: DOMAINS.map((name) => ({ name })) } },
  };
}

/** A zone entry as BIND's master-file reader prints it (the fake Cloudflare API lists these). */
function zoneLine(entry: ZoneEntry): ZoneLine {
  const { data } = entry;
  const rdata =
    data.type === 'TXT'
      ? data.strings.map(quoteCharacterString).join(' ')
      : data.type === 'MX'
        ? `${data.preference} ${data.exchange}.`
        : data.type === 'CNAME'
          ? `${data.target}.`
          : data.address;
  return { name: entry.name, ttl: entry.ttl, type: data.type, rdata };
}

/** SES has both identities, Easy DKIM with the test tokens, MAIL FROM mail.<domain>. */
function mockAws(provider: 'route53' | 'cloudflare') {
  const ses = mockClient(SESv2Client);
  ses.on(GetEmailIdentityCommand).callsFake((input: { EmailIdentity: string }) => ({
    IdentityType: 'DOMAIN',
    VerifiedForSendingStatus: true,
    VerificationStatus: 'SUCCESS',
    DkimAttributes: {
      SigningEnabled: true,
      Status: 'SUCCESS',
      SigningAttributesOrigin: 'AWS_SES',
      Tokens: testTokens(input.EmailIdentity),
    },
    MailFromAttributes: {
      MailFromDomain: `mail.${input.EmailIdentity}`,
      MailFromDomainStatus: 'SUCCESS',
      BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
    },
  }));
  const route53 = mockClient(Route53Client);
  const ids: Record<string, string> = ZONE_IDS.route53;
  route53.on(ListHostedZonesByNameCommand).callsFake((input: { DNSName?: string }) => ({
    HostedZones:
      provider === 'route53' && input.DNSName && ids[input.DNSName]
        ? [{ Id: `/hostedzone/${ids[input.DNSName]}`, Name: `${input.DNSName}.`, CallerReference: 'x' }]
        : [],
    IsTruncated: false,
    MaxItems: 10,
  }));
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 300 });
  return () => {
    ses.restore();
    route53.restore();
  };
}

type Stack = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  import?: { id: string; to: string }[];
};

describe.skipIf(!bind).each(['route53', 'cloudflare'] as const)('%s', (provider) => {
  const work = mkdtempSync(join(tmpdir(), `ses-dns-adopt-report-auth-${provider}-`));
  const config = join(work, 'ses-dns.yaml');
  const zones = plannedZones(validateConfig(configOf(provider)).config.environments);
  const authLine = zoneLine(zones.get('acme-test.com')!.find((e) => e.name === AUTH_NAME)!);
  const reportZoneId = ZONE_IDS[provider]['acme-test.com'];
  const expectedId =
    provider === 'route53' ? `${reportZoneId}_${AUTH_NAME}_TXT` : `${reportZoneId}/${cloudflareRecordId(authLine)}`;
  const resourceType = provider === 'route53' ? 'aws_route53_record' : 'cloudflare_dns_record';
  let world: DnsWorld;
  let api: Server | undefined;
  let env: Record<string, string> = {};
  let restore: () => void;
  const adopt = (...extra: string[]) =>
    cli(env, 'adopt', '-c', config, '--resolver', world.resolver, '--aws', '--json', ...extra);

  beforeAll(async () => {
    writeFileSync(config, stringify(configOf(provider)));
    world = await DnsWorld.start(bind!.named, zones);
    if (provider === 'cloudflare') {
      api = await cloudflareZonesServer(
        DOMAINS.map((zone) => ({ zone, zoneId: ZONE_IDS.cloudflare[zone], lines: zones.get(zone)!.map(zoneLine) })),
        [],
      );
      const address = api.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      env = { CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN, CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4` };
    }
    restore = mockAws(provider);
  }, 60_000);
  afterAll(async () => {
    restore();
    await world.stop();
    if (api) await new Promise<void>((resolve) => api!.close(() => resolve()));
    rmSync(work, { recursive: true, force: true });
  });

  test("adopt proposes import.dmarc-report-auth with the id in the report domain's zone (exit 0)", async () => {
    const before = readFileSync(config, 'utf8');
    const run = await adopt();
    const json = JSON.parse(run.stdout) as {
      adoptable: boolean;
      domains: { domain: string; imports: { role: string; id: string }[]; people: unknown[]; missing: unknown[] }[];
    };
    const shop = json.domains.find((d) => d.domain === 'acme-shop.io')!;
    expect(shop.people).toEqual([]);
    expect(shop.missing).toEqual([]);
    expect(shop.imports.filter((i) => i.role === 'dmarc-report-auth').map((i) => i.id)).toEqual([expectedId]);
    // Only the domain whose reports go elsewhere imports it.
    const test_ = json.domains.find((d) => d.domain === 'acme-test.com')!;
    expect(test_.imports.map((i) => i.role)).not.toContain('dmarc-report-auth');
    expect(run.code, run.stdout).toBe(0);
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  test('--write writes it under acme-shop.io; a second run proposes nothing and exits 0', async () => {
    const written = await adopt('--write');
    expect(written.code, written.stdout).toBe(0);
    const value = parse(readFileSync(config, 'utf8')) as {
      environments: { production: { domains: { name: string; import?: Record<string, string> }[] } };
    };
    const [acmeTest, acmeShop] = value.environments.production.domains;
    expect(acmeShop!.import?.['dmarc-report-auth']).toBe(expectedId);
    expect(acmeTest!.import?.['dmarc-report-auth']).toBeUndefined();
    const before = readFileSync(config, 'utf8');
    const again = await adopt('--write');
    expect(again.code, again.stdout).toBe(0);
    expect((JSON.parse(again.stdout) as { changes: number }).changes).toBe(0);
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  test('synth imports the record at its address; verify finds it ok, nothing would duplicate', async () => {
    const result = await synth({ config, outdir: join(work, 'out') });
    const stack = JSON.parse(readFileSync(result.stacks[0]!.file, 'utf8')) as Stack;
    const address = `${resourceType}.acme-shop_io__dmarc_report_auth`;
    expect(stack.resource?.[resourceType]?.['acme-shop_io__dmarc_report_auth']).toMatchObject({
      name: AUTH_NAME,
      type: 'TXT',
    });
    expect(stack.import?.filter((i) => i.to === address)).toEqual([{ id: expectedId, to: address }]);
    const run = await cli(env, 'verify', '-c', config, '--resolver', world.resolver, '--aws', '--json');
    const rows = (JSON.parse(run.stdout) as { records: { role: string; name: string; status: string }[] }).records;
    expect(rows.filter((r) => r.role === 'dmarc-report-auth')).toEqual([
      expect.objectContaining({ name: AUTH_NAME, status: 'ok' }),
    ]);
    expect(rows.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(run.code).toBe(0);
  });
});

/** DNS from a table: name -> TXT records, each a list of strings. */
function txtOnly(table: Record<string, string[][]>): DnsLookup {
  return {
    txt: async (name) => table[name.toLowerCase().replace(/\.$/, '')] ?? [],
    mx: async () => [],
    cname: async () => [],
  };
}

describe('the authorization name without --aws, zones given by id (Route 53)', () => {
  const zoned = () => {
    const raw = configOf('route53');
    raw.environments.production.domains = DOMAINS.map((name) => ({ name, zone: { id: ZONE_IDS.route53[name] } }));
    const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-adopt-report-auth-')), 'ses-dns.yaml');
    writeFileSync(file, stringify(raw));
    return file;
  };
  const shopOf = async (live: string[][]) => {
    const outcome = await adoptCommand({ config: zoned(), dns: txtOnly({ [AUTH_NAME]: live }), env: {} });
    return outcome.proposals.find((p) => p.domain === 'acme-shop.io')!;
  };

  test('exactly "v=DMARC1": import.dmarc-report-auth in the report domain\'s zone', async () => {
    const shop = await shopOf([['v=DMARC1']]);
    expect(shop.imports.filter((i) => i.role === 'dmarc-report-auth')).toEqual([
      expect.objectContaining({ id: `${ZONE_IDS.route53['acme-test.com']}_${AUTH_NAME}_TXT` }),
    ]);
    expect(shop.people).toEqual([]);
  });

  test.each([
    ['a longer authorization (it may redirect the reports)', [['v=DMARC1; rua=mailto:agg@reports.example.net']]],
    ['ours beside a value of others', [['v=DMARC1'], ['google-site-verification=abc123']]],
  ])('%s: a person rewrites it, then adopt proposes the import', async (_why, live) => {
    const shop = await shopOf(live);
    expect(shop.imports.map((i) => i.role)).not.toContain('dmarc-report-auth');
    expect(shop.people).toEqual([
      {
        what: `${AUTH_NAME} holds ${live.map((v) => JSON.stringify(v.join(''))).join(', ')}, not only the "v=DMARC1" that ses-dns writes there (the authorization for acme-shop.io's DMARC reports)`,
        fix: 'rewrite it by hand as the one value "v=DMARC1" (if it sends the reports on with rua=, put that address in dmarc.rua of acme-shop.io first) and move any other value off that name, then run adopt again (it then proposes import.dmarc-report-auth); or send the reports of acme-shop.io within its own organization, so that ses-dns writes no authorization',
      },
    ]);
  });
});
