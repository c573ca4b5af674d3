/**
 * `ses-dns adopt`: bring an existing setup under ses-dns without losing or duplicating a
 * record. Looks up what exists (live DNS; with `--aws` SES and Route 53; on Cloudflare with
 * `CLOUDFLARE_API_TOKEN` its v4 API), proposes per domain the `import:` and `keepTxt`
 * entries and the settings that let the first apply adopt it, and with `--write` writes them
 * into the config in place (src/config/edit.ts), after validating the result.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { CloudflareApiError, CloudflareUnavailableError, createCloudflareApi } from '../../adopt/cloudflare-api';
import type { CloudflareApi } from '../../adopt/cloudflare-api';
import { lookUpNames } from '../../adopt/live-dns';
import type { LiveName } from '../../adopt/live-dns';
import { createTtlLookup, lookUpTtls } from '../../adopt/live-ttl';
import type { TtlLookup } from '../../adopt/live-ttl';
import type { DomainProposal, NeedsPerson, ProposedSetting } from '../../adopt/model';
import { isAdoptable } from '../../adopt/model';
import {
  liveStepNames,
  plannedRecords,
  proposeFromLive,
  proposeFromSes,
  sesStepNames,
  ttlStepRecords,
} from '../../adopt/propose';
import type { AdoptFacts, SesStep, ZoneFacts } from '../../adopt/propose';
import type { Route53ClientFactory } from '../../adopt/route53-zones';
import type { SesIdentityFacts } from '../../adopt/ses-identity';
import { entryEdits, settingEdits } from '../../adopt/write';
import {
  ConfigEditError,
  applyEditsToValue,
  configFormat,
  editConfigText,
  parseConfigPath,
  writeConfigAtomically,
} from '../../config/edit';
import type { ConfigEdit } from '../../config/edit';
import { ConfigError } from '../../config/issues';
import type { ConfigIssue } from '../../config/issues';
import { validateConfig } from '../../checks/validate';
import { findConfigFile, readConfigFile } from '../../config/load';
import type { ResolvedConfig, ResolvedDomain, ResolvedEnvironment, ZoneRef } from '../../config/model';
import type { DnsProviderName } from '../../config/types';
import { isObj } from '../../config/read';
import * as say from '../../messages/cli';
import { hasTokenPlaceholder } from '../../records/model';
import { domainRegions, tokensKey } from '../../records/regional';
import { planReportAuthorization } from '../../records/report-auth';
import { checkRecord } from '../../verify/check';
import type { RecordCheck } from '../../verify/check';
import { createDnsLookup, DEFAULT_CONCURRENCY } from '../../verify/lookup';
import type { DnsLookup } from '../../verify/lookup';
import type { Sesv2ClientFactory } from '../../verify/ses-status';
import { runBounded } from '../../verify/verify';
import { UsageError } from '../errors';
import { readTokensFile } from '../tokens';
import { selectEnvironments } from './synth';

/** Options of {@link adopt}. */
export interface AdoptOptions {
  /** @default the first of ses-dns.yaml, ses-dns.yml, ses-dns.json, ses-dns.config.ts */
  readonly config?: string;
  /** @default every environment */
  readonly environments?: readonly string[];
  /** `HOST[:PORT]`. @default the system resolver */
  readonly resolver?: string;
  /** A tokens file, as `records --tokens` takes it. */
  readonly tokens?: string;
  /** Ask SES and Route 53 (credentials from the AWS chain). */
  readonly aws?: boolean;
  /** Write the proposal into the config. */
  readonly write?: boolean;
  /** Milliseconds per DNS try. @default 2000 */
  readonly timeoutMs?: number;
  /** DNS lookups in flight at once, as in `verify`. @default 16 */
  readonly concurrency?: number;
  /** Where CLOUDFLARE_API_TOKEN and CLOUDFLARE_BASE_URL are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** For tests: the DNS to ask instead of a resolver. */
  readonly dns?: DnsLookup;
  /**
   * For tests: where TTLs are asked instead of the resolver (src/adopt/live-ttl.ts).
   * @default the resolver's servers; none when `dns` is given (then no TTL only DNS could tell is compared)
   */
  readonly ttls?: TtlLookup;
  /** For tests: SESv2 clients backed by a mock. */
  readonly sesClients?: Sesv2ClientFactory;
  /** For tests: Route 53 clients backed by a mock. */
  readonly route53Clients?: Route53ClientFactory;
}

