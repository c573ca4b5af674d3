import { describe, expect, test } from 'vitest';
import type { PlannedRecord } from '../../src/records/model';
import { diffDmarc, diffSpf } from '../../src/verify/compare';
import { checkRecord } from '../../src/verify/check';
import type { DnsLookup } from '../../src/verify/lookup';
import { runBounded } from '../../src/verify/verify';

/** A DNS answering from a table: name -> type -> data. */
function fakeDns(table: Record<string, { TXT?: string[][]; MX?: [number, string][]; CNAME?: string[] }>): DnsLookup {
  const at = (name: string) => table[name.toLowerCase().replace(/\.$/, '')] ?? {};
  return {
    txt: async (name) => at(name).TXT ?? [],
    mx: async (name) => (at(name).MX ?? []).map(([priority, exchange]) => ({ priority, exchange })),
    cname: async (name) => at(name).CNAME ?? [],
  };
}

const base = {
  domain: 'example.com',
  ttl: 600,
  zone: { kind: 'name', name: 'example.com' },
  purpose: '',
  required: true,
} as const;
const mx: PlannedRecord = {
  ...base,
  role: 'mail-from-mx',
  name: 'mail.example.com',
  type: 'MX',
  value: 'feedback-smtp.eu-west-1.amazonses.com',
  priority: 10,
};
const spf: PlannedRecord = {
  ...base,
  role: 'mail-from-spf',
  name: 'mail.example.com',
  type: 'TXT',
  value: 'v=spf1 include:amazonses.com ~all',
};
const dmarc: PlannedRecord = {
  ...base,
  role: 'dmarc',
  name: '_dmarc.example.com',
  type: 'TXT',
  value: 'v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:d@example.com',
};
const dkim: PlannedRecord = {
  ...base,
  role: 'dkim-0',
  name: 'tok0._domainkey.example.com',
  type: 'CNAME',
  value: 'tok0.dkim.amazonses.com',
};
const placeholder: PlannedRecord = {
  ...dkim,
  name: '{dkim-token-0}._domainkey.example.com',
  value: '{dkim-token-0}.dkim.amazonses.com',
};

async function verdict(record: PlannedRecord, dns: DnsLookup) {
  const { status, detail } = await checkRecord('production', record, dns);
  return detail ? `${status}: ${detail}` : status;
}

