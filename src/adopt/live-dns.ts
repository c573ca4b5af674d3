/**
 * What live DNS holds at the names a plan manages: TXT (strings joined), MX and CNAME at
 * each, looked up a bounded number at a time through the same lookups `verify` uses.
 */
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

/** Looks every name up (TXT, MX, CNAME); names are compared lowercase without the trailing dot. */
export async function lookUpNames(
  names: readonly string[],
  dns: DnsLookup,
  concurrency = 8,
): Promise<Map<string, LiveName>> {
  const unique = [...new Set(names.map(hostName))];
  const found = await runBounded(
    unique.map((name) => async (): Promise<LiveName> => {
      const [txt, mx, cname] = await Promise.all([dns.txt(name), dns.mx(name), dns.cname(name)]);
      return {
        txt: txt.map((strings) => strings.join('')),
        mx: mx.map((m) => ({ priority: m.priority, exchange: hostName(m.exchange) })),
        cname: cname.map(hostName),
      };
    }),
    concurrency,
  );
  return new Map(unique.map((name, i) => [name, found[i]!]));
}