/** What {@link adopt} found and did. */
export interface AdoptOutcome {
  /** The config file, relative to the working folder when inside it. */
  readonly file: string;
  readonly proposals: readonly DomainProposal[];
  /** What `verify` would report per domain once the proposal is written, by domain key. */
  readonly after: ReadonlyMap<string, readonly RecordCheck[]>;
  /** The edits the proposal makes to the config file. */
  readonly edits: readonly ConfigEdit[];
  /** Whether the config file was rewritten. */
  readonly written: boolean;
  /** Every domain adoptable: nothing for a person, no id missing. */
  readonly adoptable: boolean;
}

/** The key of a domain in an environment. */
export const domainKey = (environment: string, domain: string) => `${environment}\n${domain}`;

/**
 * Runs adopt. @throws ConfigError (bad config), UsageError (bad flag, tokens file,
 * CLOUDFLARE_BASE_URL, --write on a code config), LookupError (no resolver),
 * AwsUnavailableError (--aws: SES or Route 53 cannot be asked), CloudflareUnavailableError
 * (CLOUDFLARE_API_TOKEN set: the API did not answer, or refused the token), ConfigEditError
 * (an edit the file cannot take, or the file changed meanwhile: nothing written)
 */
export async function adopt(options: AdoptOptions = {}): Promise<AdoptOutcome> {
  const env = options.env ?? process.env;
  const file = findConfigFile(options.config);
  const format = configFormat(file);
  if (options.write && format === 'code') {
    throw new UsageError(say.writeNeedsDataConfig(displayPath(file)));
  }
  const raw = readConfigFile(file);
  const full = checked(validateConfig(raw), file).config;
  const config = selectEnvironments(full, options.environments);
  const domains = config.environments.flatMap((e) => e.domains);
  const tokensFile = options.tokens ? readTokensFile(options.tokens, full) : new Map<string, string[]>();
  const dns = memoize(options.dns ?? createDnsLookup({ server: options.resolver, timeoutMs: options.timeoutMs }));
  const ttlLookup =
    options.ttls ??
    (options.dns ? undefined : createTtlLookup({ server: options.resolver, timeoutMs: options.timeoutMs }));
  const cloudflare = cloudflareClient(env);

  // Step one: SES decides names the plan is made of.
  const ses = options.aws ? await askSes(domains, options.sesClients) : undefined;
  const firstNames = domains.flatMap((d) => sesStepNames(d, ses?.get(d.name)));
  const firstLive = await lookUpNames(firstNames, dns, options.concurrency);
  const first = new Map<string, SesStep>();
  for (const environment of config.environments) {
    for (const domain of environment.domains) {
      const facts = baseFacts(raw, environment, domain, ses, firstLive);
      first.set(domainKey(environment.name, domain.name), proposeFromSes(facts));
    }
  }
  const firstEdits = [...first.entries()].flatMap(([key, step]) => settingEdits(pathOf(config, key), step.settings));
  const second = checked(validateConfig(applyEditsToValue(raw, firstEdits)), file).config;
  const selected = selectEnvironments(second, options.environments);

  // Step two: the zones and every record set of the plan.
  const zones = await zoneFacts(selected, options, cloudflare);
  const factsOf = new Map<string, AdoptFacts>();
  for (const environment of selected.environments) {
    for (const domain of environment.domains) {
      const base = baseFacts(raw, environment, domain, ses, firstLive);
      const [home, ...further] = domainRegions(domain);
      const reportZone = planReportAuthorization(domain, environment)?.zone;
      factsOf.set(domainKey(environment.name, domain.name), {
        ...base,
        tokens: identityTokens(ses?.get(domain.name), fileTokensOf(tokensFile, domain.name, home!, true)),
        // A domain in several regions: each further region's identity, by region.
        ...(further.length > 0 && {
          further: further.map((region) => {
            const fromSes = ses?.get(tokensKey(domain.name, region));
            const tokens = identityTokens(fromSes, fileTokensOf(tokensFile, domain.name, region, false));
            return { region, ...(tokens && { tokens }), ...(fromSes && { ses: fromSes }) };
          }),
        }),
        zone: zones.get(zoneKey(environment, domain.zone)) ?? {},
        // The report authorization sits in the report domain's zone, another domain's of this environment.
        ...(reportZone && { reportZone: zones.get(zoneKey(environment, reportZone)) ?? {} }),
      });
    }
  }
  const names = [...factsOf.values()].flatMap((f) => liveStepNames(f));
  const live = await lookUpNames(names, dns, options.concurrency);
  // The TTLs only DNS can tell (no listing from the provider's API): one more question per set.
  const ttlSets = [...factsOf.values()].flatMap((f) => ttlStepRecords({ ...f, live }));
  const ttls = ttlLookup ? await lookUpTtls(ttlSets, ttlLookup, options.concurrency) : undefined;
  const proposals: DomainProposal[] = [];
  for (const [key, facts] of factsOf) {
    const step = first.get(key) ?? { settings: [], people: [], notes: [] };
    const proposal = proposeFromLive({ ...facts, live, ...(ttls && { ttls }) }, step);
    proposals.push(withTokenConflict(proposal, facts, tokensFile));
  }

  // Everything at once, validated: a proposal that does not validate is not written.
  const secondEdits = proposals.flatMap((p) => [
    ...settingEdits(
      p.path,
      p.settings.filter((s) => !firstSetting(first, p, s)),
    ),
    ...entryEdits(p),
  ]);
  const edits = [...firstEdits, ...secondEdits];
  const final = validateConfig(applyEditsToValue(raw, edits));
  const errors = final.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) return refused(file, proposals, edits, errors);

  const after = await afterWrite(selectEnvironments(final.config, options.environments), factsOf, dns, options);
  const adoptable = proposals.every(isAdoptable);
  let written = false;
  if (options.write && edits.length > 0) {
    const text = readFileSync(file, 'utf8');
    try {
      writeConfigAtomically(file, editConfigText(text, format, edits), text);
    } catch (error) {
      // The messages of src/config/edit.ts follow the file's name.
      if (error instanceof ConfigEditError) throw new ConfigEditError(`${displayPath(file)} ${error.message}`);
      throw error;
    }
    written = true;
  }
  return { file: displayPath(file), proposals, after, edits, written, adoptable };
}

