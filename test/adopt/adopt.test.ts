/**
 * `ses-dns adopt` on small hand-made situations, DNS answered from a table: the ids that
 * cannot be known and how to get them, each reason for a person, the notes, bad input
 * (exit 2), and the token that never shows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetEmailIdentityCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { adopt } from '../../src/cli/commands/adopt';
import type { AdoptOptions } from '../../src/cli/commands/adopt';
import type { DnsLookup } from '../../src/verify/lookup';
import { run } from '../cli/run';
import { CLOUDFLARE_TOKEN, cloudflareServer } from './support/corpus';

type Table = Record<string, { TXT?: string[][]; MX?: [number, string][]; CNAME?: string[] }>;

function fakeDns(table: Table): DnsLookup {
  const at = (name: string) => table[name.toLowerCase().replace(/\.$/, '')] ?? {};
  return {
    txt: async (name) => at(name).TXT ?? [],
    mx: async (name) => (at(name).MX ?? []).map(([priority, exchange]) => ({ priority, exchange })),
    cname: async (name) => at(name).CNAME ?? [],
  };
}

function configFile(config: unknown, name = 'ses-dns.yaml'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-adopt-')), name);
  writeFileSync(file, name.endsWith('.json') ? JSON.stringify(config, null, 2) : stringify(config));
  return file;
}

const TOKENS = [
  'aaaa1111bbbb2222cccc3333dddd4444',
  'eeee5555ffff6666gggg7777hhhh8888',
  'iiii9999jjjj0000kkkk1111llll2222',
];
const ZONE = 'Z0123456789ABCDEFGHIJ';

function oneDomain(domain: Record<string, unknown>, provider: 'route53' | 'cloudflare' = 'route53') {
  return {
    defaults: { region: 'eu-west-1' },
    environments: { production: { dns: { provider }, domains: [{ name: 'example.com', ...domain }] } },
  };
}

/** A fully live, correct SES setup of example.com in eu-west-1. */
function liveSetup(extra: Table = {}): Table {
  return {
    ...Object.fromEntries(TOKENS.map((t) => [`${t}._domainkey.example.com`, { CNAME: [`${t}.dkim.amazonses.com`] }])),
    'mail.example.com': {
      MX: [[10, 'feedback-smtp.eu-west-1.amazonses.com']],
      TXT: [['v=spf1 include:amazonses.com ~all']],
    },
    '_dmarc.example.com': { TXT: [['v=DMARC1; p=none']] },
    ...extra,
  };
}

const mocks: { restore(): void }[] = [];
afterEach(() => {
  for (const m of mocks.splice(0)) m.restore();
});

function sesSays(answer: Record<string, unknown> | 'absent' | Error) {
  const ses = mockClient(SESv2Client);
  mocks.push(ses);
  ses.on(GetEmailIdentityCommand).callsFake(() => {
    if (answer === 'absent') throw new NotFoundException({ message: 'not found', $metadata: {} });
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return ses;
}

function route53Has(zones: { Id: string; Name: string; Config?: { PrivateZone: boolean } }[]) {
  const r53 = mockClient(Route53Client);
  mocks.push(r53);
  r53
    .on(ListHostedZonesByNameCommand)
    .resolves({ HostedZones: zones.map((z) => ({ CallerReference: 'x', ...z })), IsTruncated: false, MaxItems: 10 });
  r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 300 });
  return r53;
}

