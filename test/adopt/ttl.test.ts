/**
 * `ses-dns adopt` and live TTLs: BIND serves zones whose TTLs differ from the plan's (and one
 * whose TTLs match), Route 53 and SES answer through aws-sdk-client-mock from the same zone
 * files, a local server speaks Cloudflare's v4 API. What is checked:
 *
 * - each TTL that differs is listed (text and JSON) with where it was read, and one line of
 *   advice names the key that keeps the live value; the exit code stays what the rest says;
 * - `--write` writes the import ids and nothing about TTLs;
 * - the TTL is read from the provider's API (Route 53 with --aws, Cloudflare, whose `ttl: 1`
 *   is automatic), or from an authoritative DNS answer; an answer through a cache is not
 *   compared, and says so;
 * - TTLs that match the plan: nothing is said.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { createTtlLookup, ttlQuery } from '../../src/adopt/live-ttl';
import { requireBind } from '../e2e/support/bind-gate';
import { NamedServer } from '../e2e/support/named';
import { HARNESS_NS, writeZoneFiles } from '../e2e/support/zone-file';
import type { ZoneEntry } from '../e2e/support/zone-file';
import { cli } from './support/cli';
import type { CorpusCase, ZoneLine } from './support/corpus';
import { CLOUDFLARE_TOKEN, cloudflareRecordId, cloudflareServer, mockAws, readZone } from './support/corpus';

const bind = requireBind('adopt: live TTLs against BIND');

const R53_TOKENS = [
  'q7hbzmvtcyl4sb2xkrk3dnxvyd3mszwv',
  'x2b6n3rpqhk5ou7l4gfwzvymtsa2jdce',
  'fp4jw6ozt5kvxlrnb3cmyq2udh7aesgi',
];
const CF_TOKENS = [
  'mz5kc3n7yqrdbhtw2vfl6xoipg4ajseu',
  'b3tqyw7ndk2hcfxr5zmloe6visjapu4g',
  'wn6aih2ldbk7qx3yregf5jtczovs4mpu',
];
const SAME_TOKENS = [
  'c4vd2kq7mfwxbhyzl3rn6oetuip5ajsg',
  'h7zsx3pwlkq5ndcr2mfbyv6otgaj4eui',
  'r2mwd6yfjbk4lq7cxzhs3evnpotiau5g',
];
const R53_ZONE_ID = 'Z07391652VYMBXMYNO4TS';
const CF_ZONE_ID = '9a7806061c88ada191ed06f989cc3dac';
const SAME_ZONE_ID = 'Z0850132AXQ7RLNPHFBMT';

/**
 * A domain set up by hand in the Route 53 console, every record at 300 seconds, beside the
 * site's own records; its config asks 3600 for the environment.
 */
const R53_ZONE = `$ORIGIN example.com.
$TTL 300
@ 300 IN SOA ${HARNESS_NS}. hostmaster.e2e-harness. 1 300 60 3600 60
@ 172800 IN NS ${HARNESS_NS}.
@ 300 IN A 192.0.2.10
@ 300 IN TXT "google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ"
${R53_TOKENS.map((t) => `${t}._domainkey 300 IN CNAME ${t}.dkim.amazonses.com.`).join('\n')}
mail 300 IN MX 10 feedback-smtp.eu-west-1.amazonses.com.
mail 300 IN TXT "v=spf1 include:amazonses.com ~all"
_dmarc 300 IN TXT "v=DMARC1; p=none;"
`;

/**
 * A Cloudflare zone: the SES records left at Cloudflare's automatic TTL, which its name
 * servers publish as 300 seconds (the API says \`ttl: 1\`), and a DMARC record at an hour.
 */
const CF_ZONE = `$ORIGIN example.net.
$TTL 300
@ 300 IN SOA ${HARNESS_NS}. hostmaster.e2e-harness. 1 300 60 3600 60
@ 86400 IN NS ${HARNESS_NS}.
${CF_TOKENS.map((t) => `${t}._domainkey 300 IN CNAME ${t}.dkim.amazonses.com.`).join('\n')}
mail 300 IN MX 10 feedback-smtp.eu-west-1.amazonses.com.
mail 300 IN TXT "v=spf1 include:amazonses.com ~all"
_dmarc 3600 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@example.net"
`;

