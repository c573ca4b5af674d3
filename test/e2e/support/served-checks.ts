/**
 * Checks on the data named actually serves, queried through the same resolver mailauth
 * uses: what a receiving MTA or SES's own verification would see.
 */
import type { DnsResolve } from './resolver';
import type { World } from './world';
import { MAX_CHARACTER_STRING_BYTES, byteLength } from './dns-text';
import { inBatches } from './concurrency';

/** One answer of an ANY query as `dns.promises.Resolver#resolve(name, 'ANY')` gives it. */
type AnyAnswer = { readonly type: string; readonly entries?: readonly string[] };

/** RFC 7208 section 4.5: an SPF record starts with exactly `v=spf1` then a space or its end. */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1( |$)/i.test(text);
}

/** RFC 7489 section 6.4: `v=DMARC1` first, then the `p` tag. */
export const DMARC_RECORD = /^v=DMARC1\s*;\s*p=(none|quarantine|reject)\s*(;|$)/;

/** Resolves `name`/`rrtype`, with "no such name" and "no data" both as an empty list. */
export async function lookup<T>(resolve: DnsResolve, name: string, rrtype: string): Promise<T[]> {
  try {
    return (await resolve(name, rrtype)) as T[];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
    throw error;
  }
}

/** Every owner name a world serves, plus the names its domains must have. */
function namesOf(world: World): string[] {
  const names = new Set<string>();
  for (const records of world.zones.values()) for (const r of records) names.add(r.name);
  for (const { expectation: e } of world.cases) {
    names.add(e.domain);
    names.add(`_dmarc.${e.domain}`);
    if (e.mailFrom) names.add(e.mailFrom.domain);
    if (e.tracking) names.add(e.tracking.domain);
  }
  return [...names].sort();
}

/**
 * Zone-level rules over everything a world serves, as a list of violations (empty when
 * all hold):
 * - at most one `v=spf1` TXT per name (RFC 7208 section 3.2: more is a permerror);
 * - exactly one MX at each MAIL FROM name (SES: "exactly one MX record");
 * - no CNAME beside other data (RFC 1034 section 3.6.2);
 * - every TXT character-string at most 255 bytes (RFC 1035 section 3.3);
 * - a DMARC record `v=DMARC1; p=...` at `_dmarc.<domain>` for each domain with DMARC.
 */
export async function servedZoneViolations(world: World, resolve: DnsResolve): Promise<string[]> {
  const violations: string[] = [];
  const answers = new Map<string, AnyAnswer[]>();
  // A bounded number of queries in flight: ANY answers with long TXT go over TCP.
  await inBatches(namesOf(world), 16, async (name) => {
    answers.set(name, await lookup<AnyAnswer>(resolve, name, 'ANY'));
  });
  for (const [name, list] of answers) {
    const types = list.map((a) => a.type);
    if (types.includes('CNAME') && types.length > 1)
      violations.push(`${name}: CNAME beside ${types.filter((t) => t !== 'CNAME').join(', ')}`);
    const txts = list.filter((a) => a.type === 'TXT').map((a) => a.entries ?? []);
    const spf = txts.filter((strings) => isSpfRecord(strings.join('')));
    if (spf.length > 1) violations.push(`${name}: ${spf.length} v=spf1 records (RFC 7208 permerror)`);
    for (const strings of txts) {
      for (const s of strings) {
        if (byteLength(s) > MAX_CHARACTER_STRING_BYTES)
          violations.push(`${name}: TXT string of ${byteLength(s)} bytes`);
      }
    }
  }
  for (const { expectation: e } of world.cases) {
    if (e.mailFrom) {
      const mx = (answers.get(e.mailFrom.domain) ?? []).filter((a) => a.type === 'MX');
      if (mx.length !== 1) violations.push(`${e.mailFrom.domain}: ${mx.length} MX records, SES needs exactly one`);
    }
    if (e.dmarc) {
      const dmarc = (answers.get(`_dmarc.${e.domain}`) ?? [])
        .filter((a) => a.type === 'TXT')
        .map((a) => (a.entries ?? []).join(''))
        .filter((text) => /^v=DMARC1/i.test(text));
      if (dmarc.length !== 1 || !DMARC_RECORD.test(dmarc[0])) {
        violations.push(`_dmarc.${e.domain}: expected one "v=DMARC1; p=..." record, got ${JSON.stringify(dmarc)}`);
      }
    }
  }
  return violations;
}
