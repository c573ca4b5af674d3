/**
 * The resolver mailauth queries: `(name, rrtype) => Promise<...>`, answering what
 * `dns.promises.resolve(name, rrtype)` would (TXT as arrays of character-strings, MX as
 * `{ exchange, priority }`), and failing with `ENOTFOUND` for a name that does not exist
 * and `ENODATA` for a name without records of that type, which is how mailauth tells
 * SPF's "void lookups" (RFC 7208 section 4.6.4) and DMARC's missing policy apart.
 */
import { Resolver } from 'node:dns/promises';
import type { DNSResolver } from 'mailauth';

/** A resolver bound to the harness's named; answers are what `dns.promises.resolve` gives. */
export type DnsResolve = (name: string, rrtype: string) => Promise<unknown>;

/** The same function under mailauth's (narrower) declared type. */
export function forMailauth(resolve: DnsResolve): DNSResolver {
  return resolve as DNSResolver;
}

/**
 * Creates a resolver that asks only `127.0.0.1:<port>`, from `localAddress` (which picks
 * the named view).
 */
export function createDnsResolver(port: number, localAddress = '127.0.0.1'): DnsResolve {
  // Generous timeouts: the server is local, but a loaded two-core CI machine can stall it.
  const resolver = new Resolver({ timeout: 5_000, tries: 3 });
  resolver.setServers([`127.0.0.1:${port}`]);
  resolver.setLocalAddress(localAddress);
  const resolve = async (name: string, rrtype: string): Promise<unknown> => {
    try {
      return await resolver.resolve(name, rrtype);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      // c-ares reports NXDOMAIN as ENOTFOUND and NOERROR/no answer as ENODATA already;
      // keep those, and name the query in every error for readable test failures.
      if (e.code === 'ENOTFOUND' || e.code === 'ENODATA') throw e;
      const wrapped = new Error(`DNS ${rrtype} ${name}: ${e.code ?? e.message}`) as NodeJS.ErrnoException;
      wrapped.code = e.code;
      throw wrapped;
    }
  };
  return resolve;
}
