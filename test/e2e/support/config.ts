/**
 * The harness's own reading of an ses-dns config: what each domain should end up with once
 * its stack is applied. Written from the config contract (PRODUCT.md: three layers,
 * `defaults` < environment < domain; objects merge key by key, lists and scalars replace,
 * `false` switches a feature off), not from `src/config`, so the two can disagree.
 */
import { parse, stringify } from 'yaml';
import { normalizeName } from './dns-text';

type Json = Record<string, unknown>;

/** DMARC policies (RFC 7489 section 6.3, `p=`). */
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

/** What one configured domain should get. */
export interface DomainExpectation {
  readonly environment: string;
  readonly provider: 'route53' | 'cloudflare';
  readonly domain: string;
  /** The zone holding the records: by name, or by the provider's id. */
  readonly zone: { readonly name: string } | { readonly id: string };
  /** The SES region of this identity: a domain whose `region` is a list gets one expectation per region. */
  readonly region: string;
  /**
   * Every region of the domain, the home region (the first listed) first; one region for a
   * domain whose `region` is a string.
   */
  readonly regions: readonly string[];
  readonly ttl: number | 'auto';
  readonly dkim:
    | { readonly type: 'easy'; readonly keyLength: 1024 | 2048; readonly host?: string }
    | { readonly type: 'byodkim'; readonly selector: string; readonly publicKey: string };
  /** The full MAIL FROM domain, or false when SES's default (amazonses.com) is used. */
  readonly mailFrom: { readonly domain: string; readonly onMxFailure: 'use-default' | 'reject-message' } | false;
  readonly dmarc:
    | {
        readonly policy: DmarcPolicy;
        readonly subdomainPolicy?: DmarcPolicy;
        /** `adkim`/`aspf` (RFC 7489 section 3.1): relaxed unless configured strict. */
        readonly alignment: { readonly dkim: 'relaxed' | 'strict'; readonly spf: 'relaxed' | 'strict' };
      }
    | false;
  readonly spf:
    | {
        /** `spf.includeAmazonSes`: whether SES's ranges are authorized (README: true unless false). */
        readonly includeAmazonSes: boolean;
        readonly include: readonly string[];
        readonly mechanisms: readonly string[];
        readonly all: 'fail' | 'softfail' | 'neutral';
      }
    | false;
  /** The full tracking domain, or false. */
  readonly tracking: { readonly domain: string } | false;
}

