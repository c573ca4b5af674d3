/**
 * Warnings: configs that are valid and generate fine, but that will not do what their
 * author most likely wants. Pure: a resolved config (and the raw one, for the paths where
 * values were written) in, issues of severity `warning` out. `ses-dns validate` prints them;
 * `--strict` makes them fail.
 */
import { domainRegions, hasRegionPlaceholder } from '../config/domain-regions';
import { joinPath } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import { mergeLayers } from '../config/merge';
import type { MergedSettings } from '../config/merge';
import type { ResolvedConfig, ResolvedDomain, ResolvedEnvironment, ResolvedSpf } from '../config/model';
import { isObj } from '../config/read';
import type { Obj } from '../config/read';
import { REGIONS_WITHOUT_SMTP } from '../config/regions';
import { SETTINGS_KEYS } from '../config/vocabulary';
import * as say from '../messages/config';
import { hasTokenPlaceholder } from '../records/model';
import { planDomain } from '../records/plan';
import { externalReportDomains, managedZoneOf, planReportAuthorization, reportAuthName } from '../records/report-auth';
import { domainsWithDmarc, setupWarnings } from './setup-warnings';

/** The most DNS-querying terms an SPF evaluation may use (RFC 7208 section 4.6.4). */
export const SPF_LOOKUP_LIMIT = 10;

/** SPF terms that cost a DNS lookup (RFC 7208 section 4.6.4). */
const LOOKUP_TERMS = /^[+?~-]?(include|a|mx|ptr|exists|redirect)(?=$|[:/=])/;

/** Something ses-dns does on the user's behalf that deserves a line in `validate`. */
export interface ConfigNote {
  readonly path: string;
  readonly message: string;
}

/** Warnings and notes of a config. */
export interface ConfigAdvice {
  readonly warnings: ConfigIssue[];
  readonly notes: ConfigNote[];
}

/** Every warning (and note) of `config`; `raw` locates the values where they were written. */
export function configAdvice(config: ResolvedConfig, raw: unknown): ConfigAdvice {
  const warnings: ConfigIssue[] = [];
  const notes: ConfigNote[] = [];
  const warn = (path: string, message: string) => warnings.push({ severity: 'warning', path, message });
  const layers = new RawLayers(raw);
  for (const environment of config.environments) {
    const others = config.environments.filter((e) => e !== environment);
    const settingsOf = layers.forEnvironment(environment.name);
    const withDmarc = domainsWithDmarc(environment);
    for (const domain of environment.domains) {
      checkDomain(domain, environment, others, settingsOf(domain), withDmarc, warn, notes);
    }
  }
  checkSharedDomains(config, warn);
  return { warnings: dedupe(warnings), notes: dedupeNotes(notes) };
}

/** Only the warnings of `config`. */
export function configWarnings(config: ResolvedConfig, raw: unknown): ConfigIssue[] {
  return configAdvice(config, raw).warnings;
}

/** The settings keys written in one raw layer. */
function pick(layer: unknown): Obj {
  return isObj(layer) ? Object.fromEntries(Object.entries(layer).filter(([k]) => SETTINGS_KEYS.includes(k))) : {};
}

/**
 * The raw layers of a config, read once: the layers of each domain are merged again only
 * to learn where each value was written. Domain entries are found by name through an index
 * per environment (a search of the entries for each domain made validation quadratic).
 */
class RawLayers {
  private readonly root: Obj;
  private readonly defaults: Obj;

  constructor(raw: unknown) {
    this.root = isObj(raw) ? raw : {};
    this.defaults = pick(this.root.defaults);
  }

  /** The merged settings of each domain of `environment`, with their origins. */
  forEnvironment(environment: string): (domain: ResolvedDomain) => MergedSettings {
    const envRaw = isObj(this.root.environments) ? this.root.environments[environment] : undefined;
    const envValues = pick(envRaw);
    const entries = new Map<unknown, unknown>();
    for (const entry of isObj(envRaw) && Array.isArray(envRaw.domains) ? envRaw.domains : []) {
      // The first entry of a name, as resolution takes it (a second one is an error).
      if (isObj(entry) && !entries.has(entry.name)) entries.set(entry.name, entry);
    }
    const envPath = joinPath('environments', environment);
    return (domain) =>
      mergeLayers([
        { values: this.defaults, path: 'defaults' },
        { values: envValues, path: envPath },
        { values: pick(entries.get(domain.name)), path: domain.path },
      ]);
  }
}

