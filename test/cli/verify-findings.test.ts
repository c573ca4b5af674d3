/**
 * The statuses of issue #13 (would-remove, would-duplicate, misplaced) under the exit-code
 * rules of issue #15: each is a finding (exit 1, "verify failed", counted in the summary),
 * it wins over "could not check" for want of DKIM tokens, and `--strict` changes nothing
 * about it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { incompleteReason, renderVerifyText, verify, verifyExitCode } from '../../src/cli/commands/verify';
import type { DnsLookup } from '../../src/verify/lookup';

type Table = Record<string, { TXT?: string[][]; MX?: [number, string][]; CNAME?: string[] }>;

function fakeDns(table: Table): DnsLookup {
  const at = (name: string) => table[name.toLowerCase().replace(/\.$/, '')] ?? {};
  return {
    txt: async (name) => at(name).TXT ?? [],
    mx: async (name) => (at(name).MX ?? []).map(([priority, exchange]) => ({ priority, exchange })),
    cname: async (name) => at(name).CNAME ?? [],
  };
}

function config(provider: 'route53' | 'cloudflare'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ses-dns-verify-findings-'));
  const file = join(dir, 'ses-dns.yaml');
  writeFileSync(
    file,
    `defaults: { region: eu-west-1 }\nenvironments:\n  production:\n    dns: { provider: ${provider} }\n    domains:\n      - name: example.com\n        spf: {}\n`,
  );
  return file;
}

/** Every record of the plan live and right (DKIM aside: its tokens are not given). */
const LIVE: Table = {
  'mail.example.com': {
    MX: [[10, 'feedback-smtp.eu-west-1.amazonses.com']],
    TXT: [['v=spf1 include:amazonses.com ~all']],
  },
  '_dmarc.example.com': { TXT: [['v=DMARC1; p=none; adkim=r; aspf=r']] },
  'example.com': { TXT: [['v=spf1 include:amazonses.com ~all']] },
};

test('the plan served as it is: DKIM unchecked for want of tokens is "could not check" (exit 2)', async () => {
  const outcome = await verify({ config: config('route53'), dns: fakeDns(LIVE) });
  expect(outcome.ok).toBe(true);
  expect(verifyExitCode(outcome)).toBe(2);
});

test.each<[string, 'route53' | 'cloudflare', Table, string]>([
  [
    'would-remove: a foreign apex value in a Route 53 set we take over',
    'route53',
    { 'example.com': { TXT: [['v=spf1 include:amazonses.com ~all'], ['google-site-verification=abc']] } },
    'would-remove',
  ],
  [
    'would-duplicate: a Cloudflare DMARC record not adopted',
    'cloudflare',
    { '_dmarc.example.com': { TXT: [['v=DMARC1; p=quarantine']] } },
    'would-duplicate',
  ],
  [
    'misplaced: the DMARC record one label too deep',
    'route53',
    { '_dmarc.example.com': {}, '_dmarc.example.com.example.com': { TXT: [['v=DMARC1; p=none; adkim=r; aspf=r']] } },
    'misplaced',
  ],
])(
  '%s: a finding, exit 1 with or without --strict, counted in the summary',
  async (_label, provider, change, status) => {
    const outcome = await verify({ config: config(provider), dns: fakeDns({ ...LIVE, ...change }) });
    expect(outcome.checks.filter((c) => c.status !== 'ok' && c.status !== 'skipped').map((c) => c.status)).toEqual([
      status,
    ]);
    expect(outcome.ok).toBe(false);
    // A failed check wins over the DKIM rows skipped for want of tokens.
    expect(outcome.dkimUnchecked).toBe(true);
    expect(verifyExitCode(outcome)).toBe(1);
    expect(verifyExitCode(outcome, true)).toBe(1);
    expect(incompleteReason(outcome, true)).toBeUndefined();
    const text = renderVerifyText(outcome);
    expect(text).toContain(`\n7 records: 3 skipped, 3 ok, 1 ${status} (verify failed)\n`);
    expect(text).toContain(
      'skipped 3 rows of example.com: Easy DKIM tokens unknown: pass --tokens FILE (terraform output -json) or --aws',
    );
  },
);