describe('one record against DNS', () => {
  test.each<[string, PlannedRecord, Parameters<typeof fakeDns>[0], string]>([
    ['MX present', mx, { 'mail.example.com': { MX: [[10, 'feedback-smtp.eu-west-1.amazonses.com.']] } }, 'ok'],
    ['MX absent', mx, {}, 'missing'],
    [
      'MX elsewhere',
      mx,
      { 'mail.example.com': { MX: [[10, 'mx.other.net']] } },
      'different: MX points at 10 mx.other.net',
    ],
    [
      'a second MX',
      mx,
      {
        'mail.example.com': {
          MX: [
            [10, 'feedback-smtp.eu-west-1.amazonses.com'],
            [20, 'mx.other.net'],
          ],
        },
      },
      'conflicting: 2 MX records: SES needs exactly one at the MAIL FROM name',
    ],
    [
      'a CNAME at the MAIL FROM name',
      mx,
      { 'mail.example.com': { CNAME: ['elsewhere.example.net'] } },
      'conflicting: a CNAME at the MAIL FROM name hides its MX and SPF; SES requires none there',
    ],
    ['SPF in two strings', spf, { 'mail.example.com': { TXT: [['v=spf1 include:amazon', 'ses.com ~all']] } }, 'ok'],
    [
      'SPF among other TXT',
      spf,
      { 'mail.example.com': { TXT: [['hello'], ['v=spf1 include:amazonses.com ~all']] } },
      'ok',
    ],
    [
      'two SPF records',
      spf,
      { 'mail.example.com': { TXT: [['v=spf1 include:amazonses.com ~all'], ['v=spf1 -all']] } },
      'conflicting: 2 SPF records at one name: receivers treat that as an error (RFC 7208 section 4.5)',
    ],
    [
      'SPF with another all',
      spf,
      { 'mail.example.com': { TXT: [['v=spf1 include:amazonses.com -all']] } },
      'different: missing ~all; unexpected -all',
    ],
    [
      'DMARC with tags reordered and defaults spelled out',
      dmarc,
      { '_dmarc.example.com': { TXT: [['v=DMARC1;p=REJECT;rua=mailto:d@example.com;pct=100']] } },
      'ok',
    ],
    [
      'DMARC with another policy',
      dmarc,
      { '_dmarc.example.com': { TXT: [['v=DMARC1; p=none; rua=mailto:d@example.com']] } },
      'different: p: expected reject, found none',
    ],
    [
      'DKIM CNAME with a key behind it',
      dkim,
      {
        'tok0._domainkey.example.com': { CNAME: ['TOK0.dkim.amazonses.com.'] },
        'tok0.dkim.amazonses.com': { TXT: [['p=MIIB']] },
      },
      'ok',
    ],
    [
      'DKIM CNAME to nowhere',
      dkim,
      { 'tok0._domainkey.example.com': { CNAME: ['tok0.dkim.amazonses.com'] } },
      'different: its target tok0.dkim.amazonses.com holds no DKIM key',
    ],
    [
      'DKIM tokens unknown',
      placeholder,
      {},
      'skipped: Easy DKIM tokens unknown: pass --tokens FILE (terraform output -json) or --aws',
    ],
  ])('%s', async (_name, record, table, expected) => {
    expect(await verdict(record, fakeDns(table))).toBe(expected);
  });
});

describe('meaning, not bytes', () => {
  test('DMARC: absent tags are their defaults, report lists are sets', () => {
    expect(diffDmarc('v=DMARC1; p=none; adkim=r; aspf=r', 'v=DMARC1; p=none')).toEqual([]);
    expect(
      diffDmarc(
        'v=DMARC1; p=none; rua=mailto:a@x.com,mailto:b@x.com',
        'v=DMARC1; p=none; rua=mailto:b@x.com,mailto:a@x.com',
      ),
    ).toEqual([]);
    expect(diffDmarc('v=DMARC1; p=none; adkim=r', 'v=DMARC1; p=none; adkim=s')).toEqual(['adkim: expected r, found s']);
  });
  test('SPF: a "+" qualifier is the default', () => {
    expect(diffSpf('v=spf1 include:amazonses.com ~all', 'v=spf1 +include:amazonses.com ~all')).toEqual([]);
  });
});

test('bounded concurrency keeps order and never exceeds the limit', async () => {
  let inFlight = 0;
  let peak = 0;
  const jobs = Array.from({ length: 50 }, (_, i) => async () => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, 1 + (i % 3)));
    inFlight--;
    return i;
  });
  expect(await runBounded(jobs, 7)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(peak).toBe(7);
});

