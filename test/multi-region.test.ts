/**
 * One domain in several SES regions (issue #16): an identity per region, each with its own
 * Easy DKIM CNAMEs and MAIL FROM name, one DMARC record and one root SPF; addresses that
 * never move when a region is added; the rejections and warnings a region list brings.
 */
import { describe, expect, test } from 'vitest';
import { addressed, issuesOf, publicKeyBase64, resourceCounts, resourcesOf, synthStacks } from './support/synth';
import { run } from './cli/run';
import { validateConfig } from '../src/checks/validate';
import { configAdvice, configWarnings } from '../src/checks/warnings';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const THREE = ['us-east-1', 'us-east-2', 'us-west-2'];
const MAIL_FROM = { subdomain: 'feedback-smtp-{region}-amazonses' };

function config(domain: Record<string, unknown>, provider: 'route53' | 'cloudflare' = 'route53', env = {}) {
  return {
    defaults: { region: 'us-east-1' },
    environments: {
      production: {
        dns: { provider },
        dmarc: { policy: 'reject' },
        ...env,
        domains: [{ name: 'example.com', spf: { include: ['_spf.google.com'] }, ...domain }],
      },
    },
  };
}

describe('a domain in three regions', () => {
  const stack = synthStacks(config({ region: THREE, mailFrom: MAIL_FROM })).production!;

  test('an identity, MAIL FROM and three DKIM CNAMEs per region; one DMARC, one root SPF', () => {
    expect(resourceCounts(stack)).toEqual({
      aws_sesv2_email_identity: 3,
      aws_sesv2_email_identity_mail_from_attributes: 3,
      aws_route53_record: 3 * 3 + 3 * 2 + 2,
    });
    const records = resourcesOf(stack, 'aws_route53_record');
    expect(Object.values(records).filter((r) => r.name === '_dmarc.example.com')).toHaveLength(1);
    expect(Object.values(records).filter((r) => r.name === 'example.com')).toHaveLength(1);
  });

  test('each further region through its own aliased AWS provider, the home region through the default one', () => {
    expect(stack.provider.aws).toEqual([
      { region: 'us-east-1' },
      { alias: 'us_east_2', region: 'us-east-2' },
      { alias: 'us_west_2', region: 'us-west-2' },
    ]);
    const identities = resourcesOf(stack, 'aws_sesv2_email_identity');
    expect(Object.keys(identities).sort()).toEqual([
      'example_com__identity',
      'example_com__us_east_2__identity',
      'example_com__us_west_2__identity',
    ]);
    expect(identities.example_com__identity!.provider).toBeUndefined();
    expect(identities.example_com__us_east_2__identity!.provider).toBe('aws.us_east_2');
    expect(identities.example_com__us_west_2__identity!.provider).toBe('aws.us_west_2');
    for (const identity of Object.values(identities)) expect(identity.email_identity).toBe('example.com');
  });

  test("each region's MAIL FROM name takes that region's feedback host, and its identity's DKIM tokens", () => {
    const records = resourcesOf(stack, 'aws_route53_record');
    const attributes = resourcesOf(stack, 'aws_sesv2_email_identity_mail_from_attributes');
    for (const region of THREE) {
      const prefix = region === 'us-east-1' ? 'example_com__' : `example_com__${region.replace(/-/g, '_')}__`;
      const name = `feedback-smtp-${region}-amazonses.example.com`;
      expect(records[`${prefix}mail_from_mx`]).toMatchObject({
        name,
        type: 'MX',
        records: [`10 feedback-smtp.${region}.amazonses.com`],
      });
      expect(records[`${prefix}mail_from_spf`]).toMatchObject({
        name,
        type: 'TXT',
        records: ['v=spf1 include:amazonses.com ~all'],
      });
      expect(attributes[`${prefix}mail_from`]!.mail_from_domain).toBe(name);
      for (const i of [0, 1, 2]) {
        expect(records[`${prefix}dkim_${i}`]!.name).toBe(
          `\${element(aws_sesv2_email_identity.${prefix}identity.dkim_signing_attributes[0].tokens, ${i})}._domainkey.example.com`,
        );
      }
    }
  });

  test('outputs per region: identity ARN, DKIM tokens, MAIL FROM domain', () => {
    expect(Object.keys(stack.output).sort()).toEqual([
      'example_com__dkim_tokens',
      'example_com__identity_arn',
      'example_com__mail_from_domain',
      'example_com__us_east_2__dkim_tokens',
      'example_com__us_east_2__identity_arn',
      'example_com__us_east_2__mail_from_domain',
      'example_com__us_west_2__dkim_tokens',
      'example_com__us_west_2__identity_arn',
      'example_com__us_west_2__mail_from_domain',
    ]);
    expect(stack.output.example_com__us_west_2__mail_from_domain.value).toBe(
      'feedback-smtp-us-west-2-amazonses.example.com',
    );
  });

  test('a DKIM host region (eu-south-1) gets its regional DKIM host, the others dkim.amazonses.com', () => {
    const s = synthStacks(config({ region: ['eu-west-1', 'eu-south-1'], mailFrom: { subdomain: 'mail-{region}' } }));
    const records = resourcesOf(s.production!, 'aws_route53_record');
    expect(records.example_com__dkim_0!.records[0]).toMatch(/\}\.dkim\.amazonses\.com$/);
    expect(records.example_com__eu_south_1__dkim_0!.records[0]).toMatch(/\}\.dkim\.eu-south-1\.amazonses\.com$/);
  });
});