function checked(result: ReturnType<typeof validateConfig>, file: string) {
  if (result.issues.some((i) => i.severity === 'error')) throw new ConfigError(result.issues, file);
  return result;
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** A DnsLookup that asks each question once (adopt reads names again in its last check). */
function memoize(dns: DnsLookup): DnsLookup {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(kind: string, name: string, ask: () => Promise<T>): Promise<T> => {
    const key = `${kind}\n${name.toLowerCase()}`;
    let answer = cache.get(key) as Promise<T> | undefined;
    if (!answer) cache.set(key, (answer = ask()));
    return answer;
  };
  return {
    txt: (name) => once('TXT', name, () => dns.txt(name)),
    mx: (name) => once('MX', name, () => dns.mx(name)),
    cname: (name) => once('CNAME', name, () => dns.cname(name)),
  };
}

/** The Cloudflare API when a token is set, checking CLOUDFLARE_BASE_URL. */
function cloudflareClient(env: NodeJS.ProcessEnv): CloudflareApi | undefined {
  const token = env.CLOUDFLARE_API_TOKEN;
  if (!token) return undefined;
  return createCloudflareApi({ token, baseUrl: cloudflareBaseUrl(env) });
}

/**
 * The API base URL: `CLOUDFLARE_BASE_URL` when set (as Cloudflare's own SDK reads it), else
 * Cloudflare's. The token travels with every request: plain http only on the loopback.
 * @throws UsageError
 */
export function cloudflareBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.CLOUDFLARE_BASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(say.cloudflareBaseUrlNotUrl(raw));
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UsageError(say.cloudflareBaseUrlNotHttps(raw));
  }
  return raw.replace(/\/+$/, '');
}