describe('what the first apply would do beside our record', () => {
  const rootSpf: PlannedRecord = {
    ...base,
    role: 'spf',
    name: 'example.com',
    type: 'TXT',
    value: 'v=spf1 include:amazonses.com include:_spf.google.com ~all',
  };
  const google = 'google-site-verification=qbRypdAcGwptTI43UaQrfDvAEN7-DkALAcnME-5Kwn0';

  async function on(provider: 'route53' | 'cloudflare', record: PlannedRecord, table: Parameters<typeof fakeDns>[0]) {
    const { status, detail } = await checkRecord('production', record, fakeDns(table), { provider });
    return detail ? `${status}: ${detail}` : status;
  }

  test.each<[string, 'route53' | 'cloudflare', PlannedRecord, Parameters<typeof fakeDns>[0], string]>([
    [
      'Route 53: a foreign value at the apex set we take over',
      'route53',
      rootSpf,
      { 'example.com': { TXT: [[google], ['v=spf1 include:_spf.google.com include:amazonses.com ~all']] } },
      `would-remove: the first apply replaces the whole TXT set at example.com and removes "${google}": list it in keepTxt of example.com (as a plain string) to keep it; ses-dns adopt proposes this`,
    ],
    [
      'Route 53: a value keepTxt cannot hold (a quote) is not sent to keepTxt; the other one is',
      'route53',
      rootSpf,
      {
        'example.com': {
          TXT: [[google], ['docusign="quoted" value'], ['v=spf1 include:_spf.google.com include:amazonses.com ~all']],
        },
      },
      `would-remove: the first apply replaces the whole TXT set at example.com and removes "${google}", "docusign=\\"quoted\\" value": list "${google}" in keepTxt of example.com (as a plain string) to keep it; ses-dns adopt proposes this; keepTxt cannot hold "docusign=\\"quoted\\" value" (quotes, backslashes or non-ASCII characters): move or rewrite it before the first apply`,
    ],
    [
      'Route 53: the same value kept with keepTxt',
      'route53',
      { ...rootSpf, kept: [google] },
      { 'example.com': { TXT: [[google], ['v=spf1 include:_spf.google.com include:amazonses.com ~all']] } },
      'ok',
    ],
    [
      'Route 53: a verification token beside the MAIL FROM SPF',
      'route53',
      spf,
      { 'mail.example.com': { TXT: [['v=spf1 include:amazonses.com ~all'], ['ms-verify=1']] } },
      'would-remove: the first apply replaces the whole TXT set at mail.example.com and removes "ms-verify=1": list it in keepTxt of example.com (as { name: mail, value: ... }) to keep it; ses-dns adopt proposes this',
    ],
    [
      'Route 53: a different DMARC is replaced on purpose, not reported as a removal',
      'route53',
      dmarc,
      { '_dmarc.example.com': { TXT: [['v=DMARC1; p=none; rua=mailto:d@example.com']] } },
      'different: p: expected reject, found none',
    ],
    [
      'Cloudflare: a live DMARC record that is not adopted',
      'cloudflare',
      dmarc,
      { '_dmarc.example.com': { TXT: [['v=DMARC1; p=none']] } },
      'would-duplicate: p: expected reject, found none; rua: expected mailto:d@example.com, found (absent); "v=DMARC1; p=none" is live and not adopted: the first apply adds ours beside it, and two DMARC records at one name are an error; adopt it with import.dmarc (ses-dns adopt finds the record id), or delete it',
    ],
    [
      'Cloudflare: the same record adopted with import is changed in place',
      'cloudflare',
      { ...dmarc, importId: '023e105f4ecef8ad9ca31a8372d0c353/372e67954025e0ba6aaa6d586b9e0b59' },
      { '_dmarc.example.com': { TXT: [['v=DMARC1; p=none; rua=mailto:d@example.com']] } },
      'different: p: expected reject, found none',
    ],
    [
      'Cloudflare: a record holding exactly our value (created by an earlier apply)',
      'cloudflare',
      rootSpf,
      { 'example.com': { TXT: [['v=spf1 include:amazonses.com ', 'include:_spf.google.com ~all'], [google]] } },
      'ok',
    ],
    [
      'Cloudflare: a record that means ours in other words, not adopted, gets a second copy',
      'cloudflare',
      rootSpf,
      { 'example.com': { TXT: [['v=spf1 include:_spf.google.com include:amazonses.com ~all'], [google]] } },
      'would-duplicate: "v=spf1 include:_spf.google.com include:amazonses.com ~all" is live and not adopted: the first apply adds ours beside it (it means the same, in other words), and two SPF records at one name are an error; adopt it with import.spf (ses-dns adopt finds the record id), or delete it',
    ],
    [
      'Cloudflare: a foreign MX at the MAIL FROM name',
      'cloudflare',
      mx,
      { 'mail.example.com': { MX: [[10, 'mx.google.com']] } },
      'would-duplicate: MX points at 10 mx.google.com; MX mx.google.com is live and not adopted: the first apply adds ours beside it and SES needs exactly one MX there; choose another mailFrom.subdomain (such as bounce), or delete it',
    ],
  ])('%s', async (_name, provider, record, table, expected) => {
    expect(await on(provider, record, table)).toBe(expected);
  });
});