type Warn = (path: string, message: string) => void;

function checkDomain(
  domain: ResolvedDomain,
  environment: ResolvedEnvironment,
  others: readonly ResolvedEnvironment[],
  settings: MergedSettings,
  withDmarc: ReadonlySet<string>,
  warn: Warn,
  notes: ConfigNote[],
): void {
  const dmarc = domain.dmarc;
  if (dmarc) {
    const enforcing = dmarc.policy !== 'none';
    // RFC 7489 section 4.2: DMARC passes when SPF or DKIM passes aligned. Without a custom
    // MAIL FROM, SES's envelope sender is amazonses.com, so SPF never aligns and DKIM alone
    // carries every message: mail sent before the DKIM records verify, or whose signature
    // breaks on the way (a list footer), fails and is quarantined or rejected.
    if (enforcing && !domain.mailFrom) {
      warn(
        settings.originOf('mailFrom'),
        say.mailFromOffUnderPolicy(domain.name, dmarc.policy, settings.originOf('dmarc.policy')),
      );
    }
    // RFC 7489 section 3.1.1: strict DKIM alignment needs d= to equal the From domain. SES
    // lets a verified domain send From any of its subdomains and signs them d=<domain>
    // (the identity), so such mail fails DMARC under adkim=s.
    if (enforcing && dmarc.alignment.dkim === 'strict') {
      warn(settings.originOf('dmarc.alignment.dkim'), say.strictDkimAlignment(domain.name, dmarc.policy));
    }
    // RFC 7489 section 3.1.2: strict SPF alignment needs the MAIL FROM domain to equal the
    // From domain; a custom MAIL FROM is always a subdomain, so SPF can never align.
    if (dmarc.alignment.spf === 'strict' && domain.mailFrom) {
      warn(settings.originOf('dmarc.alignment.spf'), say.strictSpfAlignment(domain.name, domain.mailFrom.domain));
    }
    // DMARCbis (RFC 9989) removes pct and ri: receivers may ignore them.
    if (dmarc.pct !== undefined) {
      warn(settings.originOf('dmarc.pct'), say.pctRemoved(dmarc.pct));
    }
    if (dmarc.reportInterval !== undefined) {
      warn(settings.originOf('dmarc.reportInterval'), say.reportIntervalRemoved(dmarc.reportInterval));
    }
    // RFC 7489 section 7.1: reports to another organization are dropped unless it
    // authorizes them with a TXT record.
    const externals = externalReportDomains(domain, environment);
    const written = planReportAuthorization(domain, environment)?.name;
    for (const external of externals) {
      const path = `${settings.originOf(`dmarc.${external.tag}`)}[${external.index}]`;
      const name = reportAuthName(domain.name, external.reportDomain);
      if (name === written) {
        notes.push({
          path,
          message: say.reportAuthorizationWritten(domain.name, external.reportDomain, environment.name, name),
        });
      } else if (external.zone) {
        warn(path, say.reportAuthorizationByHand(domain.name, external.reportDomain, name, written));
      } else {
        const elsewhere = others.find((e) => managedZoneOf(e, name) !== undefined);
        warn(
          path,
          say.reportAuthorizationMissing(domain.name, external.reportDomain, name, environment.name, elsewhere?.name),
        );
      }
    }
  }
  // AWS's SMTP endpoint table (src/config/regions.ts): Zurich offers the SES API but no SMTP.
  for (const region of domainRegions(domain)) {
    if (REGIONS_WITHOUT_SMTP.has(region)) warn(settings.originOf('region'), say.noSmtpEndpoint(region));
  }
  regionalNotes(domain, settings, notes);
  setupWarnings(domain, withDmarc, settings, warn);
  if (domain.spf) {
    const lookups = spfLookups(domain.spf);
    if (lookups > SPF_LOOKUP_LIMIT) {
      warn(settings.originOf('spf'), say.tooManySpfLookups(domain.name, lookups, SPF_LOOKUP_LIMIT));
    }
  }
}