/** Every SES record already at the plan's 600 seconds. */
const SAME_ZONE = `$ORIGIN example.org.
$TTL 600
@ 600 IN SOA ${HARNESS_NS}. hostmaster.e2e-harness. 1 300 60 3600 60
@ 600 IN NS ${HARNESS_NS}.
${SAME_TOKENS.map((t) => `${t}._domainkey 600 IN CNAME ${t}.dkim.amazonses.com.`).join('\n')}
mail 600 IN MX 10 feedback-smtp.eu-west-1.amazonses.com.
mail 600 IN TXT "v=spf1 include:amazonses.com ~all"
_dmarc 600 IN TXT "v=DMARC1; p=none;"
`;

/** A TXT set too large for the UDP payload adopt announces: its TTL comes over TCP. */
const BIG_ZONE = `$ORIGIN example.info.
@ 300 IN SOA ${HARNESS_NS}. hostmaster.e2e-harness. 1 300 60 3600 60
@ 300 IN NS ${HARNESS_NS}.
${Array.from({ length: 12 }, (_, i) => `@ 900 IN TXT "verification-${i}=${'x'.repeat(150)}"`).join('\n')}
`;

function config(domain: string, provider: 'route53' | 'cloudflare', environment: Record<string, unknown> = {}) {
  return stringify({
    defaults: { region: 'eu-west-1' },
    environments: { production: { dns: { provider }, ...environment, domains: [{ name: domain }] } },
  });
}

/** A case of the corpus's shape, so its AWS mocks and Cloudflare server answer from the zone. */
function zoneCase(
  dir: string,
  provider: 'route53' | 'cloudflare',
  zone: string,
  zoneId: string,
  tokens: readonly string[],
): CorpusCase {
  return {
    name: zone,
    dir,
    provenance: [],
    provider,
    zone,
    zoneId,
    exercises: [],
    ses: { [zone]: { dkim: { origin: 'AWS_SES', tokens }, mailFrom: { domain: `mail.${zone}` } } },
    expect: { exit: 0 },
  };
}

type Json = {
  changes: number;
  domains: {
    domain: string;
    state: string;
    notes: string[];
    imports: { role: string; id: string }[];
    ttl: { changes: Record<string, unknown>[]; keep?: { key: string; value: unknown }; advice?: string };
  }[];
};

/**
 * A caching resolver as adopt meets one: it asks BIND and answers with what it got, without
 * the AA bit and with the TTL counted down by the seconds since it fetched the record.
 */
function cachingResolver(upstream: number, secondsSinceFetch: number): Promise<{ socket: Socket; port: number }> {
  const socket = createSocket('udp4');
  socket.on('message', (query, client) => {
    const upstreamSocket = createSocket('udp4');
    upstreamSocket.on('message', (answer) => {
      upstreamSocket.close();
      const packet = dnsPacket.decode(answer);
      const cached = {
        ...packet,
        flags: (packet.flags ?? 0) & ~dnsPacket.AUTHORITATIVE_ANSWER,
        answers: (packet.answers ?? []).map((a) => {
          const ttl = (a as { ttl?: number }).ttl ?? 0;
          return { ...a, ttl: Math.max(0, ttl - secondsSinceFetch) };
        }),
      } as dnsPacket.Packet;
      socket.send(dnsPacket.encode(cached), client.port, client.address);
    });
    upstreamSocket.send(query, upstream, '127.0.0.1');
  });
  return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve({ socket, port: socket.address().port })));
}

