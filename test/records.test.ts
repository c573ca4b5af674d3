import { describe, expect, test } from 'vitest';
import { validateConfig } from '../src/checks/validate';
import type { ResolvedDmarc } from '../src/config/model';
import { resourceAddress } from '../src/records/address';
import { renderDmarc, toReportUri } from '../src/records/dmarc';
import { dkimTokenPlaceholder, fillTokens } from '../src/records/model';
import { planDomain } from '../src/records/plan';
import { dkimHostFor, feedbackMxHostFor, trackingHostFor } from '../src/config/regions';
import { MAIL_FROM_SPF, renderMailFromSpf, renderSpf } from '../src/records/spf';
import { chunkTxt } from '../src/records/txt';
import { publicKeyBase64 } from './support/keys';

const relaxed = { dkim: 'relaxed', spf: 'relaxed' } as const;

function planOf(domain: Record<string, unknown>, env: Record<string, unknown> = {}) {
  const { config, issues } = validateConfig({
    defaults: { region: 'eu-central-1' },
    environments: {
      production: { dns: { provider: 'route53' }, ...env, domains: [{ name: 'example.com', ...domain }] },
    },
  });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return planDomain(config.environments[0]!.domains[0]!);
}

describe('DMARC record text', () => {
  test.each<[string, Partial<ResolvedDmarc>, string]>([
    ['minimal', {}, 'v=DMARC1; p=none; adkim=r; aspf=r'],
    [
      'reject with reports',
      { policy: 'reject', rua: ['d@example.com'] },
      'v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:d@example.com',
    ],
    [
      'every tag, in order',
      {
        policy: 'quarantine',
        subdomainPolicy: 'reject',
        nonexistentPolicy: 'reject',
        alignment: { dkim: 'strict', spf: 'relaxed' },
        pct: 50,
        failureOptions: ['1', 'd'],
        reportInterval: 86400,
        rua: ['a@example.com', 'mailto:b@example.com!10m'],
        ruf: ['f@example.com'],
      },
      'v=DMARC1; p=quarantine; sp=reject; np=reject; adkim=s; aspf=r; pct=50; fo=1:d; ri=86400; rua=mailto:a@example.com,mailto:b@example.com!10m; ruf=mailto:f@example.com',
    ],
  ])('%s', (_name, dmarc, expected) => {
    expect(renderDmarc({ policy: 'none', alignment: relaxed, rua: [], ruf: [], ...dmarc })).toBe(expected);
  });

  test('"!" and "," inside an address are percent-encoded (RFC 7489 section 6.2)', () => {
    expect(toReportUri('a!b,c@example.com')).toBe('mailto:a%21b%2Cc@example.com');
  });
});

describe('SPF record text', () => {
  test('MAIL FROM SPF is exactly what SES documents', () => {
    expect(MAIL_FROM_SPF).toBe('v=spf1 include:amazonses.com ~all');
  });
  test.each<[string, Parameters<typeof renderSpf>[0], string]>([
    ['SES only', { include: [], mechanisms: [], all: 'softfail' }, 'v=spf1 include:amazonses.com ~all'],
    [
      'includes and mechanisms, all last',
      { include: ['_spf.google.com'], mechanisms: ['ip4:192.0.2.0/24', 'mx'], all: 'fail' },
      'v=spf1 include:amazonses.com include:_spf.google.com ip4:192.0.2.0/24 mx -all',
    ],
    [
      'amazonses.com never twice',
      { include: ['amazonses.com'], mechanisms: [], all: 'neutral' },
      'v=spf1 include:amazonses.com ?all',
    ],
    [
      'without the SES include (includeAmazonSes: false)',
      { includeAmazonSes: false, include: ['_spf.google.com'], mechanisms: [], all: 'fail' },
      'v=spf1 include:_spf.google.com -all',
    ],
  ])('%s', (_name, spf, expected) => {
    expect(renderSpf(spf)).toBe(expected);
  });

  test('MAIL FROM SPF with -all (mailFrom.spfAll: fail)', () => {
    expect(renderMailFromSpf('fail')).toBe('v=spf1 include:amazonses.com -all');
    expect(renderMailFromSpf()).toBe(MAIL_FROM_SPF);
  });

  test('the config keys reach the plan; the defaults leave it as it was', () => {
    const values = (plan: ReturnType<typeof planOf>) =>
      Object.fromEntries(plan.filter((r) => r.type === 'TXT').map((r) => [r.role, r.value]));
    expect(values(planOf({ spf: {} }))).toMatchObject({
      'mail-from-spf': 'v=spf1 include:amazonses.com ~all',
      spf: 'v=spf1 include:amazonses.com ~all',
    });
    expect(
      values(planOf({ mailFrom: { spfAll: 'fail' }, spf: { includeAmazonSes: false, include: ['_spf.google.com'] } })),
    ).toMatchObject({
      'mail-from-spf': 'v=spf1 include:amazonses.com -all',
      spf: 'v=spf1 include:_spf.google.com ~all',
    });
  });
});

describe('TXT chunking', () => {
  test.each([
    [0, [0]],
    [255, [255]],
    [256, [255, 1]],
    [600, [255, 255, 90]],
  ])('%i characters -> strings of %j', (length, sizes) => {
    expect(chunkTxt('a'.repeat(length)).map((c) => c.length)).toEqual(sizes);
  });
  test('never splits a UTF-8 character', () => {
    const chunks = chunkTxt('é'.repeat(200));
    expect(chunks.map((c) => Buffer.byteLength(c))).toEqual([254, 146]);
    expect(chunks.join('')).toBe('é'.repeat(200));
  });
});