const EASY = {
  VerifiedForSendingStatus: true,
  DkimAttributes: { SigningAttributesOrigin: 'AWS_SES', Tokens: TOKENS, Status: 'SUCCESS' },
  MailFromAttributes: { MailFromDomain: 'mail.example.com', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
};

async function proposal(config: unknown, options: Partial<AdoptOptions>, table: Table) {
  const file = configFile(config);
  const outcome = await adopt({ config: file, dns: fakeDns(table), env: {}, ...options });
  return { outcome, p: outcome.proposals[0]!, file };
}

describe('ids that cannot be known, and how to get them', () => {
  test('Route 53 zone by name without --aws: the zone id, SES and the DKIM tokens are unknown', async () => {
    const { outcome, p, file } = await proposal(oneDomain({}), {}, liveSetup());
    expect(outcome.adoptable).toBe(false);
    expect(p.missing.map((m) => m.what)).toEqual([
      'import.identity',
      'import.mail-from',
      'import.dkim-0, import.dkim-1, import.dkim-2',
      'import.mail-from-mx',
      'import.mail-from-spf',
      'import.dmarc',
    ]);
    expect(p.missing[0]!.how).toBe(
      'whether SES already has it is unknown: run adopt with --aws (GetEmailIdentity in eu-west-1, with credentials of the SES account)',
    );
    expect(p.missing[2]!.how).toContain('run adopt with --aws (SES gives the tokens in its order), or --tokens FILE');
    expect(p.missing[3]!.how).toBe(
      'the hosted zone id of example.com is unknown: run adopt with --aws (ListHostedZonesByName), or write zone: { id: ... } (aws route53 list-hosted-zones-by-name --dns-name example.com)',
    );
    expect(readFileSync(file, 'utf8')).toBe(stringify(oneDomain({})));
  });

  test('a zone given by id and --tokens: the record ids are known without AWS', async () => {
    const tokens = join(mkdtempSync(join(tmpdir(), 'ses-dns-tokens-')), 'tokens.json');
    writeFileSync(tokens, JSON.stringify({ 'example.com': TOKENS }));
    const { p } = await proposal(oneDomain({ zone: { id: ZONE } }), { tokens }, liveSetup());
    expect(p.imports.map((i) => [i.role, i.id])).toEqual([
      ['dkim-0', `${ZONE}_${TOKENS[0]}._domainkey.example.com_CNAME`],
      ['dkim-1', `${ZONE}_${TOKENS[1]}._domainkey.example.com_CNAME`],
      ['dkim-2', `${ZONE}_${TOKENS[2]}._domainkey.example.com_CNAME`],
      ['mail-from-mx', `${ZONE}_mail.example.com_MX`],
      ['mail-from-spf', `${ZONE}_mail.example.com_TXT`],
      ['dmarc', `${ZONE}__dmarc.example.com_TXT`],
    ]);
    expect(p.missing.map((m) => m.what)).toEqual(['import.identity', 'import.mail-from']);
  });

  test('Cloudflare without a token: the record ids need the API', async () => {
    sesSays(EASY);
    const { p } = await proposal(oneDomain({}, 'cloudflare'), { aws: true }, liveSetup());
    expect(p.missing.map((m) => m.what)).toContain('import.dmarc');
    expect(p.missing.find((m) => m.what === 'import.dmarc')!.how).toBe(
      'Cloudflare record ids need the API: set CLOUDFLARE_API_TOKEN (a token with Zone:Read and DNS:Read on example.com) and run adopt again, or copy each id from the dashboard',
    );
  });

  test('Cloudflare refusing the token: the reason, never the token', async () => {
    sesSays(EASY);
    const requests: string[] = [];
    const server = await cloudflareServer(
      { zone: 'example.com', zoneId: '023e105f4ecef8ad9ca31a8372d0c353' },
      [],
      requests,
    );
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const env = {
        CLOUDFLARE_API_TOKEN: 'wrong-secret-token-value',
        CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4`,
      };
      // Could not check (exit 2), never ids reported missing (test/adopt/cloudflare-failures.test.ts).
      const refused = proposal(oneDomain({}, 'cloudflare'), { aws: true, env }, liveSetup());
      await expect(refused).rejects.toThrow('the zone example.com: GET /zones: HTTP 403 (10000 Authentication error)');
      await expect(refused).rejects.not.toThrow('wrong-secret-token-value');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('Easy DKIM CNAMEs in a Cloudflare listing without --aws: a note, never "another identity"', async () => {
    const dkimLines = TOKENS.map((t) => ({
      name: `${t}._domainkey.example.com`,
      ttl: 300,
      type: 'CNAME',
      rdata: `${t}.dkim.amazonses.com.`,
    }));
    const server = await cloudflareServer(
      { zone: 'example.com', zoneId: '023e105f4ecef8ad9ca31a8372d0c353' },
      dkimLines,
      [],
    );
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const env = { CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN, CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4` };
      const unknown = (await proposal(oneDomain({}, 'cloudflare'), { env }, liveSetup())).p;
      expect(unknown.people).toEqual([]);
      expect(unknown.notes).toContain(
        `Easy DKIM CNAMEs at ${TOKENS.map((t) => `${t}._domainkey.example.com -> ${t}.dkim.amazonses.com`).join(', ')}: whether they are this identity's needs its tokens (--aws or --tokens FILE)`,
      );
      expect(unknown.missing.map((m) => m.what)).toContain('import.dkim-0, import.dkim-1, import.dkim-2');
      // SES saying it has no such identity makes them another identity's.
      sesSays('absent');
      const absent = (await proposal(oneDomain({}, 'cloudflare'), { aws: true, env }, liveSetup())).p;
      expect(absent.people.map((x) => x.what)).toEqual([
        expect.stringMatching(
          /^Easy DKIM CNAMEs of another SES identity at .* \(SES has no identity example\.com in eu-west-1\)$/,
        ),
      ]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('SES that cannot be asked: could not check, with the fix (exit 2), as verify --aws', async () => {
    sesSays(
      Object.assign(new Error('User is not authorized to perform: ses:GetEmailIdentity'), {
        name: 'AccessDeniedException',
      }),
    );
    route53Has([{ Id: `/hostedzone/${ZONE}`, Name: 'example.com.' }]);
    const message =
      '--aws: the AWS credentials may not call ses:GetEmailIdentity in eu-west-1 (AccessDeniedException: User is not authorized to perform: ses:GetEmailIdentity); allow it, or leave out --aws and pass the tokens with --tokens FILE';
    await expect(proposal(oneDomain({}), { aws: true }, liveSetup())).rejects.toThrow(message);
    const file = configFile(oneDomain({}));
    const before = readFileSync(file, 'utf8');
    const result = await run('adopt', '-c', file, '--aws', '--write');
    expect(result).toEqual({ code: 2, stdout: '', stderr: `could not check: ${message}\n` });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('Route 53 without usable credentials for the DNS account: could not check, naming its profile', async () => {
    sesSays(EASY);
    const r53 = mockClient(Route53Client);
    mocks.push(r53);
    r53
      .on(ListHostedZonesByNameCommand)
      .rejects(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      );
    const config = oneDomain({});
    (config.environments.production.dns as Record<string, unknown>).profile = 'dns-account';
    await expect(proposal(config, { aws: true }, liveSetup())).rejects.toThrow(
      '--aws: no usable AWS credentials of the DNS account (profile dns-account: dns.profile, dns.assumeRoleArn) (CredentialsProviderError: Could not load credentials from any providers); sign in (aws sso login, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run adopt without --aws and write zone: { id: ... } for each zone',
    );
  });

  test('a zone id Route 53 does not have: a person fixes the config', async () => {
    sesSays(EASY);
    const r53 = mockClient(Route53Client);
    mocks.push(r53);
    r53
      .on(ListResourceRecordSetsCommand)
      .rejects(Object.assign(new Error('No hosted zone found with ID: Z0000000000000'), { name: 'NoSuchHostedZone' }));
    const { outcome, p } = await proposal(oneDomain({ zone: { id: 'Z0000000000000' } }), { aws: true }, liveSetup());
    expect(outcome.adoptable).toBe(false);
    expect(p.people).toContainEqual({
      what: 'the DNS account has no hosted zone with the id Z0000000000000',
      fix: 'set zone to the id of the zone that holds example.com (aws route53 list-hosted-zones-by-name --dns-name example.com), or to its name',
    });
  });
});

describe('what needs a person', () => {
  test.each<[string, Record<string, unknown>, Table, string, string]>([
    [
      'a foreign MX at the MAIL FROM name',
      {},
      liveSetup({ 'mail.example.com': { MX: [[10, 'mx.google.com']], TXT: [['v=spf1 include:amazonses.com ~all']] } }),
      'a foreign MX at the MAIL FROM name mail.example.com: 10 mx.google.com',
      'that name receives other mail, and SES needs one that receives none: choose another mailFrom.subdomain, such as bounce',
    ],
    [
      'two root SPF records',
      { spf: {} },
      liveSetup({
        'example.com': { TXT: [['v=spf1 include:_spf.google.com ~all'], ['v=spf1 include:amazonses.com -all']] },
      }),
      '2 SPF records at example.com: "v=spf1 include:_spf.google.com ~all", "v=spf1 include:amazonses.com -all"; receivers treat that as an error (RFC 7208 section 4.5)',
      'merge them into one and delete the others, then run adopt again (ses-dns adopts the one that is left)',
    ],
    [
      'a root SPF ses-dns cannot write',
      { spf: {} },
      liveSetup({ 'example.com': { TXT: [['v=spf1 redirect=_spf.example.net']] } }),
      'the root SPF "v=spf1 redirect=_spf.example.net" at example.com: it holds the modifier redirect=_spf.example.net, which ses-dns cannot write',
      'write it so ses-dns can express it, or settle it by hand, then run adopt again',
    ],
    [
      'an SPF value written with its quotes beside ours (Route 53 cannot keep it)',
      {},
      liveSetup({
        'mail.example.com': {
          MX: [[10, 'feedback-smtp.eu-west-1.amazonses.com']],
          TXT: [['"v=spf1 include:amazonses.com ~all"']],
        },
      }),
      'mail.example.com holds "\\"v=spf1 include:amazonses.com ~all\\"", which keepTxt cannot hold (quotes, backslashes or non-ASCII characters): an SPF record written with its quotes, which no verifier reads as SPF',
      'delete or rewrite that value (the first apply would remove it with the rest of the set), then run adopt again',
    ],
    [
      'a tracking CNAME to a CDN',
      { tracking: {} },
      liveSetup({ 'track.example.com': { CNAME: ['d111111abcdef8.cloudfront.net'] } }),
      "track.example.com points at d111111abcdef8.cloudfront.net, not at SES's tracking host r.eu-west-1.awstrack.me (a CDN in front of it for HTTPS?)",
      'keep it: set tracking: false and leave the record to its owner; or point it at r.eu-west-1.awstrack.me yourself, then run adopt again',
    ],
    [
      'an import id in the config that differs from the live one',
      { import: { dmarc: 'Z9999999999999999999__dmarc.example.com_TXT' } },
      liveSetup(),
      `import.dmarc is Z9999999999999999999__dmarc.example.com_TXT in the config, but the live object's id is ${ZONE}__dmarc.example.com_TXT`,
      `replace it with ${ZONE}__dmarc.example.com_TXT`,
    ],
    [
      "DKIM CNAMEs at another region's host",
      {},
      liveSetup(
        Object.fromEntries(
          TOKENS.map((t) => [`${t}._domainkey.example.com`, { CNAME: [`${t}.dkim.eu-south-1.amazonses.com`] }]),
        ),
      ),
      `${TOKENS[0]}._domainkey.example.com points at ${TOKENS[0]}.dkim.eu-south-1.amazonses.com; for region eu-west-1 ses-dns expects ${TOKENS[0]}.dkim.amazonses.com`,
      'if the identity lives in another region, set region; if SES signs from dkim.eu-south-1.amazonses.com, set dkim.host: dkim.eu-south-1.amazonses.com (run adopt --aws to confirm it from SES)',
    ],
  ])('%s', async (_why, domain, table, what, fix) => {
    sesSays(EASY);
    route53Has([{ Id: `/hostedzone/${ZONE}`, Name: 'example.com.' }]);
    const { outcome, p } = await proposal(oneDomain(domain), { aws: true }, table);
    expect(outcome.adoptable).toBe(false);
    expect(p.people).toContainEqual({ what, fix });
  });

  test('two public hosted zones of one name', async () => {
    sesSays(EASY);
    route53Has([
      { Id: '/hostedzone/Z1111111111111', Name: 'example.com.' },
      { Id: '/hostedzone/Z2222222222222', Name: 'example.com.' },
      { Id: '/hostedzone/Z3333333333333', Name: 'example.com.', Config: { PrivateZone: true } },
    ]);
    const { p } = await proposal(oneDomain({}), { aws: true }, liveSetup());
    expect(p.people[0]).toEqual({
      what: 'the DNS account has 2 public hosted zones named example.com: Z1111111111111, Z2222222222222',
      fix: 'write zone: { id: ... } with the one the registrar delegates to',
    });
  });
});

describe('what adopt does on its own', () => {
  test('SES has no identity: it and the DKIM CNAMEs are created, nothing is missing for them', async () => {
    sesSays('absent');
    route53Has([{ Id: `/hostedzone/${ZONE}`, Name: 'example.com.' }]);
    const { p } = await proposal(oneDomain({ zone: { id: ZONE } }), { aws: true }, {});
    expect(p.missing).toEqual([]);
    expect(p.creates).toEqual([
      'SES identity example.com (eu-west-1)',
      '3 Easy DKIM CNAMEs (SES makes the tokens when the identity is created)',
      'MX mail.example.com',
      'TXT mail.example.com',
      'TXT _dmarc.example.com',
    ]);
  });

  test('a DKIM CNAME one label too deep: a note, and the right one is created', async () => {
    sesSays(EASY);
    route53Has([{ Id: `/hostedzone/${ZONE}`, Name: 'example.com.' }]);
    const table = liveSetup();
    delete table[`${TOKENS[0]}._domainkey.example.com`];
    table[`${TOKENS[0]}._domainkey.example.com.example.com`] = { CNAME: [`${TOKENS[0]}.dkim.amazonses.com`] };
    const { p } = await proposal(oneDomain({ zone: { id: ZONE } }), { aws: true }, table);
    expect(p.notes).toContain(
      `dkim-0: a copy sits at ${TOKENS[0]}._domainkey.example.com.example.com, one label too deep, where nothing reads it: delete it; the first apply creates ${TOKENS[0]}._domainkey.example.com`,
    );
    expect(p.creates).toContain(`CNAME ${TOKENS[0]}._domainkey.example.com`);
  });

  test('the DKIM host SES signs from is proposed when SES confirms it', async () => {
    sesSays({
      ...EASY,
      DkimAttributes: { ...EASY.DkimAttributes, SigningHostedZone: 'dkim.eu-south-1.amazonses.com' },
    });
    route53Has([{ Id: `/hostedzone/${ZONE}`, Name: 'example.com.' }]);
    const table = liveSetup(
      Object.fromEntries(
        TOKENS.map((t) => [`${t}._domainkey.example.com`, { CNAME: [`${t}.dkim.eu-south-1.amazonses.com`] }]),
      ),
    );
    const { outcome, p } = await proposal(oneDomain({ zone: { id: ZONE } }), { aws: true }, table);
    expect(p.settings.map((s) => [s.key, s.value])).toEqual([['dkim.host', 'dkim.eu-south-1.amazonses.com']]);
    expect(outcome.adoptable).toBe(true);
  });

  test('a configuration set SES sends through is kept and adopted', async () => {
    sesSays({ ...EASY, ConfigurationSetName: 'transactional' });
    route53Has([{ Id: `/hostedzone/${ZONE}`, Name: 'example.com.' }]);
    const { p } = await proposal(oneDomain({ zone: { id: ZONE } }), { aws: true }, liveSetup());
    expect(p.settings.map((s) => [s.key, s.value])).toEqual([['configurationSet', { name: 'transactional' }]]);
    expect(p.imports.find((i) => i.role === 'configuration-set')?.id).toBe('transactional');
  });

  test('a JSON config is written, its indentation kept', async () => {
    sesSays(EASY);
    route53Has([{ Id: `/hostedzone/${ZONE}`, Name: 'example.com.' }]);
    const file = configFile(oneDomain({ zone: { id: ZONE } }), 'ses-dns.json');
    const outcome = await adopt({ config: file, dns: fakeDns(liveSetup()), env: {}, aws: true, write: true });
    expect(outcome.written).toBe(true);
    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      environments: { production: { domains: { import: object }[] } };
    };
    expect(Object.keys(written.environments.production.domains[0]!.import)).toEqual([
      'identity',
      'mail-from',
      'dkim-0',
      'dkim-1',
      'dkim-2',
      'mail-from-mx',
      'mail-from-spf',
      'dmarc',
    ]);
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\n {2}"defaults"/);
  });
});

describe('bad input: exit 2, nothing written', () => {
  test('--write on a TypeScript config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-adopt-ts-'));
    const file = join(dir, 'ses-dns.config.ts');
    writeFileSync(file, `export default ${JSON.stringify(oneDomain({}))};\n`);
    const result = await run('adopt', '-c', file, '--write');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --write edits YAML and JSON configs; ${file} is code: run adopt without --write and copy the proposal into it\n`,
    );
  });

  test('a CLOUDFLARE_BASE_URL that would send the token in the clear', async () => {
    const file = configFile(oneDomain({}, 'cloudflare'));
    const saved = { ...process.env };
    process.env.CLOUDFLARE_API_TOKEN = 'secret-token';
    process.env.CLOUDFLARE_BASE_URL = 'http://api.example.net/client/v4';
    try {
      const result = await run('adopt', '-c', file);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'error: CLOUDFLARE_BASE_URL "http://api.example.net/client/v4" must be an https URL (plain http only on localhost): the API token travels with every request\n',
      );
      expect(result.stderr + result.stdout).not.toContain('secret-token');
    } finally {
      process.env = saved;
    }
  });

  test('a bad config: every error, and nothing written', async () => {
    const file = configFile({
      environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'Example.com' }] } },
    });
    const before = readFileSync(file, 'utf8');
    const result = await run('adopt', '-c', file, '--write');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing was written\n$/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('an unreachable resolver: could not check, with the fix', async () => {
    const file = configFile(oneDomain({}));
    const result = await run('adopt', '-c', file, '--resolver', '127.0.0.1:9');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^could not check: (TXT|MX|CNAME) \S+: the resolver 127\.0\.0\.1:9 (could not be reached|did not answer)[^\n]*; pass --resolver with a DNS server that answers from here, or leave it out to use the system resolver\n$/,
    );
  }, 30_000);

  test('a --resolver that is not an address: refused before any lookup', async () => {
    const file = configFile(oneDomain({}));
    expect(await run('adopt', '-c', file, '--resolver', 'dns.example.net')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --resolver dns.example.net: "dns.example.net" is not an IP address; give the address of a DNS server with an optional port, such as 127.0.0.1:5353, 192.0.2.53, ::1 or [::1]:5353\n',
    });
  });
});