describe.skipIf(!bind)('adopt: live TTLs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ses-dns-adopt-ttl-'));
  const r53 = zoneCase(dir, 'route53', 'example.com', R53_ZONE_ID, R53_TOKENS);
  const cf = zoneCase(dir, 'cloudflare', 'example.net', CF_ZONE_ID, CF_TOKENS);
  const same = zoneCase(dir, 'route53', 'example.org', SAME_ZONE_ID, SAME_TOKENS);
  let named: NamedServer;
  let resolver: string;
  let cfApi: Server;
  let cfEnv: Record<string, string>;
  let cfLines: ZoneLine[];
  let cache: { socket: Socket; port: number };

  beforeAll(async () => {
    writeFileSync(join(dir, 'example.com.zone'), R53_ZONE);
    writeFileSync(join(dir, 'example.net.zone'), CF_ZONE);
    writeFileSync(join(dir, 'example.org.zone'), SAME_ZONE);
    writeFileSync(join(dir, 'example.info.zone'), BIG_ZONE);
    // SES publishes a key behind every DKIM CNAME target (a stand-in key: verify looks for p=).
    const keys = [...R53_TOKENS, ...CF_TOKENS, ...SAME_TOKENS].map((t) => ({
      name: `${t}.dkim.amazonses.com`,
      ttl: 300,
      data: { type: 'TXT' as const, strings: ['v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC'] },
    }));
    const harness = writeZoneFiles(
      join(dir, 'harness'),
      new Map<string, ZoneEntry[]>([
        ['', [{ name: HARNESS_NS, ttl: 300, data: { type: 'A' as const, address: '127.0.0.1' } }]],
        ['amazonses.com', keys],
      ]),
    );
    const zones = [
      ...[...harness].map(([zone, file]) => ({ zone, file })),
      ...['example.com', 'example.net', 'example.org', 'example.info'].map((zone) => ({
        zone,
        file: join(dir, `${zone}.zone`),
      })),
    ];
    named = await NamedServer.start(bind!.named, join(dir, 'harness'), [
      { name: 'ttl', clientAddress: '127.0.0.1', zones },
    ]);
    resolver = `127.0.0.1:${named.port}`;
    // In this zone every 300 is Cloudflare's automatic TTL as DNS shows it: the API says 1.
    cfLines = readZone(bind!.checkzone, cf).map((l) => (l.ttl === 300 ? { ...l, ttl: 1 } : l));
    cfApi = await cloudflareServer(cf, cfLines, []);
    const address = cfApi.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    cfEnv = { CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN, CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4` };
    cache = await cachingResolver(named.port, 137);
  }, 60_000);

  afterAll(async () => {
    cache?.socket.close();
    if (cfApi) await new Promise<void>((resolve) => cfApi.close(() => resolve()));
    await named?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs adopt on a fresh copy of `text` with the AWS mocks of `kase`; returns the run and the file. */
  async function adoptRun(kase: CorpusCase, text: string, env: Record<string, string>, ...flags: string[]) {
    const work = mkdtempSync(join(dir, 'work-'));
    const file = join(work, 'ses-dns.yaml');
    writeFileSync(file, text);
    const aws = mockAws(bind!.checkzone, kase);
    try {
      const run = await cli(env, 'adopt', '-c', file, ...flags);
      return { run, file, json: flags.includes('--json') ? (JSON.parse(run.stdout) as Json) : undefined };
    } finally {
      aws.restore();
    }
  }

  const R53_CONFIG = config('example.com', 'route53', { ttl: 3600 });
  const r53Changes = (from: string) => [
    ...R53_TOKENS.map((t, i) => ({
      role: `dkim-${i}`,
      type: 'CNAME',
      name: `${t}._domainkey.example.com`,
      live: 300,
      planned: 3600,
      from,
    })),
    { role: 'mail-from-mx', type: 'MX', name: 'mail.example.com', live: 300, planned: 3600, from },
    { role: 'mail-from-spf', type: 'TXT', name: 'mail.example.com', live: 300, planned: 3600, from },
    { role: 'dmarc', type: 'TXT', name: '_dmarc.example.com', live: 300, planned: 3600, from },
  ];
  const R53_ADVICE =
    "to keep the live TTL, set ttl: 300 in environments.production.domains[0] (the plan's 3600 is set at environments.production.ttl); otherwise the first apply changes these 6 TTLs in place (adopt --write leaves ttl as it is)";

  test('Route 53 with --aws: each TTL from the record-set listing, the advice, exit 0, and --write leaves TTLs alone', async () => {
    const { run, file, json } = await adoptRun(
      r53,
      R53_CONFIG,
      {},
      '--resolver',
      resolver,
      '--aws',
      '--write',
      '--json',
    );
    expect(run.code, run.stdout).toBe(0);
    const domain = json!.domains[0]!;
    expect(domain.state).toBe('adoptable');
    expect(domain.ttl).toEqual({
      changes: r53Changes('the Route 53 API'),
      keep: { key: 'environments.production.domains[0].ttl', value: 300 },
      advice: R53_ADVICE,
    });
    expect(domain.notes.filter((n) => n.includes('TTL'))).toEqual([]);
    // Written: the import ids, and not one TTL.
    const written = parse(readFileSync(file, 'utf8')) as {
      environments: { production: { ttl: number; domains: Record<string, unknown>[] } };
    };
    expect(written.environments.production.ttl).toBe(3600);
    expect(written.environments.production.domains[0]!).not.toHaveProperty('ttl');
    expect(Object.keys(written.environments.production.domains[0]!.import as object)).toContain('dmarc');
    expect(readFileSync(file, 'utf8')).not.toMatch(/ttl: 300/);
    // Adopting again: nothing left to write, the TTL still reported.
    const again = await adoptRun(
      r53,
      readFileSync(file, 'utf8'),
      {},
      '--resolver',
      resolver,
      '--aws',
      '--write',
      '--json',
    );
    expect(again.run.code).toBe(0);
    expect(again.json!.changes).toBe(0);
    expect(again.json!.domains[0]!.ttl.changes).toHaveLength(6);
  });

  test('Route 53, the text: the TTL section and the summary line', async () => {
    const { run } = await adoptRun(r53, R53_CONFIG, {}, '--resolver', resolver, '--aws');
    expect(run.code).toBe(0);
    const section = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('    TTL') || / -> 3600 /.test(l) || l.includes('# to keep'));
    expect(section).toEqual([
      '    TTL the first apply changes in place (live -> plan):',
      ...R53_TOKENS.map((t) => `      CNAME ${t}._domainkey.example.com  300 -> 3600  (the Route 53 API)`),
      '      MX mail.example.com  300 -> 3600  (the Route 53 API)',
      '      TXT mail.example.com  300 -> 3600  (the Route 53 API)',
      '      TXT _dmarc.example.com  300 -> 3600  (the Route 53 API)',
      `      # ${R53_ADVICE}`,
    ]);
    expect(run.stdout).toMatch(
      /\n1 domain: 1 adoptable, 6 live TTLs the first apply changes; nothing written: run with --write to put \d+ changes into /,
    );
  });

  test('Route 53 without --aws: each TTL from the authoritative answer of the server given with --resolver', async () => {
    const tokens = join(dir, 'tokens.json');
    writeFileSync(tokens, JSON.stringify({ 'example.com': R53_TOKENS }));
    const { run, json } = await adoptRun(r53, R53_CONFIG, {}, '--resolver', resolver, '--tokens', tokens, '--json');
    // SES's ids are unknown without --aws: exit 1 for that, never for a TTL.
    expect(run.code).toBe(1);
    const domain = json!.domains[0]!;
    expect(domain.ttl.changes).toEqual(r53Changes('an authoritative DNS answer'));
    expect(domain.ttl.advice).toBe(R53_ADVICE);
  });

  test('Route 53 through a caching resolver: no TTL compared, and a note that says why and how', async () => {
    const { json } = await adoptRun(r53, R53_CONFIG, {}, '--resolver', `127.0.0.1:${cache.port}`, '--json');
    const domain = json!.domains[0]!;
    expect(domain.ttl).toEqual({ changes: [] });
    expect(domain.notes.filter((n) => n.includes('TTL'))).toEqual([
      `TTL not compared for MX mail.example.com, TXT mail.example.com, TXT _dmarc.example.com: the DNS answers came from a cache, not from a server of the zone: a resolver counts a TTL down from the zone's value (and may cap or raise it), so its TTL is not the live one: run adopt with --aws: Route 53 lists each record set's TTL (ListResourceRecordSets)`,
    ]);
  });

  test('Cloudflare: each TTL from the API, its automatic TTL as auto; exit 0; --write leaves TTLs alone', async () => {
    const { run, file, json } = await adoptRun(
      cf,
      config('example.net', 'cloudflare'),
      cfEnv,
      '--resolver',
      resolver,
      '--aws',
      '--write',
      '--json',
    );
    expect(run.code, run.stdout).toBe(0);
    const domain = json!.domains[0]!;
    const from = 'the Cloudflare API';
    expect(domain.ttl).toEqual({
      changes: [
        ...CF_TOKENS.map((t, i) => ({
          role: `dkim-${i}`,
          type: 'CNAME',
          name: `${t}._domainkey.example.net`,
          live: 'auto',
          planned: 600,
          from,
        })),
        { role: 'mail-from-mx', type: 'MX', name: 'mail.example.net', live: 'auto', planned: 600, from },
        { role: 'mail-from-spf', type: 'TXT', name: 'mail.example.net', live: 'auto', planned: 600, from },
        { role: 'dmarc', type: 'TXT', name: '_dmarc.example.net', live: 3600, planned: 600, from },
      ],
      advice:
        "the live TTLs differ among themselves (auto, 3600) and a domain has one ttl: set environments.production.domains[0].ttl to the one to keep, or leave the plan's 600 (the default); the first apply sets it on each record in place (adopt --write leaves ttl as it is)",
    });
    // The import ids are the records whose TTLs were read.
    const dmarc = cfLines.find((l) => l.name === '_dmarc.example.net' && l.type === 'TXT')!;
    expect(domain.imports.find((i) => i.role === 'dmarc')?.id).toBe(`${CF_ZONE_ID}/${cloudflareRecordId(dmarc)}`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`dmarc: ${CF_ZONE_ID}/`);
    expect(text).not.toMatch(/ttl/);
  });

  test('Cloudflare with every record at its automatic TTL and the config asking auto: nothing to say', async () => {
    const autoApi = await cloudflareServer(
      cf,
      cfLines.map((l) => ({ ...l, ttl: 1 })),
      [],
    );
    try {
      const address = autoApi.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const env = { ...cfEnv, CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4` };
      const { run, json } = await adoptRun(
        cf,
        config('example.net', 'cloudflare', { ttl: 'auto' }),
        env,
        '--resolver',
        resolver,
        '--aws',
        '--json',
      );
      expect(run.code).toBe(0);
      expect(json!.domains[0]!.ttl).toEqual({ changes: [] });
    } finally {
      await new Promise<void>((resolve) => autoApi.close(() => resolve()));
    }
  });

  test('Cloudflare without its API: the TTLs are not compared, and the note says how', async () => {
    const { json } = await adoptRun(
      cf,
      config('example.net', 'cloudflare'),
      {},
      '--resolver',
      resolver,
      '--aws',
      '--json',
    );
    const domain = json!.domains[0]!;
    expect(domain.ttl).toEqual({ changes: [] });
    expect(domain.notes.filter((n) => n.includes('TTL'))).toEqual([
      `TTL not compared for ${CF_TOKENS.map((t) => `CNAME ${t}._domainkey.example.net`).join(', ')}, MX mail.example.net, TXT mail.example.net, TXT _dmarc.example.net: Cloudflare publishes its automatic TTL in DNS as a number, so its TTLs are read from its API: set CLOUDFLARE_API_TOKEN (a token with Zone:Read and DNS:Read on example.net) and run adopt again`,
    ]);
  });

  test('TTLs that match the plan: nothing is said, in the text or the JSON', async () => {
    const text = config('example.org', 'route53');
    const { run, json } = await adoptRun(same, text, {}, '--resolver', resolver, '--aws', '--json');
    expect(run.code).toBe(0);
    expect(json!.domains[0]!.ttl).toEqual({ changes: [] });
    expect(json!.domains[0]!.notes).toEqual([]);
    // The same zone answered by DNS alone (no listing): authoritative, and equal.
    const dnsOnly = await adoptRun(same, text, {}, '--resolver', resolver, '--json');
    expect(dnsOnly.json!.domains[0]!.ttl).toEqual({ changes: [] });
    expect(dnsOnly.json!.domains[0]!.notes.filter((n) => n.includes('TTL'))).toEqual([]);
    const plain = await adoptRun(same, text, {}, '--resolver', resolver, '--aws');
    expect(plain.run.stdout).not.toMatch(/TTL/);
  });

  describe('the TTL lookup itself', () => {
    test('an authoritative answer: the zone TTL and the AA bit', async () => {
      const lookup = createTtlLookup({ server: resolver });
      expect(await lookup.ttl('_dmarc.example.net', 'TXT')).toEqual({ seconds: 3600, authoritative: true });
      expect(await lookup.ttl(`${R53_TOKENS[0]}._domainkey.example.com`, 'CNAME')).toEqual({
        seconds: 300,
        authoritative: true,
      });
      expect(await lookup.ttl('nothing-here.example.com', 'TXT')).toBeUndefined();
      expect(await lookup.ttl('mail.example.com', 'CNAME')).toBeUndefined();
    });

    test('through a cache: what is left of the TTL, without the AA bit', async () => {
      const lookup = createTtlLookup({ server: `127.0.0.1:${cache.port}` });
      expect(await lookup.ttl('_dmarc.example.net', 'TXT')).toEqual({ seconds: 3600 - 137, authoritative: false });
    });

    test('a set larger than the UDP payload: truncated over UDP, its TTL read over TCP', async () => {
      // BIND truncates the answer at the size adopt announces...
      const udp = createSocket('udp4');
      const truncated = await new Promise<dnsPacket.DecodedPacket>((resolve) => {
        udp.on('message', (m) => resolve(dnsPacket.decode(m)));
        udp.send(dnsPacket.encode(ttlQuery('example.info', 'TXT', 7)), named.port, '127.0.0.1');
      });
      udp.close();
      expect(truncated.flag_tc).toBe(true);
      // ...and the lookup asks again over TCP.
      expect(await createTtlLookup({ server: resolver }).ttl('example.info', 'TXT')).toEqual({
        seconds: 900,
        authoritative: true,
      });
    });

    test('a server that never answers: no TTL, after the tries', async () => {
      const silent = createSocket('udp4');
      await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
      try {
        const lookup = createTtlLookup({ server: `127.0.0.1:${silent.address().port}`, timeoutMs: 100, tries: 2 });
        expect(await lookup.ttl('_dmarc.example.net', 'TXT')).toBeUndefined();
      } finally {
        silent.close();
      }
    });
  });
});