/**
 * What ses-dns does for a domain in several regions that deserves a line: a tracking name
 * without `{region}` serves the home region only (its CNAME names one region's host).
 */
function regionalNotes(domain: ResolvedDomain, settings: MergedSettings, notes: ConfigNote[]): void {
  const [home, ...further] = domainRegions(domain);
  if (!domain.tracking || further.length === 0 || hasRegionPlaceholder(domain.tracking.subdomain)) return;
  notes.push({
    path: settings.originOf('tracking.subdomain'),
    message: say.trackingHomeOnly(domain.name, domain.tracking.domain, home!, further),
  });
}

/** DNS lookups of a root SPF as configured: `include:amazonses.com` (unless left out) plus the stated terms. */
export function spfLookups(spf: ResolvedSpf): number {
  const ses = spf.includeAmazonSes === false ? [] : ['include:amazonses.com'];
  const terms = new Set([...ses, ...spf.include.map((d) => `include:${d}`), ...spf.mechanisms]);
  return [...terms].filter((t) => LOOKUP_TERMS.test(t)).length;
}

/**
 * The same domain in two environments, when their stacks could own the same thing: one SES
 * identity (a region in common, and accounts not known to differ), or records at the same
 * names of a zone of the same name in another DNS account or provider (the same DNS account
 * is an error already: overlap.ts). In different regions, or with different
 * `account.id`s, they are different identities, and nothing is said.
 */
function checkSharedDomains(config: ResolvedConfig, warn: Warn): void {
  const first = new Map<string, { environment: ResolvedEnvironment; domain: ResolvedDomain }[]>();
  for (const environment of config.environments) {
    for (const domain of environment.domains) {
      const earlier = first.get(domain.name) ?? [];
      first.set(domain.name, [...earlier, { environment, domain }]);
      for (const other of earlier) {
        const at = joinPath(domain.path, 'name');
        const where = other.domain.environment;
        const regions = domainRegions(domain).filter((r) => domainRegions(other.domain).includes(r));
        const a = other.environment.account?.id;
        const b = environment.account?.id;
        if (regions.length > 0 && (a === undefined || b === undefined || a === b)) {
          warn(
            at,
            say.domainInTwoEnvironments(domain.name, where, other.domain.path, regions, a === b ? a : undefined),
          );
          continue;
        }
        const names = sharedNames(other, { environment, domain });
        if (names.length > 0)
          warn(at, say.domainRecordsInTwoEnvironments(domain.name, where, other.domain.path, names.join(', ')));
      }
    }
  }
}

/**
 * The record names two environments' entries of one domain would both write in a zone of
 * the same name, when their DNS accounts differ (in one DNS account, overlap.ts refuses it).
 */
function sharedNames(
  a: { environment: ResolvedEnvironment; domain: ResolvedDomain },
  b: { environment: ResolvedEnvironment; domain: ResolvedDomain },
): string[] {
  const dns = (e: ResolvedEnvironment) => [e.dns.provider, e.dns.profile ?? '', e.dns.assumeRoleArn ?? ''].join('\n');
  const zone = (d: ResolvedDomain) => (d.zone.kind === 'id' ? `id:${d.zone.id}` : `name:${d.zone.name}`);
  if (dns(a.environment) === dns(b.environment) || zone(a.domain) !== zone(b.domain)) return [];
  const sets = (d: ResolvedDomain) =>
    new Set(
      planDomain(d)
        .filter((r) => !hasTokenPlaceholder(r.name))
        .map((r) => `${r.type} ${r.name}`),
    );
  const theirs = sets(a.domain);
  return [...sets(b.domain)].filter((set) => theirs.has(set)).sort();
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\n${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dedupeNotes(notes: ConfigNote[]): ConfigNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.path}\n${n.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
