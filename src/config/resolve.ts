/**
 * From a raw config to a {@link ResolvedConfig}: layers merged, defaults applied, and every
 * rule checked that needs more than one value at a time (zones, duplicates, provider limits,
 * keys). Structural problems are reported by `checkStructure`; this pass never throws on a
 * value of the wrong type, it reads around it, so all problems come out in one run.
 */
import * as say from '../messages/config';
import { organizationalDomain } from './public-suffix';
import { domainInRegions, mailFromDomainIn, withRegion } from './domain-regions';
import { dkimHostFor } from './regions';
import { checkSharedAccountSettings, resolveAccount } from './account';
import { checkSharedConfigurationSets, resolveConfigurationSet } from './configuration-set';
import { errorAt, joinPath } from './issues';
import type { ConfigIssue } from './issues';
import { mergeLayers } from './merge';
import type { Layer, MergedSettings } from './merge';
import type {
  ResolvedBackend,
  ResolvedConfig,
  ResolvedDkim,
  ResolvedDmarc,
  ResolvedDns,
  ResolvedDomain,
  ResolvedEnvironment,
  ResolvedMailFrom,
  ResolvedSpf,
  ResolvedTracking,
  Ttl,
  ZoneRef,
} from './model';
import { CLOUDFLARE_ZONE_ID, ROUTE53_ZONE_ID } from './patterns';
import { checkOnePartition, checkRegionalNames, checkRegionalTargets, readRegions } from './regional';
import {
  ALIGNMENT_MODES,
  DMARC_POLICIES,
  HTTPS_POLICIES,
  MAIL_FROM_SPF_ALLS,
  MX_FAILURE_ACTIONS,
  oneOf,
  SETTINGS_KEYS,
  SPF_ALLS,
} from './vocabulary';
import { isObj, str, strings } from './read';
import type { Obj } from './read';

/** Settings that apply when no layer says otherwise. */
const BUILT_IN: Layer = {
  path: '',
  values: {
    ttl: 600,
    dkim: { type: 'easy' },
    mailFrom: {},
    dmarc: {},
    spf: false,
    tracking: false,
    configurationSet: false,
  },
};

function settingsOf(layer: unknown): Obj {
  if (!isObj(layer)) return {};
  return Object.fromEntries(Object.entries(layer).filter(([k]) => SETTINGS_KEYS.includes(k)));
}

/**
 * A pass run on each domain as soon as it is resolved, in the order the domains are written,
 * returning the domain to keep. The config knows nothing of the record plan: the check stage
 * hands in its rules that need a domain's plan (`keepTxt` and `import`, src/checks/safety.ts)
 * this way, so that their issues stand beside the domain's other issues, in the order they
 * always had.
 */
export type DomainPass = (
  domain: ResolvedDomain,
  entry: Obj,
  dns: ResolvedDns,
  issues: ConfigIssue[],
) => ResolvedDomain;

/**
 * Resolves `raw` and returns it with every cross-field problem found.
 * @param domainPass run on each domain once resolved
 * @default domainPass none: each domain is kept as resolved
 */
