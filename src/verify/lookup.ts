/**
 * DNS lookups for `ses-dns verify`: through the system resolver or a given one, each with a
 * timeout and retries, and errors sorted into "the name has no such data" (a finding) and
 * "the resolver did not answer" (a failure of the check itself).
 */
import { Resolver } from 'node:dns/promises';

/** What verify asks of DNS. Every method resolves to [] when the name has no such data. */
export interface DnsLookup {
  /** TXT records at `name`, each as its list of character-strings. */
  txt(name: string): Promise<string[][]>;
  /** MX records at `name`. */
  mx(name: string): Promise<{ exchange: string; priority: number }[]>;
  /** CNAME targets at `name` (at most one in valid DNS). */
  cname(name: string): Promise<string[]>;
}

/** The resolver did not answer, or answered with a server failure. */
export class LookupError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'LookupError';
  }
}

/** Codes that mean "no such name" or "no data of that type": a finding, not a failure. */
const ABSENT = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN']);

/** Options of {@link createDnsLookup}. */
export interface LookupOptions {
  /** `HOST` or `HOST:PORT` (IPv6 as `[::1]:53`). @default the system resolver */
  readonly server?: string;
  /** Milliseconds per try. @default 2000 */
  readonly timeoutMs?: number;
  /** Tries per query. @default 2 */
  readonly tries?: number;
}

/** Turns `127.0.0.1:5353` or `::1` into what `Resolver.setServers` takes. */
export function normalizeServer(server: string): string {
  if (/^\d+\.\d+\.\d+\.\d+(:\d+)?$/.test(server) || /^\[[0-9a-fA-F:]+\](:\d+)?$/.test(server)) return server;
  if (/^[0-9a-fA-F:]+$/.test(server) && server.includes(':')) return `[${server}]`;
  throw new LookupError(
    `--resolver ${server}: give an IP address with an optional port, such as 127.0.0.1:5353 or [::1]:53`,
    'EBADRESOLVER',
  );
}

/** A {@link DnsLookup} on node's resolver. */
export function createDnsLookup(options: LookupOptions = {}): DnsLookup {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2000, tries: options.tries ?? 2 });
  if (options.server) resolver.setServers([normalizeServer(options.server)]);
  const where = options.server ?? 'the system resolver';
  async function ask<T>(query: () => Promise<T[]>, name: string, type: string): Promise<T[]> {
    try {
      return await query();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      if (ABSENT.has(code)) return [];
      throw new LookupError(`${type} ${name}: ${where} did not answer (${code})`, code);
    }
  }
  return {
    txt: (name) => ask(() => resolver.resolveTxt(name), name, 'TXT'),
    mx: (name) => ask(() => resolver.resolveMx(name), name, 'MX'),
    cname: (name) => ask(() => resolver.resolveCname(name), name, 'CNAME'),
  };
}
