/**
 * The DNS outside the user's zones that mail authentication reaches: SES's own zone, its
 * tracking zone, the SPF records of third parties a root SPF includes, and a root zone that
 * answers NXDOMAIN for everything else, so no query leaves the machine.
 */
import type { RecordData } from './model';
import type { ZoneEntry } from './zone-file';
import { HARNESS_NS } from './zone-file';
import { chunkText, isWithin } from './dns-text';
import { SES_REGIONS, SES_SPF, SES_ZONE, TRACKING_ZONE, feedbackHost, trackingHost } from './ses-world';

/** One Easy DKIM public key SES would publish: `<token>.<host>` TXT `p=<key>`. */
export interface DkimPublication {
  readonly token: string;
  /** `dkim.amazonses.com`, `dkim.<region>.amazonses.com`, or a configured override. */
  readonly host: string;
  readonly publicKeyBase64: string;
}

/**
 * SPF records of third parties, trimmed to what an SPF evaluation reaches, with an address
 * each authorizes so a test can prove the include resolves.
 * @see https://support.google.com/a/answer/10685031 (Google's `_spf.google.com` chain)
 */
export const THIRD_PARTY_SPF: Readonly<
  Record<string, { readonly records: Readonly<Record<string, string>>; readonly sampleIp: string }>
> = {
  '_spf.google.com': {
    records: {
      '_spf.google.com':
        'v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all',
      '_netblocks.google.com':
        'v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:66.249.80.0/20 ip4:72.14.192.0/18 ip4:74.125.0.0/16 ip4:108.177.8.0/21 ip4:173.194.0.0/16 ip4:209.85.128.0/17 ip4:216.58.192.0/19 ip4:216.239.32.0/19 ~all',
      '_netblocks2.google.com':
        'v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ip6:2607:f8b0:4000::/36 ip6:2800:3f0:4000::/36 ip6:2a00:1450:4000::/36 ip6:2c0f:fb50:4000::/36 ~all',
      '_netblocks3.google.com':
        'v=spf1 ip4:172.217.0.0/19 ip4:172.217.32.0/20 ip4:172.217.128.0/19 ip4:172.217.160.0/20 ip4:172.217.192.0/19 ip4:172.253.56.0/21 ip4:172.253.112.0/20 ip4:108.177.96.0/19 ip4:35.191.0.0/16 ip4:130.211.0.0/22 ~all',
    },
    sampleIp: '209.85.220.41',
  },
  'spf.protection.outlook.com': {
    records: {
      'spf.protection.outlook.com':
        'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:52.102.0.0/16 ip4:52.103.0.0/17 ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 -all',
    },
    sampleIp: '40.107.22.50',
  },
  'sendgrid.net': {
    records: {
      'sendgrid.net': 'v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ip4:50.31.32.0/19 ip4:198.37.144.0/20 ~all',
    },
    sampleIp: '167.89.10.10',
  },
};

/** An address in the simulated SES or tracking zones (TEST-NET-2, RFC 5737), one per region. */
export function regionAddress(region: string): string {
  return `198.51.100.${SES_REGIONS.indexOf(region) + 1}`;
}

function txt(text: string): RecordData {
  return { type: 'TXT', strings: chunkText(text) };
}

/** Zones the simulation serves, keyed by zone name. */
export type ZoneSet = Map<string, ZoneEntry[]>;

function add(zones: ZoneSet, zone: string, entry: ZoneEntry): void {
  zones.set(zone, [...(zones.get(zone) ?? []), entry]);
}

/**
 * SES's zone (its SPF record, the MAIL FROM feedback hosts, the per-region default MAIL
 * FROM SPF records and every Easy DKIM key of `dkim`) and the tracking zone.
 */
export function sesZones(dkim: readonly DkimPublication[]): ZoneSet {
  const zones: ZoneSet = new Map();
  add(zones, SES_ZONE, { name: SES_ZONE, ttl: 300, data: txt(SES_SPF) });
  for (const region of SES_REGIONS) {
    add(zones, SES_ZONE, { name: feedbackHost(region), ttl: 300, data: { type: 'A', address: regionAddress(region) } });
    // SES's default MAIL FROM is <id>@<region>.amazonses.com, whose SPF includes SES's.
    add(zones, SES_ZONE, { name: `${region}.${SES_ZONE}`, ttl: 300, data: txt('v=spf1 include:amazonses.com ~all') });
    add(zones, TRACKING_ZONE, {
      name: trackingHost(region),
      ttl: 300,
      data: { type: 'A', address: regionAddress(region) },
    });
  }
  for (const { token, host, publicKeyBase64 } of dkim) {
    const zone = isWithin(host, SES_ZONE) ? SES_ZONE : host;
    add(zones, zone, { name: `${token}.${host}`, ttl: 300, data: txt(`p=${publicKeyBase64}`) });
  }
  return zones;
}

/**
 * One zone per third-party SPF name that `includes` reaches: the trimmed real records for
 * providers in {@link THIRD_PARTY_SPF}, a stand-in authorizing nobody for the rest.
 */
export function thirdPartySpfZones(includes: Iterable<string>): ZoneSet {
  const zones: ZoneSet = new Map();
  for (const include of includes) {
    // An include nobody simulates still has to exist: RFC 7208 section 5.2 makes a missing
    // include a permerror. Authorizing nobody keeps the closed world conservative.
    const records = THIRD_PARTY_SPF[include]?.records ?? { [include]: 'v=spf1 -all' };
    for (const [name, text] of Object.entries(records)) add(zones, name, { name, ttl: 300, data: txt(text) });
  }
  return zones;
}

/** The root zone: only the harness's name server; everything else is NXDOMAIN. */
export function rootZone(): ZoneEntry[] {
  return [{ name: HARNESS_NS, ttl: 300, data: { type: 'A', address: '127.0.0.1' } }];
}
