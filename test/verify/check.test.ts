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