/** Keys of an environment that are not domain settings. */
const ENVIRONMENT_ONLY = new Set(['dns', 'backend', 'domains', 'account', 'maxDomainsPerStack']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a YAML (or JSON) config. */
export function parseConfig(text: string): Json {
  const config: unknown = parse(text);
  if (!isObject(config) || !isObject(config.environments)) throw new Error('config has no environments');
  return config;
}

/** Serializes a config for the CLI to read. */
export function serializeConfig(config: Json): string {
  return stringify(config);
}

/**
 * Lays `below` over `above`: objects merge key by key unless their `type` differs (the keys
 * of Easy DKIM mean nothing to BYODKIM), anything else replaces.
 */
function overlay(above: unknown, below: unknown): unknown {
  if (below === undefined) return above;
  if (!isObject(above) || !isObject(below)) return below;
  if ('type' in above && 'type' in below && above.type !== below.type) return below;
  const out: Json = { ...above };
  for (const [key, value] of Object.entries(below)) out[key] = overlay(out[key], value);
  return out;
}

function settingsOf(layer: unknown, skip: ReadonlySet<string> = new Set()): Json {
  if (!isObject(layer)) return {};
  return Object.fromEntries(Object.entries(layer).filter(([key]) => !skip.has(key)));
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Every configured domain with what it should get, in config order. */
export function expectationsOf(config: Json): DomainExpectation[] {
  const out: DomainExpectation[] = [];
  const environments = isObject(config.environments) ? config.environments : {};
  for (const [environment, env] of Object.entries(environments)) {
    if (!isObject(env)) continue;
    const provider = isObject(env.dns) ? env.dns.provider : undefined;
    if (provider !== 'route53' && provider !== 'cloudflare') throw new Error(`${environment}: unknown dns.provider`);
    const layered = overlay(settingsOf(config.defaults), settingsOf(env, ENVIRONMENT_ONLY));
    for (const entry of Array.isArray(env.domains) ? env.domains : []) {
      if (!isObject(entry) || typeof entry.name !== 'string') continue;
      const settings = overlay(layered, settingsOf(entry, new Set(['name', 'zone']))) as Json;
      // PRODUCT.md: `region` may be a list; the domain is then an SES identity in each region.
      const regions = Array.isArray(settings.region) ? list(settings.region) : [str(settings.region, 'us-east-1')];
      for (const region of regions) out.push(expectationOf(environment, provider, entry, settings, region, regions));
    }
  }
  return out;
}

function expectationOf(
  environment: string,
  provider: 'route53' | 'cloudflare',
  entry: Json,
  s: Json,
  region: string,
  regions: readonly string[],
): DomainExpectation {
  // `{region}` in a MAIL FROM or tracking subdomain stands for the identity's region.
  const inRegion = (text: string) => text.split('{region}').join(region);
  const domain = normalizeName(entry.name as string);
  const zone = entry.zone;
  const dkim = isObject(s.dkim) ? s.dkim : {};
  const mailFrom = s.mailFrom === false ? false : isObject(s.mailFrom) ? s.mailFrom : {};
  const dmarc = s.dmarc === false ? false : isObject(s.dmarc) ? s.dmarc : {};
  const alignment = dmarc && isObject(dmarc.alignment) ? dmarc.alignment : {};
  const spf = isObject(s.spf) ? s.spf : false;
  const tracking = isObject(s.tracking) ? s.tracking : false;
  return {
    environment,
    provider,
    domain,
    zone: isObject(zone)
      ? typeof zone.id === 'string'
        ? { id: zone.id }
        : { name: normalizeName(str(zone.name, domain)) }
      : { name: normalizeName(str(zone, domain)) },
    region,
    regions,
    ttl: s.ttl === 'auto' ? 'auto' : typeof s.ttl === 'number' ? s.ttl : 600,
    dkim:
      dkim.type === 'byodkim'
        ? { type: 'byodkim', selector: str(dkim.selector, ''), publicKey: str(dkim.publicKey, '') }
        : {
            type: 'easy',
            keyLength: dkim.keyLength === 1024 ? 1024 : 2048,
            host: typeof dkim.host === 'string' ? normalizeName(dkim.host) : undefined,
          },
    mailFrom: mailFrom && {
      domain: `${inRegion(str(mailFrom.subdomain, 'mail'))}.${domain}`,
      onMxFailure: mailFrom.onMxFailure === 'reject-message' ? 'reject-message' : 'use-default',
    },
    dmarc: dmarc && {
      policy: str(dmarc.policy, 'none') as DmarcPolicy,
      subdomainPolicy: typeof dmarc.subdomainPolicy === 'string' ? (dmarc.subdomainPolicy as DmarcPolicy) : undefined,
      alignment: {
        dkim: alignment.dkim === 'strict' ? 'strict' : 'relaxed',
        spf: alignment.spf === 'strict' ? 'strict' : 'relaxed',
      },
    },
    spf: spf && {
      includeAmazonSes: spf.includeAmazonSes !== false,
      include: list(spf.include),
      mechanisms: list(spf.mechanisms),
      all: spf.all === 'fail' || spf.all === 'neutral' ? spf.all : 'softfail',
    },
    // A tracking name without {region} names one region's host: the home region's only.
    tracking: tracking &&
      (region === regions[0] || str(tracking.subdomain, 'track').includes('{region}')) && {
        domain: `${inRegion(str(tracking.subdomain, 'track'))}.${domain}`,
      },
  };
}

/**
 * A copy of `config` whose every BYODKIM `publicKey` is replaced by `replace(original)`, so
 * the harness holds the private half of each key the synthesized stacks publish.
 */
export function replaceByodkimKeys(config: Json, replace: (publicKey: string) => string): Json {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!isObject(value)) return value;
    const out: Json = {};
    for (const [key, child] of Object.entries(value)) out[key] = walk(child);
    if (typeof out.publicKey === 'string' && (out.type === 'byodkim' || 'selector' in out)) {
      out.publicKey = replace(out.publicKey);
    }
    return out;
  };
  return walk(config) as Json;
}
