/**
 * DNS lookups for `ses-dns verify`: through the system resolver or a given one, each with a
 * timeout and retries, and errors sorted into "the name has no such data" (a finding) and
 * "the resolver did not answer" (a failure of the check itself).
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

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

/** Milliseconds per try, unless `--timeout` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 2000;

/** Lookups in flight at once, unless `--concurrency` says otherwise (verify and adopt). */
export const DEFAULT_CONCURRENCY = 16;

/** Options of {@link createDnsLookup}. */
export interface LookupOptions {
  /** `HOST` or `HOST:PORT` (IPv6 as `[::1]:53`). @default the system resolver */
  readonly server?: string;
  /** Milliseconds per try. @default DEFAULT_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Tries per query. @default 2 */
  readonly tries?: number;
}

/**
 * Why `server` is not a resolver address, or undefined when it is one: an IPv4 address or an
 * IPv6 address (bare, or in brackets to add a port), with an optional port from 1 to 65535.
 * Host names are refused: the resolver that would look them up is the one being chosen.
 */
export function resolverProblem(server: string): string | undefined {
  const { host, port } = splitServer(server);
  const example = 'such as 127.0.0.1:5353, 192.0.2.53, ::1 or [::1]:5353';
  if (isIP(host) === 0) {
    return `--resolver ${server}: "${host}" is not an IP address; give the address of a DNS server with an optional port, ${example}`;
  }
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return `--resolver ${server}: the port must be a number from 1 to 65535, got "${port}"; give an address ${example}`;
  }
  return undefined;
}

/** `HOST[:PORT]` split: `[v6]:port`, bare IPv6 (no port), `v4:port`. */
export function splitServer(server: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(server);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] };
  const colons = server.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = server.split(':');
    return { host: host!, port };
  }
  return { host: server };
}

/** Turns `127.0.0.1:5353`, `::1` or `[::1]:53` into what `Resolver.setServers` takes. */
export function normalizeServer(server: string): string {
  const problem = resolverProblem(server);
  if (problem) throw new LookupError(problem, 'EBADRESOLVER');
  const { host, port } = splitServer(server);
  const address = isIP(host) === 6 ? `[${host}]` : host;
  return port === undefined ? address : `${address}:${port}`;
}

/** The failure of a resolver in words, for a code of node's resolver (c-ares). */
function unanswered(code: string, where: string, timeoutMs: number, tries: number): string {
  switch (code) {
    case 'ETIMEOUT':
      return `${where} did not answer: timed out after ${tries} ${tries === 1 ? 'try' : 'tries'} of ${timeoutMs} ms`;
    case 'ECONNREFUSED':
      // c-ares says this both for a port nothing listens on and for a host it cannot reach.
      return `${where} could not be reached: connection refused or no route to it (${code})`;
    case 'ESERVFAIL':
      return `${where} answered with a server failure (${code}): it could not resolve the name`;
    case 'EREFUSED':
      return `${where} refused to answer the query (${code}): it may not serve recursive queries from here`;
    default:
      return `${where} did not answer (${code})`;
  }
}

/** A {@link DnsLookup} on node's resolver. */
export function createDnsLookup(options: LookupOptions = {}): DnsLookup {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tries = options.tries ?? 2;
  const resolver = new Resolver({ timeout: timeoutMs, tries });
  if (options.server) resolver.setServers([normalizeServer(options.server)]);
  const where = options.server ? `the resolver ${options.server}` : 'the system resolver';
  async function ask<T>(query: () => Promise<T[]>, name: string, type: string): Promise<T[]> {
    try {
      return await query();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      if (ABSENT.has(code)) return [];
      throw new LookupError(`${type} ${name}: ${unanswered(code, where, timeoutMs, tries)}`, code);
    }
  }
  return {
    txt: (name) => ask(() => resolver.resolveTxt(name), name, 'TXT'),
    mx: (name) => ask(() => resolver.resolveMx(name), name, 'MX'),
    cname: (name) => ask(() => resolver.resolveCname(name), name, 'CNAME'),
  };
}
