/**
 * The brownfield corpus (test/adopt/corpus/<case>/): each case is a real-shaped zone file, the
 * config its owner writes before adopting, what SES holds, and what adopt must propose.
 * This module reads the cases, parses zone files with BIND's own parser (`named-checkzone
 * -D`), and answers the vendor APIs from the same zone: Route 53 and SES through
 * aws-sdk-client-mock, Cloudflare through a local HTTP server speaking its v4 JSON.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetEmailIdentityCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'yaml';
import { NamedServer } from '../../e2e/support/named';
import { HARNESS_NS, writeZoneFiles } from '../../e2e/support/zone-file';
import type { ZoneEntry } from '../../e2e/support/zone-file';

export const CORPUS = join(__dirname, '..', 'corpus');

/** What SES holds for one domain in a case (absent: GetEmailIdentity says NotFound). */
export interface SesAnswer {
  readonly dkim?: { readonly origin: string; readonly tokens: readonly string[]; readonly signingHostedZone?: string };
  readonly mailFrom?: { readonly domain: string; readonly behavior?: string };
  readonly configurationSet?: string;
}

/** One corpus case. */
export interface CorpusCase {
  readonly name: string;
  readonly dir: string;
  readonly provenance: readonly { repository: string; path: string; what: string }[];
  readonly provider: 'route53' | 'cloudflare';
  readonly zone: string;
  readonly zoneId: string;
  readonly exercises: readonly string[];
  readonly ses: Readonly<Record<string, SesAnswer | null>>;
  readonly expect: {
    readonly exit: number;
    readonly imports?: Readonly<Record<string, string>>;
    readonly keepTxt?: readonly unknown[];
    readonly settings?: Readonly<Record<string, unknown>>;
    readonly creates?: readonly string[];
    readonly people?: readonly string[];
  };
}

