/**
 * `ses-dns adopt` for a domain in several SES regions (issue #16): each region's identity,
 * MAIL FROM and DKIM CNAMEs adopted under its region (`import: { us-east-1: { identity } }`),
 * SES asked in each region, tokens per region from SES or the tokens file, and what a person
 * must decide said per region.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { NotFoundException } from '@aws-sdk/client-sesv2';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { adopt } from '../../src/cli/commands/adopt';
import type { AdoptOptions } from '../../src/cli/commands/adopt';
import { validateConfig } from '../../src/checks/validate';
import type { DnsLookup } from '../../src/verify/lookup';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const HOME = 'eu-west-1';
const FURTHER = 'us-east-1';
const TOKENS: Record<string, string[]> = {
  [HOME]: ['aaaa1111bbbb2222cccc3333dddd4444', 'eeee5555ffff6666gggg7777hhhh8888', 'iiii9999jjjj0000kkkk1111llll2222'],
  [FURTHER]: [
    'mmmm1111nnnn2222oooo3333pppp4444',
    'qqqq5555rrrr6666ssss7777tttt8888',
    'uuuu9999vvvv0000wwww1111xxxx2222',
  ],
};

const CONFIG = {
  defaults: { region: HOME },
  environments: {
    production: {
      dns: { provider: 'route53' },
      domains: [
        { name: 'example.com', zone: { id: ZONE }, region: [HOME, FURTHER], mailFrom: { subdomain: 'mail-{region}' } },
      ],
    },
  },
};

type Table = Record<string, { TXT?: string[][]; MX?: [number, string][]; CNAME?: string[] }>;

/** Live DNS: both regions' DKIM CNAMEs and MAIL FROM records, and a DMARC record. */
function live(): DnsLookup {
  const table: Table = { '_dmarc.example.com': { TXT: [['v=DMARC1; p=none']] } };
  for (const region of [HOME, FURTHER]) {
    for (const t of TOKENS[region]!) table[`${t}._domainkey.example.com`] = { CNAME: [`${t}.dkim.amazonses.com`] };
    table[`mail-${region}.example.com`] = {
      MX: [[10, `feedback-smtp.${region}.amazonses.com`]],
      TXT: [['v=spf1 include:amazonses.com ~all']],
    };
  }
  const at = (name: string) => table[name.toLowerCase().replace(/\.$/, '')] ?? {};
  return {
    txt: async (name) => at(name).TXT ?? [],
    mx: async (name) => (at(name).MX ?? []).map(([priority, exchange]) => ({ priority, exchange })),
    cname: async (name) => at(name).CNAME ?? [],
  };
}

/** SES in each region: its identity of example.com, with that region's tokens and MAIL FROM. */
function ses(mailFrom: (region: string) => string = (region) => `mail-${region}.example.com`) {
  const asked: string[] = [];
  const factory = (region: string) =>
    ({
      send: async (command: { input: { EmailIdentity: string } }) => {
        asked.push(`${region} ${command.input.EmailIdentity}`);
        if (!TOKENS[region]) throw new NotFoundException({ message: 'not found', $metadata: {} });
        return {
          VerifiedForSendingStatus: true,
          DkimAttributes: { SigningAttributesOrigin: 'AWS_SES', Tokens: TOKENS[region], Status: 'SUCCESS' },
          MailFromAttributes: { MailFromDomain: mailFrom(region), BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
        };
      },
    }) as unknown as SESv2Client;
  return { factory, asked };
}

/** Route 53's listing of the zone: the record sets live DNS shows. */
function route53Lists() {
  const sets: ResourceRecordSet[] = [
    { Name: '_dmarc.example.com.', Type: 'TXT', TTL: 600, ResourceRecords: [{ Value: '"v=DMARC1; p=none"' }] },
  ];
  for (const region of [HOME, FURTHER]) {
    for (const t of TOKENS[region]!) {
      sets.push({
        Name: `${t}._domainkey.example.com.`,
        Type: 'CNAME',
        TTL: 600,
        ResourceRecords: [{ Value: `${t}.dkim.amazonses.com` }],
      });
    }
    sets.push(
      {
        Name: `mail-${region}.example.com.`,
        Type: 'MX',
        TTL: 600,
        ResourceRecords: [{ Value: `10 feedback-smtp.${region}.amazonses.com` }],
      },
      {
        Name: `mail-${region}.example.com.`,
        Type: 'TXT',
        TTL: 600,
        ResourceRecords: [{ Value: '"v=spf1 include:amazonses.com ~all"' }],
      },
    );
  }
  const r53 = mockClient(Route53Client);
  mocks.push(r53);
  r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: sets, IsTruncated: false, MaxItems: 300 });
}

