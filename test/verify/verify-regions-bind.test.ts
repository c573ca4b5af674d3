/**
 * `ses-dns verify` against a real BIND for a domain in three SES regions (issue #16,
 * examples/multi-region): each region's Easy DKIM CNAMEs (its own tokens) and MAIL FROM
 * records served; the tokens given per region, or as `terraform output -json` of the stack.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';
import { validateConfig } from '../../src/checks/validate';
import { requireBind } from '../e2e/support/bind-gate';
import { DnsWorld, plannedZones, testTokens } from './support/dns-world';
import { ROOT } from '../cli/run';

const CONFIG_FILE = join(ROOT, 'examples', 'multi-region', 'ses-dns.yaml');
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'];
const tokensIn = (region: string) => testTokens(`example.com${region}`);
const environments = validateConfig(parse(readFileSync(CONFIG_FILE, 'utf8'))).config.environments;

const work = mkdtempSync(join(tmpdir(), 'ses-dns-verify-regions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const perRegion = join(work, 'tokens.json');
writeFileSync(perRegion, JSON.stringify({ 'example.com': Object.fromEntries(REGIONS.map((r) => [r, tokensIn(r)])) }));
const terraformOutput = join(work, 'terraform-output.json');
writeFileSync(
  terraformOutput,
  JSON.stringify({
    example_com__dkim_tokens: { sensitive: false, type: ['list', 'string'], value: tokensIn('us-east-1') },
    example_com__us_east_2__dkim_tokens: { sensitive: false, type: ['list', 'string'], value: tokensIn('us-east-2') },
    example_com__us_west_2__dkim_tokens: { sensitive: false, type: ['list', 'string'], value: tokensIn('us-west-2') },
  }),
);

interface Row {
  region?: string;
  role: string;
  name: string;
  status: string;
}

async function verify(resolver: string, tokens: string) {
  let stdout = '';
  const code = await main(['verify', '-c', CONFIG_FILE, '--resolver', resolver, '--tokens', tokens, '--json'], {
    out: (t) => (stdout += t),
    err: () => {},
  });
  return { code, records: (JSON.parse(stdout) as { records: Row[] }).records };
}

const bind = requireBind('verify a domain in several regions against BIND');
describe.skipIf(!bind)('ses-dns verify, a domain in three regions, against BIND', () => {
  const planned = plannedZones(environments, (r) => tokensIn(r.region ?? 'us-east-1'));
  let exact: DnsWorld | undefined;
  let oneRegionMissing: DnsWorld | undefined;

  beforeAll(async () => {
    exact = await DnsWorld.start(bind!.named, planned);
    const zones = new Map(planned);
    // us-west-2 not published yet: its DKIM CNAMEs and MAIL FROM records are absent.
    zones.set(
      'example.com',
      planned
        .get('example.com')!
        .filter((e) => !e.name.includes('us-west-2') && !tokensIn('us-west-2').some((t) => e.name.startsWith(t))),
    );
    oneRegionMissing = await DnsWorld.start(bind!.named, zones);
  });
  afterAll(async () => {
    await Promise.all([exact?.stop(), oneRegionMissing?.stop()]);
  });

  test.each([
    ['per region', perRegion],
    ['as terraform output -json', terraformOutput],
  ])('tokens %s: every record of every region ok, exit 0', async (_name, tokens) => {
    const { code, records } = await verify(exact!.resolver, tokens);
    expect(records.filter((r) => r.status !== 'ok')).toEqual([]);
    expect(records).toHaveLength(3 * 5 + 2);
    for (const region of REGIONS) {
      expect(records.filter((r) => r.region === region && r.role.startsWith('dkim-')).map((r) => r.name)).toEqual(
        tokensIn(region).map((t) => `${t}._domainkey.example.com`),
      );
    }
    expect(code).toBe(0);
  });

  test("one region not published: that region's five rows missing, the others ok, exit 1", async () => {
    const { code, records } = await verify(oneRegionMissing!.resolver, perRegion);
    expect(records.filter((r) => r.status !== 'ok').map((r) => [r.region, r.role, r.status])).toEqual([
      ['us-west-2', 'dkim-0', 'missing'],
      ['us-west-2', 'dkim-1', 'missing'],
      ['us-west-2', 'dkim-2', 'missing'],
      ['us-west-2', 'mail-from-mx', 'missing'],
      ['us-west-2', 'mail-from-spf', 'missing'],
    ]);
    expect(code).toBe(1);
  });
});