describe('specific statuses instead of "missing"', () => {
  test('a DKIM CNAME one label too deep (the zone repeated)', async () => {
    const record: PlannedRecord = {
      ...dkim,
      domain: 'platform.example.it',
      name: 'tok0._domainkey.platform.example.it',
      zone: { kind: 'name', name: 'platform.example.it' },
    };
    const dns = fakeDns({
      'tok0._domainkey.platform.platform.example.it': { CNAME: ['tok0.dkim.eu-south-1.amazonses.com'] },
    });
    const row = await checkRecord('production', record, dns, { zone: 'platform.example.it' });
    expect(row.status).toBe('misplaced');
    expect(row.found).toEqual(['tok0._domainkey.platform.platform.example.it: tok0.dkim.eu-south-1.amazonses.com']);
    expect(row.detail).toBe(
      'not at tok0._domainkey.platform.example.it but at tok0._domainkey.platform.platform.example.it, one label too deep: the DNS host added the zone to a name that already held it; delete it there and publish it at tok0._domainkey.platform.example.it (in a form that appends the zone, enter tok0._domainkey)',
    );
  });

  test('the full name typed where the zone is appended', async () => {
    const dns = fakeDns({ '_dmarc.example.com.example.com': { TXT: [['v=DMARC1; p=reject']] } });
    const row = await checkRecord('production', dmarc, dns);
    expect(row.status).toBe('misplaced');
    expect(row.found).toEqual(['_dmarc.example.com.example.com: v=DMARC1; p=reject']);
  });

  test('the MAIL FROM SPF when the MAIL FROM name is a CNAME', async () => {
    const dns = fakeDns({
      'mail.example.com': { CNAME: ['ghs.googlehosted.com'], TXT: [['v=spf1 include:_spf.google.com ~all']] },
    });
    expect(await verdict(spf, dns)).toBe(
      "conflicting: the MAIL FROM name is a CNAME to ghs.googlehosted.com: its TXT answers are that name's, and no TXT record can sit beside a CNAME (RFC 1034 section 3.6.2); SES requires no CNAME at the MAIL FROM name: remove the CNAME or choose another mailFrom.subdomain",
    );
  });
});

describe('more meaning, not bytes', () => {
  test('DMARC: rf=afrf is the default', () => {
    expect(diffDmarc('v=DMARC1; p=none', 'v=DMARC1; p=none; rf=afrf; ri=86400')).toEqual([]);
  });
  test('SPF: no all and no redirect is ?all (RFC 7208 section 4.7)', () => {
    expect(diffSpf('v=spf1 include:amazonses.com ?all', 'v=spf1 include:amazonses.com')).toEqual([]);
    expect(diffSpf('v=spf1 redirect=_spf.example.com', 'v=spf1 redirect=_spf.example.com')).toEqual([]);
  });
});

test('DMARC: an absent sp is p, an absent np is sp', () => {
  expect(diffDmarc('v=DMARC1; p=quarantine; sp=quarantine', 'v=DMARC1; p=quarantine')).toEqual([]);
  expect(diffDmarc('v=DMARC1; p=none; np=reject', 'v=DMARC1; p=none; sp=reject')).toEqual([
    'sp: expected none, found reject',
  ]);
  expect(diffDmarc('v=DMARC1; p=none; sp=reject; np=reject', 'v=DMARC1; p=none; sp=reject')).toEqual([]);
});