async function askSes(domains: readonly ResolvedDomain[], clients: Sesv2ClientFactory | undefined) {
  const { fetchSesIdentities } = await import('../../adopt/ses-identity.js');
  const { defaultClientFactory } = await import('../../verify/ses-status.js');
  return fetchSesIdentities(domains, clients ?? (await defaultClientFactory()));
}

/** Facts every step shares: the domain and where its settings are written. */
function baseFacts(
  raw: unknown,
  environment: ResolvedEnvironment,
  domain: ResolvedDomain,
  ses: ReadonlyMap<string, SesIdentityFacts> | undefined,
  live: ReadonlyMap<string, LiveName>,
): AdoptFacts {
  return {
    environment,
    domain,
    writtenAt: (key) => writtenAt(raw, environment.name, domain.path, key),
    ses: ses?.get(domain.name),
    zone: {},
    live,
  };
}

/** Where a setting of a domain is written (entry, environment, defaults), or undefined. */
function writtenAt(raw: unknown, environment: string, domainPath: string, key: string): string | undefined {
  const root = isObj(raw) ? raw : {};
  const envRaw = isObj(root.environments) ? root.environments[environment] : undefined;
  const segments = parseConfigPath(domainPath);
  const entry = isObj(envRaw) && Array.isArray(envRaw.domains) ? envRaw.domains[segments[3] as number] : undefined;
  const layers: [unknown, string][] = [
    [entry, domainPath],
    [envRaw, `environments.${environment}`],
    [root.defaults, 'defaults'],
  ];
  for (const [layer, path] of layers) {
    let value: unknown = layer;
    for (const part of key.split('.')) value = isObj(value) ? value[part] : undefined;
    if (value !== undefined) return `${path}.${key}`;
  }
  return undefined;
}

function pathOf(config: ResolvedConfig, key: string): string {
  const [environment, name] = key.split('\n');
  const domain = config.environments.find((e) => e.name === environment)?.domains.find((d) => d.name === name);
  return domain!.path;
}

function firstSetting(first: ReadonlyMap<string, SesStep>, p: DomainProposal, s: ProposedSetting): boolean {
  return first.get(domainKey(p.environment, p.domain))?.settings.includes(s) ?? false;
}

/** The key of a zone in an environment: one lookup per zone, whichever domains it holds. */
const zoneKey = (environment: ResolvedEnvironment, zone: ZoneRef) =>
  `${environment.name}\n${zone.kind === 'id' ? `id:${zone.id}` : `name:${zone.name}`}`;

/** Zone ids (and listings) per zone of the selected environments. */
async function zoneFacts(
  config: ResolvedConfig,
  options: AdoptOptions,
  cloudflare: CloudflareApi | undefined,
): Promise<Map<string, ZoneFacts>> {
  const facts = new Map<string, ZoneFacts>();
  const route53 = options.aws ? await route53Clients(options.route53Clients) : undefined;
  // Each provider's API, by name: one line per provider, as in src/providers/registry.ts.
  const zoneFactsBy: Record<DnsProviderName, (e: ResolvedEnvironment, d: ResolvedDomain) => Promise<ZoneFacts>> = {
    route53: (environment, domain) => route53Zone(environment, domain, route53),
    cloudflare: (_environment, domain) => cloudflareZone(domain, cloudflare),
  };
  const jobs: (() => Promise<void>)[] = [];
  for (const environment of config.environments) {
    for (const domain of environment.domains) {
      const key = zoneKey(environment, domain.zone);
      if (facts.has(key)) continue;
      facts.set(key, {});
      jobs.push(async () => {
        facts.set(key, await zoneFactsBy[environment.dns.provider](environment, domain));
      });
    }
  }
  await runBounded(jobs, 4);
  return facts;
}