const mocks: { restore(): void }[] = [];
afterEach(() => {
  for (const m of mocks.splice(0)) m.restore();
});

function configFile(config: unknown = CONFIG): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-adopt-regions-')), 'ses-dns.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

function tokensFile(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-adopt-tokens-')), 'tokens.json');
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const run = (file: string, options: Partial<AdoptOptions>) => {
  if (options.aws) route53Lists();
  return adopt({ config: file, dns: live(), env: {}, ...options });
};
const key = (i: { role: string; region?: string }) => (i.region ? `${i.region}.${i.role}` : i.role);

describe('adopt, a domain in two regions', () => {
  test("--tokens per region, no --aws: both identities' records adopted, each under its region; SES ids missing per region", async () => {
    const { proposals } = await run(configFile(), { tokens: tokensFile({ 'example.com': TOKENS }) });
    const p = proposals[0]!;
    expect(p.imports.map((i) => [key(i), i.id])).toEqual([
      ['dkim-0', `${ZONE}_${TOKENS[HOME]![0]}._domainkey.example.com_CNAME`],
      ['dkim-1', `${ZONE}_${TOKENS[HOME]![1]}._domainkey.example.com_CNAME`],
      ['dkim-2', `${ZONE}_${TOKENS[HOME]![2]}._domainkey.example.com_CNAME`],
      ['mail-from-mx', `${ZONE}_mail-eu-west-1.example.com_MX`],
      ['mail-from-spf', `${ZONE}_mail-eu-west-1.example.com_TXT`],
      [`${FURTHER}.dkim-0`, `${ZONE}_${TOKENS[FURTHER]![0]}._domainkey.example.com_CNAME`],
      [`${FURTHER}.dkim-1`, `${ZONE}_${TOKENS[FURTHER]![1]}._domainkey.example.com_CNAME`],
      [`${FURTHER}.dkim-2`, `${ZONE}_${TOKENS[FURTHER]![2]}._domainkey.example.com_CNAME`],
      [`${FURTHER}.mail-from-mx`, `${ZONE}_mail-us-east-1.example.com_MX`],
      [`${FURTHER}.mail-from-spf`, `${ZONE}_mail-us-east-1.example.com_TXT`],
      ['dmarc', `${ZONE}__dmarc.example.com_TXT`],
    ]);
    expect(p.missing.map((m) => m.what)).toEqual([
      'import.identity',
      'import.mail-from',
      `import.${FURTHER}.identity`,
      `import.${FURTHER}.mail-from`,
    ]);
    expect(p.missing[2]!.how).toContain(`GetEmailIdentity in ${FURTHER}`);
  });

  test("the old tokens form gives the home region only: the further region's DKIM ids are missing, with how to get them", async () => {
    const { proposals } = await run(configFile(), { tokens: tokensFile({ 'example.com': TOKENS[HOME] }) });
    const missing = proposals[0]!.missing;
    expect(missing.map((m) => m.what)).toContain(
      `import.${FURTHER}.dkim-0, import.${FURTHER}.dkim-1, import.${FURTHER}.dkim-2`,
    );
    expect(missing.find((m) => m.what.startsWith(`import.${FURTHER}.dkim-0`))!.how).toBe(
      `the Easy DKIM tokens in ${FURTHER} are unknown, so whether their CNAMEs exist is too: run adopt with --aws (SES gives the tokens in its order), or --tokens FILE`,
    );
  });

  test('--aws --write: SES asked in each region, everything adopted, the config valid, a second run proposes nothing', async () => {
    const file = configFile();
    const { factory, asked } = ses();
    const first = await run(file, { aws: true, sesClients: factory, write: true });
    expect(asked.sort()).toEqual([`${HOME} example.com`, `${FURTHER} example.com`]);
    expect(first.adoptable).toBe(true);
    expect(first.written).toBe(true);
    const written = parse(readFileSync(file, 'utf8')) as typeof CONFIG;
    const imports = (written.environments.production.domains[0] as Record<string, unknown>).import as Record<
      string,
      unknown
    >;
    expect(imports).toMatchObject({
      identity: 'example.com',
      'mail-from': 'example.com',
      'dkim-0': `${ZONE}_${TOKENS[HOME]![0]}._domainkey.example.com_CNAME`,
      dmarc: `${ZONE}__dmarc.example.com_TXT`,
      [FURTHER]: {
        identity: 'example.com',
        'mail-from': 'example.com',
        'dkim-0': `${ZONE}_${TOKENS[FURTHER]![0]}._domainkey.example.com_CNAME`,
        'mail-from-mx': `${ZONE}_mail-us-east-1.example.com_MX`,
        'mail-from-spf': `${ZONE}_mail-us-east-1.example.com_TXT`,
      },
    });
    expect(validateConfig(written).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const again = await run(file, { aws: true, sesClients: ses().factory, write: true });
    expect(again.proposals[0]!.imports).toEqual([]);
    expect(again.written).toBe(false);
  });

  test("SES sends from another MAIL FROM in the further region: a person's call, naming the region", async () => {
    const { factory } = ses((region) => (region === FURTHER ? 'bounce.example.com' : `mail-${region}.example.com`));
    const { proposals } = await run(configFile(), { aws: true, sesClients: factory });
    const p = proposals[0]!;
    expect(p.imports.map(key)).not.toContain(`${FURTHER}.mail-from`);
    expect(p.people.map((x) => x.what)).toContain(
      `SES uses the MAIL FROM bounce.example.com for example.com in ${FURTHER}; the config asks mail-us-east-1.example.com there`,
    );
  });

  test("SES's home MAIL FROM another name: the fix keeps {region}, so the further regions still get theirs", async () => {
    const { factory } = ses((region) => `feedback-smtp-${region}-amazonses.example.com`);
    const { proposals } = await run(configFile(), { aws: true, sesClients: factory });
    const home = proposals[0]!.people.find((x) => x.what.startsWith('SES uses the MAIL FROM feedback-smtp-eu-west-1'))!;
    expect(home).toEqual({
      what: 'SES uses the MAIL FROM feedback-smtp-eu-west-1-amazonses.example.com; the config asks mail-eu-west-1.example.com (environments.production.domains[0].mailFrom.subdomain)',
      fix: "set mailFrom.subdomain to feedback-smtp-{region}-amazonses to keep it, or keep mail-{region} and expect the first apply to move SES's MAIL FROM (its records at feedback-smtp-eu-west-1-amazonses.example.com then stay unmanaged)",
    });
  });

  test("a tokens file that disagrees with SES in one region: a person's call for that region only", async () => {
    const wrong = { [HOME]: TOKENS[HOME], [FURTHER]: [...TOKENS[FURTHER]!].reverse() };
    const { proposals } = await run(configFile(), {
      aws: true,
      sesClients: ses().factory,
      tokens: tokensFile({ 'example.com': wrong }),
    });
    expect(proposals[0]!.people.map((x) => x.what)).toEqual([
      `--tokens gives ${wrong[FURTHER]!.join(', ')} for example.com in ${FURTHER}, SES ${TOKENS[FURTHER]!.join(', ')}`,
    ]);
  });
});