/** Every case of the corpus, by folder name. */
export function loadCorpus(): CorpusCase[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(CORPUS, d.name);
      const data = parse(readFileSync(join(dir, 'case.yaml'), 'utf8')) as Omit<CorpusCase, 'name' | 'dir'>;
      return { ...data, ses: data.ses ?? {}, name: d.name, dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One record of a zone as BIND reads it: absolute owner (case kept), TTL, type, rdata. */
export interface ZoneLine {
  readonly name: string;
  readonly ttl: number;
  readonly type: string;
  readonly rdata: string;
}

/** The zone file of a case, parsed by `named-checkzone -D` (BIND's own master-file reader). */
export function readZone(checkzone: string, kase: CorpusCase): ZoneLine[] {
  const file = join(kase.dir, `${kase.zone}.zone`);
  const out = execFileSync(checkzone, ['-i', 'none', '-k', 'ignore', '-D', '-o', '-', kase.zone, file], {
    encoding: 'utf8',
  });
  const lines: ZoneLine[] = [];
  for (const line of out.split('\n')) {
    const match = /^(\S+)\s+(\d+)\s+IN\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) continue;
    lines.push({ name: match[1]!.replace(/\.$/, ''), ttl: Number(match[2]), type: match[3]!, rdata: match[4]!.trim() });
  }
  return lines;
}

/** The TXT strings of a master-file rdata: `"a" "b"` -> [a, b]. */
export function txtStrings(rdata: string): string[] {
  return [...rdata.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
}

/** A running world: BIND serving the case's zone (and SES's key zone), and for a Cloudflare case the API. */
export interface CorpusWorld {
  readonly resolver: string;
  /** Environment for the Cloudflare API (token and base URL); empty for Route 53 cases. */
  readonly env: Record<string, string>;
  /** The API requests the Cloudflare server answered (method and path, never the token). */
  readonly requests: string[];
  stop(): Promise<void>;
}

/** The token the fake Cloudflare API accepts. */
export const CLOUDFLARE_TOKEN = 'test-token-0123456789abcdef';

/** Starts BIND for `kase` (and the Cloudflare API server when it is a Cloudflare case). */
export async function startWorld(named: string, checkzone: string, kase: CorpusCase): Promise<CorpusWorld> {
  const dir = mkdtempSync(join(tmpdir(), `ses-dns-corpus-${kase.name}-`));
  const lines = readZone(checkzone, kase);
  // SES publishes a key behind every DKIM CNAME target (a stand-in key: verify looks for p=).
  const keys = lines
    .filter((l) => l.type === 'CNAME' && /\.amazonses\.com\.?$/i.test(l.rdata))
    .map((l) => ({
      name: l.rdata.replace(/\.$/, ''),
      ttl: 300,
      data: { type: 'TXT' as const, strings: ['v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC'] },
    }));
  const files = writeZoneFiles(
    dir,
    new Map<string, ZoneEntry[]>([
      ['', [{ name: HARNESS_NS, ttl: 300, data: { type: 'A' as const, address: '127.0.0.1' } }]],
      ['amazonses.com', keys],
    ]),
  );
  const zones = [...files].map(([zone, file]) => ({ zone, file }));
  zones.push({ zone: kase.zone, file: join(kase.dir, `${kase.zone}.zone`) });
  const server = await NamedServer.start(named, dir, [{ name: 'corpus', clientAddress: '127.0.0.1', zones }]);
  const requests: string[] = [];
  let api: Server | undefined;
  let env: Record<string, string> = {};
  if (kase.provider === 'cloudflare') {
    api = await cloudflareServer(kase, lines, requests);
    const address = api.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    env = { CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN, CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4` };
  }
  return {
    resolver: `127.0.0.1:${server.port}`,
    env,
    requests,
    async stop() {
      await server.stop();
      if (api) await new Promise<void>((resolve) => api!.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cloudflare's record id of a zone line: 32 hexadecimal characters, stable. */
export function cloudflareRecordId(line: ZoneLine): string {
  return createHash('sha256')
    .update(`${line.name.toLowerCase()}\n${line.type}\n${line.rdata}`)
    .digest('hex')
    .slice(0, 32);
}

/** Records per page the fake API returns at most, so that adopt must follow the pages. */
const PAGE = 5;

/**
 * A local server answering `GET /client/v4/zones?name=` and `GET /client/v4/zones/{id}/dns_records`
 * with Cloudflare's v4 envelope (`success`, `errors`, `messages`, `result`, `result_info`).
 * TXT content is quoted, as the API gives it; names carry no trailing dot.
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/
 */
export function cloudflareServer(
  kase: Pick<CorpusCase, 'zone' | 'zoneId'>,
  lines: readonly ZoneLine[],
  requests: string[],
): Promise<Server> {
  return cloudflareZonesServer([{ ...kase, lines }], requests);
}

/** One zone the fake Cloudflare API serves. */
export interface CloudflareZone {
  readonly zone: string;
  readonly zoneId: string;
  readonly lines: readonly ZoneLine[];
}

/** {@link cloudflareServer} for several zones of one account. */
export function cloudflareZonesServer(zones: readonly CloudflareZone[], requests: string[]): Promise<Server> {
  const recordsOf = (kase: CloudflareZone) =>
    kase.lines
      .filter((l) => l.type !== 'SOA' && l.type !== 'NS')
      .map((l) => {
        const mx = l.type === 'MX' ? /^(\d+)\s+(\S+)$/.exec(l.rdata) : null;
        return {
          id: cloudflareRecordId(l),
          zone_id: kase.zoneId,
          zone_name: kase.zone,
          name: l.name.toLowerCase(),
          type: l.type,
          content: mx ? mx[2]!.replace(/\.$/, '') : l.type === 'CNAME' ? l.rdata.replace(/\.$/, '') : l.rdata,
          ...(mx ? { priority: Number(mx[1]) } : {}),
          proxiable: l.type === 'CNAME' || l.type === 'A',
          proxied: false,
          ttl: l.ttl,
          comment: null,
          tags: [],
        };
      });
  const byId = new Map(zones.map((z) => [z.zoneId, recordsOf(z)]));
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${CLOUDFLARE_TOKEN}`) {
      send(403, {
        success: false,
        errors: [{ code: 10000, message: 'Authentication error' }],
        messages: [],
        result: null,
      });
      return;
    }
    if (url.pathname === '/client/v4/zones') {
      const result = zones
        .filter((z) => url.searchParams.get('name') === z.zone)
        .map((z) => ({ id: z.zoneId, name: z.zone, status: 'active' }));
      send(200, { success: true, errors: [], messages: [], result, result_info: info(1, 50, result.length) });
      return;
    }
    const match = /^\/client\/v4\/zones\/([^/]+)\/dns_records$/.exec(url.pathname);
    const records = match ? byId.get(match[1]!) : undefined;
    if (records) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? '100'), PAGE);
      const result = records.slice((page - 1) * perPage, page * perPage);
      send(200, { success: true, errors: [], messages: [], result, result_info: info(page, perPage, records.length) });
      return;
    }
    send(404, {
      success: false,
      errors: [{ code: 7003, message: 'Could not route to /zones, perhaps your object identifier is invalid?' }],
      messages: [],
      result: null,
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function info(page: number, perPage: number, total: number) {
  return {
    page,
    per_page: perPage,
    count: Math.min(perPage, Math.max(0, total - (page - 1) * perPage)),
    total_count: total,
    total_pages: Math.max(1, Math.ceil(total / perPage)),
  };
}

/** Mocks SES and Route 53 for a case; returns the mocks and a restore function. */
export function mockAws(checkzone: string, kase: CorpusCase) {
  const ses = mockClient(SESv2Client);
  ses.on(GetEmailIdentityCommand).callsFake((input: { EmailIdentity: string }) => {
    const answer = kase.ses[input.EmailIdentity];
    if (!answer)
      throw new NotFoundException({ message: `Email identity ${input.EmailIdentity} does not exist.`, $metadata: {} });
    return {
      IdentityType: 'DOMAIN',
      VerifiedForSendingStatus: true,
      VerificationStatus: 'SUCCESS',
      ...(answer.dkim
        ? {
            DkimAttributes: {
              SigningEnabled: true,
              Status: 'SUCCESS',
              Tokens: [...answer.dkim.tokens],
              SigningAttributesOrigin: answer.dkim.origin,
              ...(answer.dkim.signingHostedZone ? { SigningHostedZone: answer.dkim.signingHostedZone } : {}),
            },
          }
        : {}),
      ...(answer.mailFrom
        ? {
            MailFromAttributes: {
              MailFromDomain: answer.mailFrom.domain,
              MailFromDomainStatus: 'SUCCESS',
              BehaviorOnMxFailure: answer.mailFrom.behavior ?? 'USE_DEFAULT_VALUE',
            },
          }
        : {}),
      ...(answer.configurationSet ? { ConfigurationSetName: answer.configurationSet } : {}),
    };
  });
  const route53 = mockClient(Route53Client);
  route53.on(ListHostedZonesByNameCommand).callsFake((input: { DNSName?: string }) => ({
    HostedZones:
      input.DNSName === kase.zone && kase.provider === 'route53'
        ? [
            {
              Id: `/hostedzone/${kase.zoneId}`,
              Name: `${kase.zone}.`,
              CallerReference: 'corpus',
              Config: { PrivateZone: false },
            },
          ]
        : [],
    IsTruncated: false,
    MaxItems: 10,
  }));
  // Route 53 lists record sets in name order, names lowercase and fully qualified, a few a page.
  const sets = new Map<string, { Name: string; Type: string; TTL: number; ResourceRecords: { Value: string }[] }>();
  if (kase.provider === 'route53') {
    for (const line of readZone(checkzone, kase)) {
      const key = `${line.name.toLowerCase()}\n${line.type}`;
      const set = sets.get(key) ?? {
        Name: `${line.name.toLowerCase()}.`,
        Type: line.type,
        TTL: line.ttl,
        ResourceRecords: [],
      };
      set.ResourceRecords.push({ Value: line.rdata });
      sets.set(key, set);
    }
  }
  const ordered = [...sets.values()];
  route53
    .on(ListResourceRecordSetsCommand)
    .callsFake((input: { HostedZoneId: string; StartRecordName?: string; StartRecordType?: string }) => {
      if (input.HostedZoneId !== kase.zoneId) throw new Error(`NoSuchHostedZone: ${input.HostedZoneId}`);
      const start = input.StartRecordName
        ? ordered.findIndex((s) => s.Name === input.StartRecordName && s.Type === input.StartRecordType)
        : 0;
      const page = ordered.slice(start, start + PAGE);
      const next = ordered[start + PAGE];
      return {
        ResourceRecordSets: page,
        IsTruncated: next !== undefined,
        ...(next ? { NextRecordName: next.Name, NextRecordType: next.Type } : {}),
        MaxItems: PAGE,
      };
    });
  return { ses, route53, restore: () => (ses.restore(), route53.restore()) };
}