async function route53Clients(clients: Route53ClientFactory | undefined) {
  const module = await import('../../adopt/route53-zones.js');
  return { module, clientFor: clients ?? (await module.defaultRoute53ClientFactory()) };
}

async function route53Zone(
  environment: ResolvedEnvironment,
  domain: ResolvedDomain,
  route53: Awaited<ReturnType<typeof route53Clients>> | undefined,
): Promise<ZoneFacts> {
  const zone = domain.zone;
  const name = zone.kind === 'name' ? zone.name : undefined;
  if (!route53) {
    const ttlHow = "run adopt with --aws: Route 53 lists each record set's TTL (ListResourceRecordSets)";
    if (zone.kind === 'id') return { id: zone.id, ttlHow };
    return {
      ttlHow,
      missing: `the hosted zone id of ${name} is unknown: run adopt with --aws (ListHostedZonesByName), or write zone: { id: ... } (aws route53 list-hosted-zones-by-name --dns-name ${name})`,
    };
  }
  const client = route53.clientFor(environment.dns);
  let id = zone.kind === 'id' ? zone.id : undefined;
  if (!id) {
    const found = await route53.module.findHostedZone(client, name!).catch((error: unknown) => {
      throw route53.module.route53Unavailable('route53:ListHostedZonesByName', environment.dns, error);
    });
    if (found.state === 'absent') {
      return {
        problem: {
          what: `the DNS account has no public hosted zone named ${name}`,
          fix: `create it, or set zone to the zone that holds ${domain.name} (a name or { id })`,
        },
      };
    }
    if (found.state === 'ambiguous') {
      return {
        problem: {
          what: `the DNS account has ${found.ids!.length} public hosted zones named ${name}: ${found.ids!.join(', ')}`,
          fix: 'write zone: { id: ... } with the one the registrar delegates to',
        },
      };
    }
    id = found.id!;
  }
  try {
    return { id, listing: await route53.module.listHostedZone(client, id) };
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchHostedZone') {
      return {
        problem: {
          what: `the DNS account has no hosted zone with the id ${id}`,
          fix: `set zone to the id of the zone that holds ${domain.name} (aws route53 list-hosted-zones-by-name --dns-name ${domain.name}), or to its name`,
        },
      };
    }
    throw route53.module.route53Unavailable('route53:ListResourceRecordSets', environment.dns, error);
  }
}

async function cloudflareZone(domain: ResolvedDomain, api: CloudflareApi | undefined): Promise<ZoneFacts> {
  const zone = domain.zone;
  const name = zone.kind === 'name' ? zone.name : domain.name;
  if (!api) {
    return {
      ...(zone.kind === 'id' ? { id: zone.id } : {}),
      ttlHow: `set CLOUDFLARE_API_TOKEN (a token with Zone:Read and DNS:Read on ${name}) and run adopt again`,
      missing: `Cloudflare record ids need the API: set CLOUDFLARE_API_TOKEN (a token with Zone:Read and DNS:Read on ${name}) and run adopt again, or copy each id from the dashboard`,
    };
  }
  let id = zone.kind === 'id' ? zone.id : undefined;
  if (!id) {
    const found = await api.findZone(name).catch((error: unknown) => {
      throw cloudflareUnavailable(`the zone ${name}`, name, error);
    });
    if (found.state === 'absent') {
      return {
        problem: {
          what: `the Cloudflare token sees no zone named ${name}`,
          fix: `add the zone, give the token access to it, or set zone to the zone that holds ${domain.name}`,
        },
      };
    }
    if (found.state === 'ambiguous') {
      return {
        problem: {
          what: `the Cloudflare token sees several zones named ${name} (several accounts)`,
          fix: 'write zone: { id: ... } with the one that serves the domain',
        },
      };
    }
    id = found.id!;
  }
  try {
    return { id, listing: await api.listZone(id) };
  } catch (error) {
    throw cloudflareUnavailable(`the DNS records of the zone ${name} (id ${id})`, name, error);
  }
}

/** An API failure as "could not check"; any other error (a bug) as it is. */
function cloudflareUnavailable(what: string, zone: string, error: unknown): unknown {
  return error instanceof CloudflareApiError ? new CloudflareUnavailableError(what, zone, error) : error;
}

