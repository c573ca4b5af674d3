/**
 * The TTL of a live record set as a DNS server gives it, and whether the server gave it with
 * authority. Node's resolver returns neither for TXT, MX or CNAME, so `ses-dns adopt` asks
 * once more for each record set whose TTL only DNS can tell, with dns-packet: over UDP with
 * EDNS(0), and again over TCP when the answer comes back truncated.
 *
 * Only an authoritative answer (the AA bit) holds the zone's TTL. A caching resolver answers
 * with what is left of it, counting down from the moment it fetched the record, and may cap
 * or raise it by its own settings: adopt compares no TTL from such an answer (src/adopt/ttl.ts).
 * @see https://www.rfc-editor.org/rfc/rfc1035#section-4.1.1 (AA)
 * @see https://www.rfc-editor.org/rfc/rfc1035#section-3.2.1 (TTL: how long a record may be cached)
 * @see https://www.rfc-editor.org/rfc/rfc7766 (DNS over TCP, after a truncated answer)
 */
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { connect, isIP } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';
import type { RecordType } from '../records/model';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, normalizeServer, splitServer } from '../verify/lookup';
import { runBounded } from '../verify/verify';
import { hostName } from './zone-listing';

/** A record set's TTL as one server answered it. */
export interface AnsweredTtl {
  /** The TTL in the answer, in seconds (the lowest of the set's records). */
  readonly seconds: number;
  /** Whether the server answered with authority (AA): then `seconds` is the zone's TTL. */
  readonly authoritative: boolean;
}

/** Asks a record set's TTL. */
export interface TtlLookup {
  /**
   * The TTL of the `type` records at `name`; undefined when no server gave one (no such
   * set, an error code, no answer in time).
   */
  ttl(name: string, type: RecordType): Promise<AnsweredTtl | undefined>;
}

/** Options of {@link createTtlLookup}. */
export interface TtlLookupOptions {
  /** `HOST[:PORT]`, as `--resolver` takes it. @default the system resolver's servers */
  readonly server?: string;
  /** Milliseconds per try. @default DEFAULT_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Tries per server over UDP. @default 2 */
  readonly tries?: number;
}

/**
 * The UDP payload size adopt announces: the size the DNS Flag Day 2020 settled on, which
 * passes networks that drop IP fragments; a larger answer comes truncated and is asked again
 * over TCP.
 * @see https://www.dnsflagday.net/2020/
 */
export const UDP_PAYLOAD_SIZE = 1232;

/** The key of a record set in a map of TTLs: its name (lowercase, no trailing dot) and type. */
export const ttlKey = (name: string, type: string) => `${hostName(name)}\n${type}`;

/**
 * The query adopt sends for the `type` records at `name`: EDNS(0) with a payload of
 * {@link UDP_PAYLOAD_SIZE}, recursion desired (a resolver given with --resolver answers a
 * name of any zone; an authoritative server ignores the bit and answers with AA).
 */
export function ttlQuery(name: string, type: RecordType, id = randomInt(0, 0x10000)): dnsPacket.Packet {
  return {
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: UDP_PAYLOAD_SIZE,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: 0,
        flag_do: false,
        options: [],
      },
    ],
  };
}

/** A {@link TtlLookup} asking `server`, or the system resolver's servers in their order. */
export function createTtlLookup(options: TtlLookupOptions = {}): TtlLookup {
  const servers = (options.server ? [normalizeServer(options.server)] : new Resolver().getServers()).map(address);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tries = options.tries ?? 2;
  return {
    async ttl(name, type) {
      for (const server of servers) {
        const answer = await askServer(server, hostName(name), type, timeoutMs, tries);
        if (answer) return ttlOf(answer, hostName(name), type);
      }
      return undefined;
    },
  };
}

interface Server {
  readonly host: string;
  readonly port: number;
}

function address(server: string): Server {
  const { host, port } = splitServer(server);
  return { host, port: port === undefined ? 53 : Number(port) };
}

/**
 * The server's answer, over TCP when UDP's is truncated; undefined when it gave none in
 * time, or answered with an error code (SERVFAIL, REFUSED: the next server is asked).
 */
async function askServer(
  server: Server,
  name: string,
  type: RecordType,
  timeoutMs: number,
  tries: number,
): Promise<DecodedPacket | undefined> {
  const query = ttlQuery(name, type);
  for (let attempt = 0; attempt < tries; attempt++) {
    try {
      let answer = await overUdp(server, query, timeoutMs);
      if (answer.flag_tc) answer = await overTcp(server, query, timeoutMs);
      return usable(answer) ? answer : undefined;
    } catch {
      // No answer in time, or the socket failed: try again, then the next server.
    }
  }
  return undefined;
}

/** NOERROR, or NXDOMAIN (the name does not exist: no TTL, but an answer). */
function usable(answer: DecodedPacket): boolean {
  const rcode = (answer as DecodedPacket & { rcode?: string }).rcode;
  return rcode === 'NOERROR' || rcode === 'NXDOMAIN';
}

function ttlOf(answer: DecodedPacket, name: string, type: RecordType): AnsweredTtl | undefined {
  const ttls = (answer.answers ?? [])
    .filter((r) => r.type === type && hostName(r.name) === name)
    .map((r) => (r as { ttl?: number }).ttl)
    .filter((ttl): ttl is number => typeof ttl === 'number');
  // A set's records share one TTL (RFC 2181 section 5.2); a server that mixes them is read at the lowest.
  return ttls.length === 0 ? undefined : { seconds: Math.min(...ttls), authoritative: answer.flag_aa };
}

function overUdp(server: Server, query: dnsPacket.Packet, timeoutMs: number): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(server.host) === 6 ? 'udp6' : 'udp4');
    const done = (settle: () => void) => {
      clearTimeout(timer);
      socket.close();
      settle();
    };
    const timer = setTimeout(() => done(() => reject(new Error('timed out'))), timeoutMs);
    socket.on('error', (error) => done(() => reject(error)));
    socket.on('message', (message) => {
      let answer: DecodedPacket;
      try {
        answer = dnsPacket.decode(message);
      } catch {
        return; // not a DNS message: keep waiting for the answer
      }
      if (answer.id === query.id && answer.type === 'response') done(() => resolve(answer));
    });
    socket.send(dnsPacket.encode(query), server.port, server.host);
  });
}

function overTcp(server: Server, query: dnsPacket.Packet, timeoutMs: number): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port });
    let received = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('closed before the answer')));
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(query)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // Over TCP each message follows its length in two bytes (RFC 1035 section 4.2.2).
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
      socket.end();
      try {
        resolve(dnsPacket.decode(received.subarray(2, 2 + received.readUInt16BE(0))));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

/**
 * The TTL of each record set (name and type), at most `concurrency` lookups at once, by
 * {@link ttlKey}; a set no server gave a TTL for is absent.
 */
export async function lookUpTtls(
  sets: readonly { readonly name: string; readonly type: RecordType }[],
  lookup: TtlLookup,
  concurrency = DEFAULT_CONCURRENCY,
): Promise<Map<string, AnsweredTtl>> {
  const unique = [...new Map(sets.map((s) => [ttlKey(s.name, s.type), s])).entries()];
  const answers = await runBounded(
    unique.map(
      ([, s]) =>
        () =>
          lookup.ttl(s.name, s.type),
    ),
    concurrency,
  );
  return new Map(unique.flatMap(([key], i) => (answers[i] ? [[key, answers[i]] as const] : [])));
}
