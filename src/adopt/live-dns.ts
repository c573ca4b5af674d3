/**
 * What live DNS holds at the names a plan manages: TXT (strings joined), MX and CNAME at
 * each, looked up a bounded number at a time through the same lookups `verify` uses.
 */
import { DEFAULT_CONCURRENCY } from '../verify/lookup';
import type { DnsLookup } from '../verify/lookup';
import { runBounded } from '../verify/verify';
import { hostName } from './zone-listing';

/** The records at one name. */
export interface LiveName {
  /** Each TXT record's strings joined (RFC 7208 section 3.3). */
  readonly txt: readonly string[];
  readonly mx: readonly { readonly priority: number; readonly exchange: string }[];
  readonly cname: readonly string[];
}

/** Nothing at a name. */
export const NOTHING: LiveName = { txt: [], mx: [], cname: [] };

/**
 * Looks every name up (TXT, MX, CNAME), at most `concurrency` lookups at once; names are
 * compared lowercase without the trailing dot.
 */
export async function lookUpNames(
  names: readonly string[],
  dns: DnsLookup,
  concurrency = DEFAULT_CONCURRENCY,
): Promise<Map<string, LiveName>> {
  const unique = [...new Set(names.map(hostName))];
  // Each lookup is a job of its own, so that `concurrency` counts lookups, as in `verify`.
  const jobs = unique.flatMap((name) => [
    async (): Promise<Partial<LiveName>> => ({ txt: (await dns.txt(name)).map((strings) => strings.join('')) }),
    async (): Promise<Partial<LiveName>> => ({
      mx: (await dns.mx(name)).map((m) => ({ priority: m.priority, exchange: hostName(m.exchange) })),
    }),
    async (): Promise<Partial<LiveName>> => ({ cname: (await dns.cname(name)).map(hostName) }),
  ]);
  const answers = await runBounded(jobs, concurrency);
  return new Map(
    unique.map((name, i) => [name, { ...NOTHING, ...answers[3 * i], ...answers[3 * i + 1], ...answers[3 * i + 2] }]),
  );
}