/** The tokens of one identity: SES's when it gave three, else the file's, with their source. */
function identityTokens(fromSes: SesIdentityFacts | undefined, fileTokens: readonly string[] | undefined) {
  const sesTokens =
    fromSes?.state === 'exists' && fromSes.dkim?.method === 'easy' && fromSes.dkim.tokens.length === 3
      ? fromSes.dkim.tokens
      : undefined;
  if (sesTokens) return { values: sesTokens, source: 'SES' };
  return fileTokens ? { values: fileTokens, source: '--tokens' } : undefined;
}

/** The tokens a tokens file gives for `domain` in `region` (a list without region is the home region's). */
function fileTokensOf(
  tokensFile: ReadonlyMap<string, readonly string[]>,
  domain: string,
  region: string,
  home: boolean,
): readonly string[] | undefined {
  return tokensFile.get(tokensKey(domain, region)) ?? (home ? tokensFile.get(tokensKey(domain)) : undefined);
}

/** A tokens file that disagrees with SES is a person's call, identity by identity. */
function withTokenConflict(
  proposal: DomainProposal,
  facts: AdoptFacts,
  tokensFile: ReadonlyMap<string, readonly string[]>,
): DomainProposal {
  const identities = [
    { region: facts.domain.region, home: true, tokens: facts.tokens },
    ...(facts.further ?? []).map((f) => ({ region: f.region, home: false, tokens: f.tokens })),
  ];
  const people: NeedsPerson[] = [];
  for (const { region, home, tokens } of identities) {
    const fileTokens = fileTokensOf(tokensFile, proposal.domain, region, home);
    if (!fileTokens || tokens?.source !== 'SES') continue;
    if (fileTokens.join(',') === tokens.values.join(',')) continue;
    const where = facts.further ? ` in ${region}` : '';
    people.push({
      what: `--tokens gives ${fileTokens.join(', ')} for ${proposal.domain}${where}, SES ${tokens.values.join(', ')}`,
      fix: "use SES's tokens (drop --tokens or fix the file): ses-dns adopted with them",
    });
  }
  return people.length === 0 ? proposal : { ...proposal, people: [...proposal.people, ...people] };
}

/** A proposal that does not validate: nothing is written, every error is a person's. */
function refused(
  file: string,
  proposals: DomainProposal[],
  edits: ConfigEdit[],
  errors: readonly ConfigIssue[],
): AdoptOutcome {
  const withErrors = proposals.map((p) => {
    const mine = errors.filter((e) => e.path === p.path || e.path.startsWith(`${p.path}.`));
    if (mine.length === 0) return p;
    return {
      ...p,
      people: [
        ...p.people,
        ...mine.map((e) => ({
          what: `the proposal does not validate: ${e.path}: ${e.message}`,
          fix: 'settle it by hand, then run adopt again',
        })),
      ],
    };
  });
  return { file: displayPath(file), proposals: withErrors, after: new Map(), edits, written: false, adoptable: false };
}

/** What verify would report once the edits are written, per domain. */
async function afterWrite(
  config: ResolvedConfig,
  factsOf: ReadonlyMap<string, AdoptFacts>,
  dns: DnsLookup,
  options: AdoptOptions,
): Promise<Map<string, RecordCheck[]>> {
  const after = new Map<string, RecordCheck[]>();
  for (const environment of config.environments) {
    for (const domain of environment.domains) {
      const key = domainKey(environment.name, domain.name);
      const facts = factsOf.get(key);
      if (!facts) continue;
      const zone = domain.zone.kind === 'name' ? domain.zone.name : domain.name;
      const records = plannedRecords({ ...facts, environment, domain }).filter((r) => !hasTokenPlaceholder(r.name));
      after.set(
        key,
        await runBounded(
          records.map((r) => () => checkRecord(environment.name, r, dns, { provider: environment.dns.provider, zone })),
          options.concurrency ?? DEFAULT_CONCURRENCY,
        ),
      );
    }
  }
  return after;
}