export function resolveConfig(
  raw: unknown,
  domainPass?: DomainPass,
): { config: ResolvedConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const root = isObj(raw) ? raw : {};
  const defaults: Layer = { values: settingsOf(root.defaults), path: 'defaults' };
  const environments: ResolvedEnvironment[] = [];
  const envEntries = isObj(root.environments) ? Object.entries(root.environments) : [];
  for (const [envName, envRaw] of envEntries) {
    const env = resolveEnvironment(envName, isObj(envRaw) ? envRaw : {}, defaults, issues, domainPass);
    environments.push(env);
  }
  environments.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  checkSharedConfigurationSets(environments, issues);
  checkSharedAccountSettings(environments, issues);
  return { config: { environments }, issues: dedupe(issues) };
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.severity}\n${i.path}\n${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function resolveEnvironment(
  name: string,
  raw: Obj,
  defaults: Layer,
  issues: ConfigIssue[],
  domainPass: DomainPass | undefined,
): ResolvedEnvironment {
  const path = joinPath('environments', name);
  const envLayer: Layer = { values: settingsOf(raw), path };
  const dns = resolveDns(raw.dns, joinPath(path, 'dns'), issues);
  const backend = resolveBackend(name, raw.backend, joinPath(path, 'backend'), issues);
  const envSettings = mergeLayers([BUILT_IN, defaults, envLayer]);
  const regions = readRegions(envSettings.values.region);
  if (regions === undefined && !('region' in envSettings.values)) {
    issues.push(errorAt(joinPath(path, 'region'), say.noRegion(name, path)));
  }
  const domains: ResolvedDomain[] = [];
  const firstPathOf = new Map<string, string>();
  const partitionReported = new Set<string>();
  const entries = Array.isArray(raw.domains) ? raw.domains : [];
  entries.forEach((entry: unknown, index: number) => {
    const domainPath = joinPath(joinPath(path, 'domains'), index);
    if (!isObj(entry) || typeof entry.name !== 'string') return;
    const earlier = firstPathOf.get(entry.name);
    if (earlier !== undefined) {
      issues.push(errorAt(joinPath(domainPath, 'name'), say.domainListedTwice(entry.name, earlier)));
      return;
    }
    firstPathOf.set(entry.name, domainPath);
    const settings = mergeLayers([BUILT_IN, defaults, envLayer, { values: settingsOf(entry), path: domainPath }]);
    const domain = resolveDomain(entry, name, domainPath, settings, dns, issues);
    checkRegionalNames(domain, settings, issues);
    checkOnePartition(domain, settings, regions?.[0] ?? 'us-east-1', partitionReported, issues);
    checkRegionalTargets(
      domain,
      isObj(settings.values.configurationSet) ? settings.values.configurationSet.events : undefined,
      settings,
      issues,
    );
    // keepTxt and import are checked against the plan by the check stage (src/checks/safety.ts).
    domains.push(domainPass ? domainPass(domain, entry, dns, issues) : domain);
  });
  checkNameCollisions(domains, issues);
  domains.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const stackRegions = regions ?? ['us-east-1'];
  const stackRegion = stackRegions[0]!;
  const multiRegion = stackRegions.length > 1 ? { regions: stackRegions } : {};
  const account = resolveAccount(
    raw.account,
    joinPath(path, 'account'),
    { name, region: stackRegion, ...multiRegion, domains },
    issues,
  );
  const max = raw.maxDomainsPerStack;
  const maxDomainsPerStack = typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : undefined;
  return {
    name,
    path,
    region: stackRegion,
    ...multiRegion,
    dns,
    backend,
    ...(account && { account }),
    domains,
    preventDestroy: raw.preventDestroy !== false,
    ...(maxDomainsPerStack ? { maxDomainsPerStack } : {}),
  };
}

function resolveDns(raw: unknown, path: string, issues: ConfigIssue[]): ResolvedDns {
  const dns = isObj(raw) ? raw : {};
  const provider = dns.provider === 'cloudflare' ? 'cloudflare' : 'route53';
  if (provider === 'cloudflare') {
    for (const key of ['profile', 'assumeRoleArn'] as const) {
      if (dns[key] !== undefined) issues.push(errorAt(joinPath(path, key), say.route53OnlyKey));
    }
  }
  return { provider, profile: str(dns.profile), assumeRoleArn: str(dns.assumeRoleArn) };
}

function resolveBackend(env: string, raw: unknown, path: string, issues: ConfigIssue[]): ResolvedBackend {
  const b = isObj(raw) ? raw : { type: 'local' };
  if (b.type === 's3') {
    return {
      type: 's3',
      bucket: str(b.bucket) ?? '',
      key: str(b.key) ?? '',
      region: str(b.region) ?? '',
      profile: str(b.profile),
      roleArn: str(b.roleArn),
      encrypt: b.encrypt !== false,
    };
  }
  if (b.type === 'cloud') {
    return {
      type: 'cloud',
      organization: str(b.organization) ?? '',
      workspace: str(b.workspace) ?? '',
      hostname: str(b.hostname),
    };
  }
  const given = str(b.path);
  const statePath = given ?? `terraform.${env}.tfstate`;
  if (statePath.startsWith('/') || /^[A-Za-z]:[\\/]/.test(statePath)) {
    issues.push(errorAt(joinPath(path, 'path'), say.absoluteStatePath(statePath, env)));
  }
  return { type: 'local', path: statePath, relativeTo: given === undefined ? 'config' : 'stack' };
}

function resolveDomain(
  entry: Obj,
  environment: string,
  path: string,
  settings: MergedSettings,
  dns: ResolvedDns,
  issues: ConfigIssue[],
): ResolvedDomain {
  const name = String(entry.name);
  const v = settings.values;
  const regions = readRegions(v.region) ?? ['us-east-1'];
  const region = regions[0]!;
  return {
    name,
    environment,
    path,
    region,
    // Only a domain in several regions says so: one in a single region resolves as it always did.
    ...(regions.length > 1 && { regions }),
    ttl: resolveTtl(v.ttl, settings, dns, environment, issues),
    zone: resolveZone(name, entry.zone, joinPath(path, 'zone'), dns, issues),
    dkim: resolveDkim(v.dkim, region, settings, issues),
    mailFrom: resolveMailFrom(name, v.mailFrom, region),
    dmarc: resolveDmarc(v.dmarc),
    spf: resolveSpf(v.spf),
    tracking: resolveTracking(name, v.tracking, region),
    configurationSet: resolveConfigurationSet(name, v.configurationSet, settings, issues),
  };
}

function resolveTtl(
  raw: unknown,
  settings: MergedSettings,
  dns: ResolvedDns,
  environment: string,
  issues: ConfigIssue[],
): Ttl {
  const path = settings.originOf('ttl');
  if (raw === 'auto') {
    if (dns.provider === 'route53') {
      issues.push(errorAt(path, say.autoTtlOnRoute53(environment)));
      return 300;
    }
    return 'auto';
  }
  const ttl = typeof raw === 'number' ? raw : 600;
  // Cloudflare: 1 means automatic, otherwise 60-86400 (Cloudflare API, DNS record ttl).
  if (dns.provider === 'cloudflare' && ttl !== 1 && (ttl < 60 || ttl > 86400)) {
    issues.push(errorAt(path, say.cloudflareTtl(environment, ttl)));
  }
  return ttl;
}

function resolveZone(domain: string, raw: unknown, path: string, dns: ResolvedDns, issues: ConfigIssue[]): ZoneRef {
  if (isObj(raw) && typeof raw.id === 'string') {
    const pattern = dns.provider === 'route53' ? ROUTE53_ZONE_ID : CLOUDFLARE_ZONE_ID;
    if (!new RegExp(pattern).test(raw.id))
      issues.push(errorAt(joinPath(path, 'id'), say.badZoneId(raw.id, dns.provider)));
    return { kind: 'id', id: raw.id };
  }
  const zoneName = typeof raw === 'string' ? raw : isObj(raw) && typeof raw.name === 'string' ? raw.name : domain;
  if (zoneName !== domain && !domain.endsWith(`.${zoneName}`)) {
    const at = typeof raw === 'string' ? path : joinPath(path, 'name');
    issues.push(errorAt(at, say.zoneCannotHold(zoneName, domain, possibleZones(domain))));
  }
  return { kind: 'name', name: zoneName };
}

/** The zones that can hold `domain`'s records: itself and its parents down to its registered domain. */
function possibleZones(domain: string): string[] {
  const labels = domain.split('.');
  const registered = organizationalDomain(domain).split('.').length;
  return labels.slice(0, Math.max(1, labels.length - registered + 1)).map((_, i) => labels.slice(i).join('.'));
}

function resolveDkim(raw: unknown, region: string, settings: MergedSettings, issues: ConfigIssue[]): ResolvedDkim {
  const d = isObj(raw) ? raw : {};
  const error = (key: string, message: string) => issues.push(errorAt(settings.originOf(`dkim.${key}`), message));
  if (d.type === 'byodkim') {
    for (const key of ['keyLength', 'host']) {
      if (d[key] !== undefined) error(key, say.easyDkimOnly);
    }
    const selector = str(d.selector);
    const publicKey = str(d.publicKey);
    if (selector === undefined) error('selector', say.selectorRequired);
    if (publicKey === undefined) {
      error('publicKey', say.publicKeyRequired);
    } else {
      const problem = publicKeyProblem(publicKey);
      if (problem) error('publicKey', problem);
    }
    return { type: 'byodkim', selector: selector ?? '', publicKey: publicKey ?? '' };
  }
  for (const key of ['selector', 'publicKey']) {
    if (d[key] !== undefined) error(key, say.byoDkimOnly);
  }
  const host = str(d.host);
  return {
    type: 'easy',
    keyLength: d.keyLength === 1024 ? 1024 : 2048,
    host: host ?? dkimHostFor(region),
    // Only a written host says so: it then serves every region of the domain.
    ...(host !== undefined && { hostGiven: true }),
  };
}

/** Why a BYODKIM public key cannot be used, or undefined when it can. */
function publicKeyProblem(base64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined; // reported by the schema
  try {
    // Loaded here: node:crypto costs a few milliseconds to load, and only BYODKIM needs it.
    const { createPublicKey } = require('node:crypto') as typeof import('node:crypto');
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (key.asymmetricKeyType !== 'rsa') return say.publicKeyNotRsa(key.asymmetricKeyType);
    if (bits < 1024 || bits > 2048) return say.publicKeyBits(bits);
    return undefined;
  } catch {
    return say.publicKeyNotDer;
  }
}

function resolveMailFrom(domain: string, raw: unknown, homeRegion: string): ResolvedMailFrom | false {
  if (!isObj(raw)) return false;
  const subdomain = str(raw.subdomain) ?? 'mail';
  return {
    subdomain,
    domain: mailFromDomainIn(domain, subdomain, homeRegion),
    onMxFailure: oneOf(MX_FAILURE_ACTIONS, raw.onMxFailure) ?? 'use-default',
    spfAll: oneOf(MAIL_FROM_SPF_ALLS, raw.spfAll) ?? 'softfail',
  };
}

function resolveDmarc(raw: unknown): ResolvedDmarc | false {
  if (!isObj(raw)) return false;
  const alignment = isObj(raw.alignment) ? raw.alignment : {};
  return {
    policy: oneOf(DMARC_POLICIES, raw.policy) ?? 'none',
    subdomainPolicy: oneOf(DMARC_POLICIES, raw.subdomainPolicy),
    nonexistentPolicy: oneOf(DMARC_POLICIES, raw.nonexistentPolicy),
    alignment: {
      dkim: oneOf(ALIGNMENT_MODES, alignment.dkim) ?? 'relaxed',
      spf: oneOf(ALIGNMENT_MODES, alignment.spf) ?? 'relaxed',
    },
    pct: typeof raw.pct === 'number' ? raw.pct : undefined,
    failureOptions: Array.isArray(raw.failureOptions) ? strings(raw.failureOptions) : undefined,
    reportInterval: typeof raw.reportInterval === 'number' ? raw.reportInterval : undefined,
    rua: strings(raw.rua),
    ruf: strings(raw.ruf),
  };
}

function resolveSpf(raw: unknown): ResolvedSpf | false {
  if (!isObj(raw)) return false;
  return {
    includeAmazonSes: raw.includeAmazonSes !== false,
    include: strings(raw.include),
    mechanisms: strings(raw.mechanisms),
    all: oneOf(SPF_ALLS, raw.all) ?? 'softfail',
  };
}

function resolveTracking(domain: string, raw: unknown, homeRegion: string): ResolvedTracking | false {
  if (!isObj(raw)) return false;
  const subdomain = str(raw.subdomain) ?? 'track';
  const httpsPolicy = oneOf(HTTPS_POLICIES, raw.httpsPolicy) ?? 'optional';
  return { subdomain, domain: `${withRegion(subdomain, homeRegion)}.${domain}`, httpsPolicy };
}

/**
 * Names that two records or identities of one environment would both claim: a MAIL FROM
 * domain that is another identity, a tracking CNAME at the MAIL FROM name (a CNAME may not
 * share its name: RFC 1034 section 3.6.2), two domains on one configuration set name.
 */
function checkNameCollisions(domains: readonly ResolvedDomain[], issues: ConfigIssue[]): void {
  const identities = new Map(domains.map((d) => [d.name, d.path]));
  const configurationSets = new Map<string, string>();
  for (const domain of domains) {
    // Each region's names, for a domain in several (src/config/domain-regions.ts).
    const mailFromNames = new Set<string>();
    const identitiesOfDomain = domainInRegions(domain);
    for (const { domain: d } of identitiesOfDomain) if (d.mailFrom) mailFromNames.add(d.mailFrom.domain);
    for (const { domain: d } of identitiesOfDomain) {
      if (d.mailFrom) {
        const other = identities.get(d.mailFrom.domain);
        if (other !== undefined) {
          issues.push(errorAt(`${d.path}.mailFrom.subdomain`, say.mailFromIsIdentity(d.mailFrom.domain, other)));
        }
      }
      if (d.tracking && mailFromNames.has(d.tracking.domain)) {
        issues.push(errorAt(`${d.path}.tracking.subdomain`, say.trackingIsMailFrom(d.tracking.domain)));
      }
      if (d.tracking && identities.has(d.tracking.domain)) {
        const other = identities.get(d.tracking.domain);
        issues.push(errorAt(`${d.path}.tracking.subdomain`, say.trackingIsIdentity(d.tracking.domain, other)));
      }
    }
    const d = domain;
    if (d.configurationSet) {
      const other = configurationSets.get(d.configurationSet.name);
      if (other !== undefined) {
        issues.push(
          errorAt(`${d.path}.configurationSet.name`, say.configurationSetTaken(d.configurationSet.name, other)),
        );
      } else {
        configurationSets.set(d.configurationSet.name, d.path);
      }
    }
  }
}
