/**
 * The generated matrix: both DNS providers x Easy DKIM and BYODKIM x a region with the
 * global DKIM host (eu-central-1) and one with a regional host (eu-south-1) x with and
 * without root SPF and tracking, plus a subdomain identity whose records live in its
 * parent's zone. Many domains share few configs (one environment per provider), so the
 * CLI runs twice, not once per combination.
 *
 * The two configs swap which region is the environment's own and which a domain asks for,
 * so both the default AWS provider and an aliased one carry each region. A third, small
 * config holds the settings the grid leaves at their defaults.
 */

type Json = Record<string, unknown>;

/** A region whose Easy DKIM host is the global `dkim.amazonses.com`. */
export const GLOBAL_DKIM_REGION = 'eu-central-1';
/** A region whose Easy DKIM host is regional: `dkim.eu-south-1.amazonses.com`. */
export const REGIONAL_DKIM_REGION = 'eu-south-1';

/** Stands in for a BYODKIM public key until the harness swaps in one it holds. */
const KEY_PLACEHOLDER = 'HARNESS-REPLACES-THIS-KEY';

const SHORT: Readonly<Record<string, string>> = { [GLOBAL_DKIM_REGION]: 'euc1', [REGIONAL_DKIM_REGION]: 'eus1' };

interface MatrixConfigOptions {
  readonly id: string;
  readonly homeRegion: string;
  readonly awayRegion: string;
  readonly route53: { readonly policy: string; readonly ttl: number };
  readonly cloudflare: { readonly policy: string; readonly ttl: number | 'auto' };
  /** The SPF `all` of the domains with a root SPF. */
  readonly spfAll: 'fail' | 'softfail';
}

function domains(id: string, provider: string, o: MatrixConfigOptions): Json[] {
  const out: Json[] = [];
  let selector = 0;
  for (const dkim of ['easy', 'byodkim'] as const) {
    for (const region of [o.homeRegion, o.awayRegion]) {
      for (const full of [false, true]) {
        const name = `${id}-${provider}-${dkim}-${SHORT[region]}-${full ? 'full' : 'plain'}.example`;
        out.push({
          name,
          ...(region !== o.homeRegion && { region }),
          ...(dkim === 'byodkim' && {
            dkim: { type: 'byodkim', selector: `sel${++selector}`, publicKey: KEY_PLACEHOLDER + name },
          }),
          ...(full && {
            spf: { include: ['_spf.google.com'], all: o.spfAll },
            tracking: { subdomain: 'track' },
            mailFrom: { subdomain: 'bounce' },
          }),
        });
      }
    }
  }
  // A subdomain identity in its parent's zone, signing the other way than its parent.
  const parent = out[0].name as string;
  out.push({
    name: `notify.${parent}`,
    zone: parent,
    dkim: { type: 'byodkim', selector: 'notify', publicKey: `${KEY_PLACEHOLDER}notify.${parent}` },
  });
  return out;
}

function matrixConfig(o: MatrixConfigOptions): Json {
  return {
    defaults: {
      region: o.homeRegion,
      ttl: 600,
      dkim: { type: 'easy', keyLength: 2048 },
      mailFrom: { subdomain: 'mail', onMxFailure: 'use-default' },
      dmarc: { policy: 'none', alignment: { dkim: 'relaxed', spf: 'relaxed' } },
    },
    environments: {
      [`${o.id}-route53`]: {
        dns: { provider: 'route53' },
        ttl: o.route53.ttl,
        dmarc: { policy: o.route53.policy },
        domains: domains(o.id, 'r53', o),
      },
      [`${o.id}-cloudflare`]: {
        dns: { provider: 'cloudflare' },
        ttl: o.cloudflare.ttl,
        dmarc: { policy: o.cloudflare.policy },
        domains: domains(o.id, 'cf', o),
      },
    },
  };
}

/** A root SPF of more than 255 characters: one TXT record of several strings (RFC 7208 3.3). */
const LONG_SPF = {
  include: ['spf.protection.outlook.com', '_spf.google.com', 'sendgrid.net'],
  mechanisms: ['ip4:192.0.2.0/24', 'mx', ...[1, 2, 3, 4, 5, 6].map((i) => `ip6:2001:db8:${i}${i}${i}${i}::/48`)],
  all: 'neutral',
};

/** DMARC report addresses that make the record longer than one 255-byte string. */
const LONG_RUA = (domain: string) =>
  ['aggregate-reports', 'dmarc-aggregate-archive', 'security-operations-dmarc', 'deliverability-team'].map(
    (local) => `${local}-${'x'.repeat(30)}@${domain}.example`,
  );

/**
 * Settings off the main grid, one domain each: a zone given by id, MAIL FROM and DMARC
 * switched off (the parent's `sp` then applies), 1024-bit Easy DKIM, reject-message, a
 * DKIM host override, root SPF and DMARC records too long for one string, strict SPF
 * alignment, a two-label MAIL FROM subdomain, a parent zone that is no identity.
 */
function edgeConfig(): Json {
  return {
    defaults: { region: 'eu-west-1' },
    environments: {
      'm3-route53': {
        dns: { provider: 'route53' },
        dmarc: { policy: 'reject', subdomainPolicy: 'quarantine', rua: LONG_RUA('m3-byid') },
        domains: [
          {
            name: 'm3-byid.example',
            zone: { id: 'Z0123456789ABCDEF' },
            dkim: { type: 'easy', keyLength: 1024 },
            mailFrom: { subdomain: 'mf', onMxFailure: 'reject-message' },
          },
          { name: 'sub.m3-byid.example', zone: { id: 'Z0123456789ABCDEF' }, mailFrom: false, dmarc: false },
          {
            name: 'm3-host.example',
            region: 'il-central-1',
            dkim: { type: 'easy', host: 'dkim.il-central-1.amazonses.com' },
            spf: LONG_SPF,
          },
        ],
      },
      'm3-cloudflare': {
        dns: { provider: 'cloudflare' },
        ttl: 120,
        domains: [
          {
            name: 'orphan.m3-parent.example',
            zone: 'm3-parent.example',
            tracking: { subdomain: 'links', httpsPolicy: 'require' },
            dmarc: { policy: 'quarantine', alignment: { spf: 'strict' } },
          },
          {
            name: 'm3-deep.example',
            mailFrom: { subdomain: 'a.b' },
            spf: LONG_SPF,
            dmarc: { rua: LONG_RUA('m3-deep') },
          },
        ],
      },
    },
  };
}

/** The matrix configs, by name. */
export function matrixConfigs(): { readonly name: string; readonly config: Json }[] {
  return [
    {
      name: 'matrix/home-eu-central-1',
      config: matrixConfig({
        id: 'm1',
        homeRegion: GLOBAL_DKIM_REGION,
        awayRegion: REGIONAL_DKIM_REGION,
        route53: { policy: 'reject', ttl: 600 },
        cloudflare: { policy: 'quarantine', ttl: 'auto' },
        spfAll: 'fail',
      }),
    },
    {
      name: 'matrix/home-eu-south-1',
      config: matrixConfig({
        id: 'm2',
        homeRegion: REGIONAL_DKIM_REGION,
        awayRegion: GLOBAL_DKIM_REGION,
        route53: { policy: 'quarantine', ttl: 3600 },
        cloudflare: { policy: 'reject', ttl: 300 },
        spfAll: 'softfail',
      }),
    },
    { name: 'matrix/edge-cases', config: edgeConfig() },
  ];
}