describe('BYODKIM across regions', () => {
  test('one key: one TXT published once, every identity signs with the same selector and key variable', () => {
    const publicKey = publicKeyBase64(2048);
    const stack = synthStacks(
      config({ region: THREE, mailFrom: MAIL_FROM, dkim: { type: 'byodkim', selector: 's1', publicKey } }),
    ).production!;
    const records = Object.values(resourcesOf(stack, 'aws_route53_record'));
    const dkim = records.filter((r) => r.name === 's1._domainkey.example.com');
    expect(dkim).toHaveLength(1);
    expect(dkim[0]!.records.join('')).toBe(`v=DKIM1; k=rsa; p=${publicKey}`.match(/.{1,255}/g)!.join('""'));
    const identities = Object.values(resourcesOf(stack, 'aws_sesv2_email_identity'));
    expect(identities).toHaveLength(3);
    for (const identity of identities) {
      expect(identity.dkim_signing_attributes).toEqual({
        domain_signing_private_key: '${var.example_com__dkim_private_key}',
        domain_signing_selector: 's1',
      });
    }
    expect(Object.keys(stack.variable)).toEqual(['example_com__dkim_private_key']);
  });
});

describe('account settings per account and region', () => {
  const env = (account: Record<string, unknown>) => ({
    defaults: { region: 'eu-west-1', mailFrom: { subdomain: 'mail-{region}' } },
    environments: {
      production: {
        dns: { provider: 'route53' },
        region: ['eu-west-1', 'eu-central-1'],
        account,
        domains: [{ name: 'example.com' }],
      },
    },
  });

  test("an environment's region list: suppression, VDM, alarms and their topic in each region", () => {
    const stack = synthStacks(
      env({ suppression: ['BOUNCE', 'COMPLAINT'], alarms: {}, vdm: { dashboard: true } }),
    ).production!;
    const provider = (type: string, address: string) => resourcesOf(stack, type)[address]?.provider ?? 'default';
    for (const [type, role] of [
      ['aws_sesv2_account_suppression_attributes', 'suppression'],
      ['aws_sesv2_account_vdm_attributes', 'vdm'],
      ['aws_sns_topic', 'alarm_topic'],
      ['aws_cloudwatch_metric_alarm', 'bounce_rate_alarm'],
    ] as const) {
      expect(provider(type, `account__${role}`), type).toBe('default');
      expect(provider(type, `account__eu_central_1__${role}`), type).toBe('aws.eu_central_1');
    }
    expect(resourcesOf(stack, 'aws_cloudwatch_metric_alarm').account__eu_central_1__bounce_rate_alarm!.alarm_name).toBe(
      'ses-production-eu-central-1-bounce-rate',
    );
  });

  test("appending a region to the environment's list changes no account resource it had", () => {
    const account = { suppression: ['BOUNCE'], alarms: {}, vdm: { dashboard: true } };
    const withRegions = (region: string[]) => {
      const raw = env(account);
      raw.environments.production.region = region;
      return addressed(synthStacks(raw).production!);
    };
    const before = withRegions(['eu-west-1']);
    const after = withRegions(['eu-west-1', 'eu-central-1']);
    for (const [address, body] of before) expect(after.get(address), address).toBe(body);
    expect([...after.keys()].filter((a) => a.includes('account__eu_central_1__')).length).toBeGreaterThan(0);
  });

  test('an alarm topic ARN in one region for settings in two: refused, with the {region} fix', () => {
    const issues = issuesOf(env({ alarms: { snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-alarms' } }));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([
      {
        severity: 'error',
        path: 'environments.production.account.alarms.snsTopicArn',
        message: expect.stringContaining(
          'write {region} for the region, such as "arn:aws:sns:{region}:123456789012:ses-alarms"',
        ),
      },
    ]);
  });
});

describe('addresses and bytes', () => {
  test('a single string and a list of that one region give the same bytes', () => {
    const one = synthStacks(config({ region: 'us-east-1' }));
    const list = synthStacks(config({ region: ['us-east-1'] }));
    expect(JSON.stringify(list)).toBe(JSON.stringify(one));
  });

  const BYODKIM = { type: 'byodkim', selector: 's1', publicKey: publicKeyBase64(1024) };
  test.each([
    ['route53', 'Easy DKIM', {}],
    ['cloudflare', 'Easy DKIM', {}],
    ['route53', 'BYODKIM', { dkim: BYODKIM }],
    ['cloudflare', 'BYODKIM', { dkim: BYODKIM }],
  ] as const)(
    '%s, %s, tracking and a configuration set: adding a region changes no address or body of what the domain already has',
    (provider, _dkim, extra) => {
      const domain = (region: string[]) => ({
        region,
        mailFrom: MAIL_FROM,
        tracking: { subdomain: 'click-{region}' },
        configurationSet: {
          name: 'example-com',
          events: [{ name: 'bounces', types: ['BOUNCE'], sns: { create: true } }],
        },
        ...extra,
      });
      const before = addressed(synthStacks(config(domain(['us-east-1']), provider)).production!);
      const after = addressed(synthStacks(config(domain(['us-east-1', 'us-east-2']), provider)).production!);
      for (const [address, body] of before) expect(after.get(address), address).toBe(body);
      const added = [...after.keys()].filter((a) => !before.has(a));
      expect(added.length).toBeGreaterThan(0);
      for (const address of added) expect(address).toMatch(/us_east_2|^provider/);
      // A third region appended later: the first two stay as they were, too.
      const third = addressed(synthStacks(config(domain(THREE), provider)).production!);
      for (const [address, body] of after) expect(third.get(address), address).toBe(body);
    },
  );
});

describe('rejections (exit 2) and warnings', () => {
  test.each([
    [
      'several regions on one MAIL FROM name',
      { region: ['us-east-1', 'us-east-2'] },
      'environments.production.domains[0].mailFrom.subdomain',
      '"mail" would give example.com one MAIL FROM name for its 2 regions (us-east-1, us-east-2), but a MAIL FROM name takes exactly one MX, the feedback host of one region, and ses-dns gives each region its own so that bounces go straight back to the region that sent: put {region} in it, such as "feedback-smtp-{region}-amazonses" or "mail-{region}"',
    ],
    [
      'a region listed twice',
      { region: ['us-east-1', 'us-east-1'], mailFrom: MAIL_FROM },
      'environments.production.domains[0].region',
      'must not list the same value twice (entries 1 and 0 are equal: "us-east-1"); remove entry 1',
    ],
    [
      'a GovCloud region beside commercial ones in one environment',
      { region: ['us-east-1', 'us-gov-west-1'], mailFrom: MAIL_FROM },
      'environments.production.domains[0].region',
      "us-gov-west-1 is in AWS partition aws-us-gov, but this environment's region us-east-1 is in aws: one environment's stack uses one set of AWS credentials, and an account lives in one partition; put the domains of aws-us-gov in an environment of their own (with region: us-gov-west-1)",
    ],
    [
      'an empty region list',
      { region: [], mailFrom: MAIL_FROM },
      'environments.production.domains[0].region',
      'must have at least 1 entry',
    ],
    [
      'import ids under a region the domain is not in',
      { region: ['us-east-1', 'us-east-2'], mailFrom: MAIL_FROM, import: { 'eu-west-1': { identity: 'example.com' } } },
      'environments.production.domains[0].import.eu-west-1',
      'example.com is not in eu-west-1: the ids of its further regions go under us-east-2; remove this entry or add the region to region',
    ],
  ])('%s', async (_name, domain, path, message) => {
    const issues = issuesOf(config(domain)).filter((i) => i.severity === 'error');
    expect(issues).toEqual([{ severity: 'error', path, message }]);
    const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-regions-')), 'ses-dns.yaml');
    writeFileSync(file, stringify(config(domain)));
    const result = await run('synth', '-c', file, '-o', join(file, '..', 'out'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path}: ${message}`);
  });

  test('GovCloud in an environment of its own is accepted; an inherited mixed list is reported once, where it is written', () => {
    const issues = issuesOf({
      environments: {
        gov: {
          region: 'us-gov-west-1',
          dns: { provider: 'route53' },
          domains: [
            { name: 'example.gov' },
            { name: 'two.example.gov', region: ['us-gov-west-1', 'us-gov-east-1'], mailFrom: MAIL_FROM },
          ],
        },
        mixed: {
          region: ['us-gov-west-1', 'us-east-1'],
          mailFrom: MAIL_FROM,
          dns: { provider: 'route53' },
          domains: [{ name: 'a.example.io' }, { name: 'b.example.io' }],
        },
      },
    });
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.path, i.message.slice(0, 61)])).toEqual([
      ['environments.mixed.region', "us-east-1 is in AWS partition aws, but this environment's reg"],
    ]);
  });

  test('two regions on one MAIL FROM name through two environments of one DNS account: refused', () => {
    const issues = issuesOf({
      defaults: { region: 'us-east-1' },
      environments: {
        east: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
        west: { dns: { provider: 'route53' }, region: 'us-west-2', dmarc: false, domains: [{ name: 'example.com' }] },
      },
    });
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.path, i.message])).toEqual([
      [
        'environments.west.domains[0].mailFrom.subdomain',
        expect.stringMatching(
          /^the mail-from-mx MX record at mail\.example\.com \(zone example\.com\) is also written by environment "east"/,
        ),
      ],
    ]);
  });

  test('a tracking name without {region}: a note that it serves the home region only; with it, a CNAME per region', () => {
    const raw = config({ region: THREE, mailFrom: MAIL_FROM, tracking: { subdomain: 'click' } });
    expect(configAdvice(validateConfig(raw).config, raw).notes).toEqual([
      {
        path: 'environments.production.domains[0].tracking.subdomain',
        message:
          'the tracking name click.example.com points at us-east-1, the home region of example.com, only: the configuration sets of us-east-2, us-west-2 use SES\'s own tracking domain; put {region} in tracking.subdomain (such as "track-{region}") for a tracking name per region',
      },
    ]);
    const perRegion = synthStacks(
      config({ region: THREE, mailFrom: MAIL_FROM, tracking: { subdomain: 'click-{region}' } }),
    );
    const cnames = Object.values(resourcesOf(perRegion.production!, 'aws_route53_record')).filter(
      (r) => r.type === 'CNAME' && r.name.startsWith('click'),
    );
    expect(cnames.map((r) => [r.name, r.records])).toEqual(
      THREE.map((region) => [`click-${region}.example.com`, [`r.${region}.awstrack.me`]]),
    );
  });

  const twoEnvironments = (a: object, b: object) => ({
    defaults: { region: 'us-east-1', mailFrom: MAIL_FROM },
    environments: {
      east: { dns: { provider: 'route53' }, ...a, domains: [{ name: 'example.com' }] },
      west: { dns: { provider: 'cloudflare' }, ...b, domains: [{ name: 'example.com' }] },
    },
  });
  const warnings = (raw: unknown) =>
    configWarnings(validateConfig(raw).config, raw).filter((i) => i.path === 'environments.west.domains[0].name');

  test('one domain in two environments of different regions: different identities, no warning', () => {
    expect(warnings(twoEnvironments({ region: 'us-east-1' }, { region: 'us-west-2', dmarc: false }))).toEqual([]);
  });

  test('in different regions, but both writing one record set of a zone of that name: the warning names it', () => {
    expect(warnings(twoEnvironments({ region: 'us-east-1' }, { region: 'us-west-2' })).map((i) => i.message)).toEqual([
      "example.com is also configured in environment east (environments.east.domains[0]), whose records land in a zone of the same name at TXT _dmarc.example.com: if both reach one zone, each apply undoes the other; keep those records in one environment (dmarc: false, mailFrom with another subdomain), or list all the domain's regions in one entry (region: [...])",
    ]);
  });

  test('in one region of two different accounts (and no record set in common): no warning', () => {
    const east = { account: { id: '111111111111' } };
    const west = { account: { id: '222222222222' }, dmarc: false, mailFrom: { subdomain: 'bounce-{region}' } };
    expect(warnings(twoEnvironments(east, west))).toEqual([]);
  });

  test('in a region they share, accounts not known to differ: the warning names the region', () => {
    const found = warnings(twoEnvironments({ region: ['us-east-1', 'us-east-2'] }, { region: 'us-east-2' }));
    expect(found.map((i) => i.message)).toEqual([
      expect.stringMatching(
        /^example\.com is also configured in environment east \(environments\.east\.domains\[0\]\), also in us-east-2: two stacks would manage one SES identity/,
      ),
    ]);
  });
});