describe('region facts', () => {
  test.each([
    ['eu-west-1', 'dkim.amazonses.com'],
    ['eu-central-1', 'dkim.amazonses.com'],
    ['eu-south-1', 'dkim.eu-south-1.amazonses.com'],
    ['eu-central-2', 'dkim.eu-central-2.amazonses.com'],
    ['af-south-1', 'dkim.af-south-1.amazonses.com'],
    ['us-gov-east-1', 'dkim.us-gov-east-1.amazonses.com'],
  ])('DKIM host of %s is %s', (region, host) => {
    expect(dkimHostFor(region)).toBe(host);
  });
  test('MX and tracking hosts follow the region', () => {
    expect(feedbackMxHostFor('eu-west-1')).toBe('feedback-smtp.eu-west-1.amazonses.com');
    expect(trackingHostFor('eu-west-1')).toBe('r.eu-west-1.awstrack.me');
  });
});

describe('the plan of one domain', () => {
  test('defaults: 3 DKIM CNAMEs by index, one MX, one MAIL FROM SPF, one DMARC', () => {
    const plan = planOf({});
    expect(plan.map((r) => [r.role, r.type, r.name, r.value, r.priority])).toEqual([
      ['dkim-0', 'CNAME', '{dkim-token-0}._domainkey.example.com', '{dkim-token-0}.dkim.amazonses.com', undefined],
      ['dkim-1', 'CNAME', '{dkim-token-1}._domainkey.example.com', '{dkim-token-1}.dkim.amazonses.com', undefined],
      ['dkim-2', 'CNAME', '{dkim-token-2}._domainkey.example.com', '{dkim-token-2}.dkim.amazonses.com', undefined],
      ['mail-from-mx', 'MX', 'mail.example.com', 'feedback-smtp.eu-central-1.amazonses.com', 10],
      ['mail-from-spf', 'TXT', 'mail.example.com', 'v=spf1 include:amazonses.com ~all', undefined],
      ['dmarc', 'TXT', '_dmarc.example.com', 'v=DMARC1; p=none; adkim=r; aspf=r', undefined],
    ]);
  });

  test('a regional DKIM host, and a host override', () => {
    expect(planOf({ region: 'eu-south-1' })[0]!.value).toBe('{dkim-token-0}.dkim.eu-south-1.amazonses.com');
    expect(planOf({ dkim: { host: 'dkim.example.net' } })[0]!.value).toBe('{dkim-token-0}.dkim.example.net');
  });

  test('features switched off with false, and on again at a lower layer', () => {
    const off = planOf({ mailFrom: false, dmarc: false }, { spf: { include: ['_spf.google.com'] } });
    expect(off.map((r) => r.role)).toEqual(['dkim-0', 'dkim-1', 'dkim-2', 'spf']);
    const on = planOf({ mailFrom: { subdomain: 'bounce' } }, { mailFrom: false });
    expect(on.find((r) => r.role === 'mail-from-mx')!.name).toBe('bounce.example.com');
  });

  test('an environment object merges key by key with defaults', () => {
    const { config } = validateConfig({
      defaults: { region: 'eu-west-1', dmarc: { policy: 'none', rua: ['d@example.com'] } },
      environments: {
        p: { dns: { provider: 'route53' }, dmarc: { policy: 'reject' }, domains: [{ name: 'example.com' }] },
      },
    });
    const dmarc = planDomain(config.environments[0]!.domains[0]!).find((r) => r.role === 'dmarc')!;
    expect(dmarc.value).toBe('v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:d@example.com');
  });

  test('a DKIM type switch at a lower layer replaces the object instead of merging it', () => {
    const publicKey = publicKeyBase64(1024);
    // keyLength from the environment would be an error if it were merged into BYODKIM.
    const plan = planOf({ dkim: { type: 'byodkim', selector: 's1', publicKey } }, { dkim: { keyLength: 1024 } });
    expect(plan[0]).toMatchObject({
      role: 'dkim',
      name: 's1._domainkey.example.com',
      value: `v=DKIM1; k=rsa; p=${publicKey}`,
    });
  });

  test('root SPF and tracking', () => {
    const plan = planOf({ spf: { include: ['_spf.google.com'] }, tracking: {} });
    expect(plan.find((r) => r.role === 'spf')).toMatchObject({ name: 'example.com', type: 'TXT', required: false });
    expect(plan.find((r) => r.role === 'tracking')).toMatchObject({
      name: 'track.example.com',
      type: 'CNAME',
      value: 'r.eu-central-1.awstrack.me',
    });
  });
});

describe('placeholders and addresses', () => {
  test('tokens fill placeholders by index', () => {
    expect(fillTokens(`${dkimTokenPlaceholder(2)}.x ${dkimTokenPlaceholder(0)}`, ['a', 'b', 'c'])).toBe('c.x a');
  });
  test.each([
    ['example.com', 'dkim-0', 'example_com__dkim_0'],
    ['notify.example.com', 'mail-from-mx', 'notify_example_com__mail_from_mx'],
    ['my-shop.example', 'dmarc', 'my-shop_example__dmarc'],
    ['1password.example', 'spf', '_1password_example__spf'],
  ])('%s %s -> %s', (domain, role, address) => {
    expect(resourceAddress(domain, role)).toBe(address);
  });
});
