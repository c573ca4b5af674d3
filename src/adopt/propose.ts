/**
 * The proposal of `ses-dns adopt` for one domain, from what SES, the DNS provider's API and
 * live DNS hold. Pure: every fact comes in, a {@link DomainProposal} goes out.
 *
 * It runs in two steps, because SES decides names the plan is made of: first
 * {@link proposeFromSes} (how SES signs, its MAIL FROM subdomain, its configuration set);
 * the command writes those into the config in memory and resolves it again; then
 * {@link proposeFromLive} reads every record set the plan manages:
 *
 * - `import:` for every object that exists, in the id format of its provider (its data,
 *   `ProviderSupport.importIdOf`): Route 53 `<zone id>_<name>_<type>`, Cloudflare
 *   `<zone id>/<record id>`; SES identity and MAIL FROM the domain;
 * - `keepTxt` for every value of others in a Route 53 TXT set ses-dns takes over (one
 *   resource owns the whole set; Cloudflare keeps each value as its own record);
 * - settings that make the plan render what is live and correct: a root SPF as it is (with or
 *   without `include:amazonses.com`), the MAIL FROM SPF's `-all`, the DMARC tags;
 * - what only a person can decide, with the fix: two SPF or DMARC records at one name, a
 *   CNAME or a foreign MX at the MAIL FROM name, Easy DKIM CNAMEs of another identity, ...
 */
import { effectiveConfigurationSetName } from '../config/configuration-set';
import type { ResolvedDomain, ResolvedEnvironment } from '../config/model';
import type { ProviderSupport } from '../providers/provider';
import { providerSupport } from '../providers/supports';
import { TXT_VALUE } from '../config/patterns';
import { renderDmarc } from '../records/dmarc';
import type { PlannedRecord } from '../records/model';
import { hasTokenPlaceholder, withTokens } from '../records/model';
import { dkimMethodFor } from '../records/dkim';
import { planDomain, planDomainInEnvironment } from '../records/plan';
import { REPORT_AUTH_ROLE } from '../records/report-auth';
import { REGION_PLACEHOLDER, addressRegionOf, domainInRegion, importKey, isMultiRegion } from '../records/regional';
import { isDmarc, isSpf, parseTags } from '../verify/compare';
import { misplacedNames } from '../verify/misplaced';
import { isOurKind } from '../verify/takeover';
import type { LiveName } from './live-dns';
import { NOTHING } from './live-dns';
import type { AnsweredTtl } from './live-ttl';
import { ttlKey } from './live-ttl';
import type { DomainProposal, MissingId, NeedsPerson, ProposedImport, ProposedKeep, ProposedSetting } from './model';
import { dmarcChanges, readDmarc, readMailFromSpf, readRootSpf } from './read-live';
import type { SesIdentityFacts } from './ses-identity';
import type { ComparedTtl, TtlUnread } from './ttl';
import { readLiveTtl, ttlReport, unreadNotes } from './ttl';
import type { ZoneListing, ZoneRecord } from './zone-listing';
import { hostName, txtText } from './zone-listing';

/** What is known of the zone that holds a domain's records. */
export interface ZoneFacts {
  /** The provider's zone id, when known. */
  readonly id?: string;
  /** Why the id is unknown and how to get it (a sentence), when it is. */
  readonly missing?: string;
  /** Something a person must settle first (two zones of that name, no zone of that name). */
  readonly problem?: NeedsPerson;
  /** The zone's records as the provider's API lists them (Cloudflare, or Route 53 with --aws). */
  readonly listing?: ZoneListing;
  /**
   * How to have the zone's TTLs read from the provider's API, when adopt did not read its
   * listing (a sentence), for the note on TTLs not compared.
   * @default none
   */
  readonly ttlHow?: string;
}

/** Everything adopt knows about one domain. */
export interface AdoptFacts {
  readonly environment: ResolvedEnvironment;
  readonly domain: ResolvedDomain;
  /**
   * Where the user wrote a setting of this domain (`dkim`, `mailFrom.subdomain`), at any
   * layer, or undefined when it is a built-in default.
   */
  readonly writtenAt: (key: string) => string | undefined;
  /** Easy DKIM tokens in SES's order, and where they came from. */
  readonly tokens?: { readonly values: readonly string[]; readonly source: string };
  /** SES's answer; undefined when SES was not asked (no --aws). */
  readonly ses?: SesIdentityFacts;
  /**
   * For a domain in several SES regions: what is known of each further region's identity
   * (its tokens, SES's answer), the home region's being `tokens` and `ses`.
   * @default none
   */
  readonly further?: readonly FurtherRegionFacts[];
  readonly zone: ZoneFacts;
  /**
   * The zone that holds the domain's DMARC report authorization
   * (`<domain>._report._dmarc.<report domain>`): another domain's zone of the environment,
   * when the plan has that record.
   * @default none
   */
  readonly reportZone?: ZoneFacts;
  /** Live DNS by name (lowercase, no trailing dot). */
  readonly live: ReadonlyMap<string, LiveName>;
  /**
   * The TTLs DNS gave for the record sets {@link ttlStepRecords} lists, by `ttlKey(name, type)`.
   * @default not asked (a test's own DnsLookup): nothing is said of the TTLs only DNS could tell
   */
  readonly ttls?: ReadonlyMap<string, AnsweredTtl>;
}

/** What adopt knows of the identity of a domain in one further SES region. */
export interface FurtherRegionFacts {
  readonly region: string;
  /** Easy DKIM tokens of this region's identity, and where they came from. */
  readonly tokens?: { readonly values: readonly string[]; readonly source: string };
  /** SES's answer in this region; undefined when SES was not asked. */
  readonly ses?: SesIdentityFacts;
}

/** The tokens of the identity `record` serves: the home region's, or a further region's. */
function tokensOfRecord(facts: AdoptFacts, record: PlannedRecord): readonly string[] {
  const region = addressRegionOf(record);
  if (region === undefined) return facts.tokens?.values ?? [];
  return facts.further?.find((f) => f.region === region)?.tokens?.values ?? [];
}

/** Settings, people and notes of the first step. */
export interface SesStep {
  readonly settings: ProposedSetting[];
  readonly people: NeedsPerson[];
  readonly notes: string[];
}

const REJECT = { USE_DEFAULT_VALUE: 'use-default', REJECT_MESSAGE: 'reject-message' } as const;

/** The names the first step reads in DNS besides the plan's: a BYODKIM selector of SES. */
export function sesStepNames(domain: ResolvedDomain, ses: SesIdentityFacts | undefined): string[] {
  return ses?.dkim?.method === 'byodkim' && ses.dkim.tokens[0]
    ? [`${ses.dkim.tokens[0]}._domainkey.${domain.name}`]
    : [];
}

/**
 * Step one: what SES decides. Settings here change names the plan is made of (the MAIL FROM
 * subdomain, the BYODKIM selector), so they are written before the records are read.
 */
export function proposeFromSes(facts: AdoptFacts): SesStep {
  const step: SesStep = { settings: [], people: [], notes: [] };
  const { ses } = facts;
  if (!ses || ses.state !== 'exists') return step;
  sesDkim(facts, ses, step);
  sesMailFrom(facts, ses, step);
  sesConfigurationSet(facts, ses, step);
  return step;
}

function sesDkim(facts: AdoptFacts, ses: SesIdentityFacts, step: SesStep): void {
  const { domain } = facts;
  const dkim = ses.dkim;
  if (!dkim) return;
  const written = facts.writtenAt('dkim');
  const planned = dkimMethodFor(domain.dkim);
  if (dkim.method === 'byodkim') {
    const selector = dkim.tokens[0] ?? '';
    if (planned.selector !== undefined) {
      if (planned.selector !== selector) {
        step.people.push({
          what: `SES signs ${domain.name} with BYODKIM selector ${selector}, the config with selector ${planned.selector} (${written})`,
          fix: `set dkim.selector to ${selector}, or switch SES to the new selector yourself first`,
        });
      }
      return;
    }
    if (written) {
      step.people.push({
        what: `SES signs ${domain.name} with BYODKIM (selector ${selector}); the config asks Easy DKIM at ${written}`,
        fix: `write dkim: { type: byodkim, selector: ${selector}, publicKey: ... } to keep it, or keep Easy DKIM and expect the first apply to switch SES to new keys`,
      });
      return;
    }
    const name = `${selector}._domainkey.${domain.name}`;
    const key = (facts.live.get(name) ?? NOTHING).txt.map((v) => parseTags(v).get('p')).find((p) => p);
    if (!key) {
      step.people.push({
        what: `SES signs ${domain.name} with BYODKIM (selector ${selector}), but ${name} publishes no key`,
        fix: `publish the public key there, or write dkim: { type: byodkim, selector: ${selector}, publicKey: ... } by hand`,
      });
      return;
    }
    step.settings.push({
      key: 'dkim',
      value: { type: 'byodkim', selector, publicKey: key.replace(/\s+/g, '') },
      was: { type: 'easy' },
      why: `SES signs with BYODKIM, selector ${selector}; the public key is the one live at ${name} (supply the private key at apply time: TF_VAR_<domain>__dkim_private_key)`,
    });
    return;
  }
  if (!planned.usesTokens) {
    step.people.push({
      what: `SES signs ${domain.name} with Easy DKIM; the config asks BYODKIM (selector ${planned.selector}, ${written})`,
      fix: 'write dkim: { type: easy } to keep Easy DKIM, or keep BYODKIM and expect the first apply to switch SES to your key',
    });
  }
}

/**
 * The `mailFrom.subdomain` that gives SES's MAIL FROM `subdomain` in the domain's home
 * region: itself, or for a domain in several regions, with the region written as
 * `{region}` (undefined when it does not hold the region, so no one subdomain fits).
 */
function subdomainFor(domain: ResolvedDomain, subdomain: string): string | undefined {
  if (!isMultiRegion(domain)) return subdomain;
  return subdomain.includes(domain.region) ? subdomain.split(domain.region).join(REGION_PLACEHOLDER) : undefined;
}

function sesMailFrom(facts: AdoptFacts, ses: SesIdentityFacts, step: SesStep): void {
  const { domain } = facts;
  const live = ses.mailFrom;
  if (!live) return;
  if (!domain.mailFrom) {
    step.notes.push(
      `SES uses the custom MAIL FROM ${live.domain}, but the config switches mailFrom off: ses-dns leaves it and its records as they are`,
    );
    return;
  }
  if (!live.domain.endsWith(`.${domain.name}`)) return;
  const subdomain = live.domain.slice(0, -domain.name.length - 1);
  // Compared as names: a domain in several regions writes its subdomain with {region}.
  if (live.domain !== domain.mailFrom.domain) {
    const written = facts.writtenAt('mailFrom.subdomain');
    const value = subdomainFor(domain, subdomain);
    if (written || value === undefined) {
      step.people.push({
        what: `SES uses the MAIL FROM ${live.domain}; the config asks ${domain.mailFrom.domain} (${written ?? 'the default'})`,
        fix: `set mailFrom.subdomain to ${value ?? `a name with {region} that gives ${subdomain} in ${domain.region}`} to keep it, or keep ${domain.mailFrom.subdomain} and expect the first apply to move SES's MAIL FROM (its records at ${live.domain} then stay unmanaged)`,
      });
    } else {
      step.settings.push({
        key: 'mailFrom.subdomain',
        value,
        was: domain.mailFrom.subdomain,
        why: `SES's custom MAIL FROM is ${live.domain}`,
      });
    }
  }
  const behavior = live.behaviorOnMxFailure ? REJECT[live.behaviorOnMxFailure as keyof typeof REJECT] : undefined;
  if (behavior && behavior !== domain.mailFrom.onMxFailure) {
    step.settings.push({
      key: 'mailFrom.onMxFailure',
      value: behavior,
      was: domain.mailFrom.onMxFailure,
      wasAt: facts.writtenAt('mailFrom.onMxFailure'),
      why: `SES's MAIL FROM behaviour on MX failure is ${live.behaviorOnMxFailure}`,
    });
  }
}

function sesConfigurationSet(facts: AdoptFacts, ses: SesIdentityFacts, step: SesStep): void {
  const { domain } = facts;
  const live = ses.configurationSet;
  if (!live) return;
  const planned = effectiveConfigurationSetName(domain);
  if (planned === live) return;
  if (planned === undefined) {
    step.settings.push({
      key: 'configurationSet',
      value: { name: live },
      was: false,
      why: `SES sends ${domain.name} through configuration set ${live} by default; without it in the config, the first apply would detach it (ses-dns then manages the set: read the plan for any setting it changes)`,
    });
    return;
  }
  const written = facts.writtenAt('configurationSet.name');
  if (written) {
    step.people.push({
      what: `SES sends ${domain.name} through configuration set ${live}; the config names ${planned} (${written})`,
      fix: `set configurationSet.name to ${live} to keep it, or keep ${planned} and expect the first apply to attach that set instead`,
    });
    return;
  }
  step.settings.push({
    key: 'configurationSet.name',
    value: live,
    was: planned,
    why: `SES sends ${domain.name} through configuration set ${live} by default`,
  });
}

/** The records of the domain's plan, Easy DKIM tokens filled in where known. */
export function plannedRecords(facts: AdoptFacts): PlannedRecord[] {
  return [...planDomain(facts.domain), ...planDomainInEnvironment(facts.domain, facts.environment)].map((r) =>
    withTokens(r, () => tokensOfRecord(facts, r)),
  );
}

/** Every name step two reads in DNS: the plan's, and where a DKIM record may sit misplaced. */
export function liveStepNames(facts: AdoptFacts): string[] {
  const zone = facts.domain.zone.kind === 'name' ? facts.domain.zone.name : facts.domain.name;
  return plannedRecords(facts)
    .filter((r) => !hasTokenPlaceholder(r.name))
    .flatMap((r) => [r.name, ...(r.role.startsWith('dkim-') ? misplacedNames(r.name, zone) : [])]);
}

/**
 * The live record sets of the plan whose TTL only DNS can tell: the vendor has no automatic
 * TTL (so an answer can show each of its TTLs) and the listing of the zone from its API, if
 * adopt read one, does not give the set's TTL (no listing, a listing cut short, an alias).
 * Read after the names are looked up (`facts.live`).
 */
export function ttlStepRecords(facts: AdoptFacts): PlannedRecord[] {
  if (providerSupport(facts.environment.dns.provider).ttl.auto !== false) return [];
  return plannedRecords(facts).filter((r) => {
    if (hasTokenPlaceholder(r.name)) return false;
    const zone = r.role === REPORT_AUTH_ROLE ? facts.reportZone : facts.zone;
    const set = zone?.listing?.records.find((z) => z.name === hostName(r.name) && z.type === r.type);
    if (set?.ttl !== undefined) return false;
    const live = facts.live.get(hostName(r.name)) ?? NOTHING;
    return (r.type === 'CNAME' ? live.cname : r.type === 'MX' ? live.mx : live.txt).length > 0;
  });
}

/** Step two: every record set of the plan against what is live. */
export function proposeFromLive(facts: AdoptFacts, first: SesStep): DomainProposal {
  const { domain, environment } = facts;
  const draft = new Draft(facts);
  draft.sesResources();
  const records = plannedRecords(facts);
  draft.dkimTokens(records);
  for (const record of records) {
    if (hasTokenPlaceholder(record.name)) continue;
    switch (record.type) {
      case 'CNAME':
        draft.cname(record);
        break;
      case 'MX':
        draft.mx(record);
        break;
      case 'TXT':
        draft.txt(record);
        break;
    }
  }
  draft.otherIdentities();
  draft.existingImports();
  const ttl = ttlReport(domain, draft.support, facts.writtenAt('ttl'), draft.ttlCompared);
  const ttlNotes = unreadNotes(draft.support, draft.ttlUnread, facts.zone.ttlHow);
  return {
    environment: environment.name,
    provider: environment.dns.provider,
    domain: domain.name,
    path: domain.path,
    imports: draft.imports,
    // DNS answers in any order: sorted, so the same zone always gives the same config.
    keepTxt: [...draft.keep].sort((a, b) => compare(a.name, b.name) || compare(a.value, b.value)),
    settings: [...first.settings, ...draft.settings],
    // The MX and the SPF of the MAIL FROM name can both find its CNAME: say it once.
    people: [...first.people, ...draft.people].filter((p, i, all) => all.findIndex((q) => q.what === p.what) === i),
    missing: draft.missing,
    creates: draft.creates,
    notes: [...first.notes, ...draft.notes, ...ttlNotes],
    ttl,
  };
}

/** The proposal under construction, with a method per kind of record. */
class Draft {
  readonly imports: ProposedImport[] = [];
  readonly keep: ProposedKeep[] = [];
  readonly settings: ProposedSetting[] = [];
  readonly people: NeedsPerson[] = [];
  readonly missing: MissingId[] = [];
  readonly creates: string[] = [];
  readonly notes: string[] = [];
  /** The adopted record sets whose live TTL was read, and those whose TTL could not be. */
  readonly ttlCompared: ComparedTtl[] = [];
  readonly ttlUnread: { readonly record: PlannedRecord; readonly why: TtlUnread }[] = [];
  private readonly domain: ResolvedDomain;
  /** What the environment's DNS provider supports: how its import ids are made, how TXT sets are kept, its TTLs. */
  readonly support: ProviderSupport;

  constructor(private readonly facts: AdoptFacts) {
    this.domain = facts.domain;
    this.support = providerSupport(facts.environment.dns.provider);
    if (facts.zone.problem) this.people.push(facts.zone.problem);
  }

  private live(name: string): LiveName {
    return this.facts.live.get(hostName(name)) ?? NOTHING;
  }

  /**
   * What is known of the zone that holds `record`: the domain's own, or for the report
   * authorization the report domain's.
   */
  private zoneOf(record: PlannedRecord): ZoneFacts {
    return record.role === REPORT_AUTH_ROLE ? (this.facts.reportZone ?? {}) : this.facts.zone;
  }

  /** The listing's records at `name` of `type` in `zone`, when the provider's API was read. */
  private listed(name: string, type: string, zone: ZoneFacts = this.facts.zone): ZoneRecord[] | undefined {
    const listing = zone.listing;
    if (!listing) return undefined;
    return listing.records.filter((r) => r.name === hostName(name) && r.type === type);
  }

  private relative(name: string): string {
    return name === this.domain.name ? '@' : name.slice(0, -this.domain.name.length - 1);
  }

  /** Adopts the record set (Route 53) or the one record (Cloudflare) of `record`. */
  private adopt(record: PlannedRecord, why: string, match?: (r: ZoneRecord) => boolean): void {
    const role = record.role;
    // A further region's record is adopted under its region (`import.us-east-2.dkim-0`).
    const region = addressRegionOf(record);
    const entry = `import.${importKey(role, region)}`;
    const zone = this.zoneOf(record);
    const byRecord = this.support.importIdFrom === 'record';
    const candidates = (this.listed(record.name, record.type, zone) ?? []).filter((r) => r.id && (!match || match(r)));
    // The TTL of what is taken over: the set (Route 53), or the one record adopted (Cloudflare).
    // A Cloudflare record the listing does not single out has no id either: that is said already.
    if (!byRecord) this.compareTtl(record, this.listed(record.name, record.type, zone)?.[0]);
    else if (!zone.listing || candidates.length === 1) this.compareTtl(record, candidates[0]);
    if (!zone.id || (byRecord && !zone.listing)) {
      // A problem of another domain's zone is that domain's to settle; here it only explains the id.
      const how = zone.missing ?? (zone.problem ? `${zone.problem.what}: ${zone.problem.fix}` : undefined);
      this.missing.push({ what: entry, how: how ?? this.support.importIdUnknown });
      return;
    }
    if (!byRecord) {
      this.imports.push({ role, ...(region && { region }), id: this.support.importIdOf(zone.id, record), why });
      return;
    }
    if (candidates.length !== 1) {
      this.missing.push({
        what: entry,
        how: `DNS shows ${record.type} ${record.name}, but the ${this.support.title} API lists ${candidates.length} matching records: look its id up in the dashboard`,
      });
      return;
    }
    const id = this.support.importIdOf(zone.id, record, candidates[0]!.id!);
    this.imports.push({ role, ...(region && { region }), id, why });
  }

  /** Reads the live TTL of an adopted record set (see src/adopt/ttl.ts) and keeps it for the report. */
  private compareTtl(record: PlannedRecord, listed: ZoneRecord | undefined): void {
    const answered = this.facts.ttls?.get(ttlKey(record.name, record.type));
    const live = readLiveTtl(this.support, listed, answered);
    if (typeof live === 'object') this.ttlCompared.push({ record, live });
    // Without TTLs asked (a test's own DnsLookup), nothing is said of those only DNS could tell.
    else if (live !== 'unanswered' || this.facts.ttls) this.ttlUnread.push({ record, why: live });
  }

  /**
   * The SES identity, its MAIL FROM and configuration set: adopted when SES has them; for a
   * domain in several regions, those of each region (a further region's under its name).
   */
  sesResources(): void {
    this.sesResourcesIn(this.domain, this.facts.ses, undefined);
    for (const further of this.facts.further ?? []) {
      const view = domainInRegion(this.domain, further.region)?.domain;
      if (view) this.sesResourcesIn(view, further.ses, further.region);
    }
  }

  /** The SES resources of the identity of `domain` (as seen from its region): see {@link sesResources}. */
  private sesResourcesIn(domain: ResolvedDomain, ses: SesIdentityFacts | undefined, further: string | undefined): void {
    const region = further ? { region: further } : {};
    const roles = ['identity', ...(domain.mailFrom ? ['mail-from'] : [])];
    const setName = effectiveConfigurationSetName(domain);
    if (setName !== undefined) roles.push('configuration-set');
    if (!ses) {
      for (const role of roles) {
        this.missing.push({
          what: `import.${importKey(role, further)}`,
          how: `whether SES already has it is unknown: run adopt with --aws (GetEmailIdentity in ${domain.region}, with credentials of the SES account)`,
        });
      }
      return;
    }
    if (ses.state === 'absent') {
      this.creates.push(`SES identity ${domain.name} (${domain.region})`);
      return;
    }
    this.imports.push({
      role: 'identity',
      ...region,
      id: domain.name,
      why: `SES has the identity in ${domain.region}`,
    });
    if (domain.mailFrom) {
      if (ses.mailFrom?.domain === domain.mailFrom.domain) {
        this.imports.push({
          role: 'mail-from',
          ...region,
          id: domain.name,
          why: `SES's custom MAIL FROM is ${ses.mailFrom.domain}`,
        });
      } else if (further && ses.mailFrom) {
        // The home region's MAIL FROM is settled in step one; a further region's must match the config.
        this.people.push({
          what: `SES uses the MAIL FROM ${ses.mailFrom.domain} for ${domain.name} in ${domain.region}; the config asks ${domain.mailFrom.domain} there`,
          fix: `write mailFrom.subdomain so that it gives ${ses.mailFrom.domain} in ${domain.region}, or expect the first apply to move SES's MAIL FROM there (its records at ${ses.mailFrom.domain} then stay unmanaged)`,
        });
      }
    }
    if (setName !== undefined && ses.configurationSet === setName) {
      this.imports.push({
        role: 'configuration-set',
        ...region,
        id: setName,
        why: `SES sends through configuration set ${setName}${further ? ` in ${further}` : ''}`,
      });
    }
  }

  /** Easy DKIM without known tokens: the DKIM ids cannot be known. */
  dkimTokens(records: readonly PlannedRecord[]): void {
    const unknown = records.filter((r) => hasTokenPlaceholder(r.name));
    if (unknown.length === 0) return;
    // One line per identity: a domain in several regions has tokens per region.
    const regions = [...new Set(unknown.map((r) => addressRegionOf(r)))];
    for (const region of regions) {
      const own = unknown.filter((r) => addressRegionOf(r) === region);
      const ses = region === undefined ? this.facts.ses : this.facts.further?.find((f) => f.region === region)?.ses;
      const where = region === undefined ? '' : ` in ${region}`;
      if (ses?.state === 'absent') {
        this.creates.push(`3 Easy DKIM CNAMEs${where} (SES makes the tokens when the identity is created)`);
        continue;
      }
      this.missing.push({
        what: own.map((r) => `import.${importKey(r.role, region)}`).join(', '),
        how: `the Easy DKIM tokens${where} are unknown, so whether their CNAMEs exist is too: run adopt with --aws (SES gives the tokens in its order), or --tokens FILE`,
      });
    }
  }

  cname(record: PlannedRecord): void {
    const live = this.live(record.name);
    const listed = this.listed(record.name, 'CNAME') ?? [];
    const target = live.cname[0] ?? (listed[0] ? hostName(listed[0].values[0] ?? '') : undefined);
    if (target === undefined) {
      if (record.role.startsWith('dkim-')) this.misplaced(record);
      this.creates.push(`CNAME ${record.name}`);
      return;
    }
    const proxied = listed.some((r) => r.proxied);
    if (proxied) {
      this.notes.push(
        `${record.name} goes through Cloudflare's proxy, which hides the CNAME from receivers: the first apply sets proxied = false`,
      );
    }
    if (target === hostName(record.value)) {
      this.adopt(record, `CNAME to ${target}`);
      return;
    }
    if (record.role === 'tracking') {
      this.people.push({
        what: `${record.name} points at ${target}, not at SES's tracking host ${record.value} (a CDN in front of it for HTTPS?)`,
        fix: `keep it: set tracking: false and leave the record to its owner; or point it at ${record.value} yourself, then run adopt again`,
      });
      return;
    }
    const token = record.name.split('.')[0]!;
    const host = target.startsWith(`${token}.`) ? target.slice(token.length + 1) : undefined;
    const planned = hostName(record.value).slice(token.length + 1);
    if (host && host.endsWith('amazonses.com')) {
      const signing = this.sesOf(record)?.dkim?.signingHostedZone;
      const confirmed = signing ? hostName(signing) === host : false;
      if (confirmed) {
        if (!this.settings.some((s) => s.key === 'dkim.host')) {
          this.settings.push({
            key: 'dkim.host',
            value: host,
            was: planned,
            why: `the Easy DKIM CNAMEs point at ${host}, the zone SES signs from (SigningHostedZone)`,
          });
        }
        this.adopt(record, `CNAME to ${target}`);
        return;
      }
      this.people.push({
        what: `${record.name} points at ${target}; for region ${record.region ?? this.domain.region} ses-dns expects ${record.value}`,
        fix: `if the identity lives in another region, set region; if SES signs from ${host}, set dkim.host: ${host} (run adopt --aws to confirm it from SES)`,
      });
      return;
    }
    this.adopt(record, `CNAME to ${target}`);
    this.notes.push(`${record.name} points at ${target}: the first apply points it at ${record.value}`);
  }

  /** SES's answer for the identity `record` serves: the home region's, or a further region's. */
  private sesOf(record: PlannedRecord): SesIdentityFacts | undefined {
    const region = addressRegionOf(record);
    return region === undefined ? this.facts.ses : this.facts.further?.find((f) => f.region === region)?.ses;
  }

  /** A DKIM CNAME missing at its name but live one label too deep. */
  private misplaced(record: PlannedRecord): void {
    const zone = this.domain.zone.kind === 'name' ? this.domain.zone.name : this.domain.name;
    for (const name of misplacedNames(record.name, zone)) {
      if (this.live(name).cname.length > 0) {
        this.notes.push(
          `${record.role}: a copy sits at ${name}, one label too deep, where nothing reads it: delete it; the first apply creates ${record.name}`,
        );
        return;
      }
    }
  }

  mx(record: PlannedRecord): void {
    const live = this.live(record.name);
    if (live.cname.length > 0) {
      this.people.push({
        what: `the MAIL FROM name ${record.name} is a CNAME to ${live.cname.join(', ')}`,
        fix: `SES requires no CNAME there (it hides the MX and SPF): remove the CNAME (and whatever it served), or choose another mailFrom.subdomain, such as bounce`,
      });
      return;
    }
    const planned = hostName(record.value);
    const sesFeedback = (host: string) => /^feedback-smtp\.[a-z0-9-]+\.amazonses\.com$/.test(host);
    const foreign = live.mx.filter((m) => !sesFeedback(m.exchange));
    if (foreign.length > 0) {
      this.people.push({
        what: `a foreign MX at the MAIL FROM name ${record.name}: ${foreign.map((m) => `${m.priority} ${m.exchange}`).join(', ')}`,
        fix: 'that name receives other mail, and SES needs one that receives none: choose another mailFrom.subdomain, such as bounce',
      });
      return;
    }
    if (live.mx.length === 0) {
      this.creates.push(`MX ${record.name}`);
      return;
    }
    if (live.mx.length > 1) {
      this.notes.push(`${record.name} holds ${live.mx.length} MX records: the first apply leaves exactly one`);
    }
    const ours = live.mx.find((m) => m.exchange === planned);
    if (!ours) {
      this.notes.push(`${record.name} points at ${live.mx[0]!.exchange}: the first apply points it at ${planned}`);
    } else if (ours.priority !== (record.priority ?? 10)) {
      this.notes.push(
        `the MX at ${record.name} has priority ${ours.priority}: the first apply sets ${record.priority ?? 10}`,
      );
    }
    this.adopt(record, `MX ${live.mx.map((m) => `${m.priority} ${m.exchange}`).join(', ')}`, (r) =>
      ours ? hostName((r.values[0] ?? '').replace(/^\d+\s+/, '')) === planned : true,
    );
  }

  txt(record: PlannedRecord): void {
    const live = this.live(record.name);
    if (live.cname.length > 0) {
      const mailFrom = record.role === 'mail-from-spf';
      this.people.push({
        what: `${mailFrom ? 'the MAIL FROM name ' : ''}${record.name} is a CNAME to ${live.cname.join(', ')}`,
        fix: mailFrom
          ? 'SES requires no CNAME there (it hides the MX and SPF): remove the CNAME (and whatever it served), or choose another mailFrom.subdomain, such as bounce'
          : `no TXT record can sit beside a CNAME (RFC 1034 section 3.6.2): remove the CNAME, or leave ${record.role} to it by switching the feature off`,
      });
      return;
    }
    const values = live.txt;
    if (values.length === 0) {
      this.creates.push(`TXT ${record.name}`);
      return;
    }
    if (record.role === REPORT_AUTH_ROLE) {
      this.reportAuthorization(record, values);
      return;
    }
    const ours = values.filter((v) => isOurKind(record, v));
    const others = values.filter((v) => !isOurKind(record, v));
    if (ours.length > 1) {
      const kind = isSpf(record.value) ? 'SPF' : record.role === 'dkim' ? 'DKIM key' : 'DMARC';
      const rule = kind === 'SPF' ? 'RFC 7208 section 4.5' : kind === 'DMARC' ? 'RFC 7489 section 6.6.3' : 'RFC 6376';
      this.people.push({
        what: `${ours.length} ${kind} records at ${record.name}: ${[...ours]
          .sort()
          .map((v) => JSON.stringify(v))
          .join(', ')}; receivers treat that as an error (${rule})`,
        fix: `merge them into one and delete the others, then run adopt again (ses-dns adopts the one that is left)`,
      });
      return;
    }
    if (ours.length === 1) this.readOurs(record, ours[0]!);
    if (this.support.keptTxt === 'in-set') {
      this.keepOthers(record, others);
      this.adopt(record, `TXT set of ${values.length} value${values.length === 1 ? '' : 's'}`);
      // Our value joins the adopted set: the first apply writes it there.
      if (ours.length === 0) this.creates.push(`TXT ${record.name} (our value, in the adopted set)`);
      return;
    }
    // Cloudflare: values of others are records of their own (kept apart); only ours is adopted.
    if (ours.length === 0) {
      this.creates.push(`TXT ${record.name}`);
      return;
    }
    const text = ours[0]!;
    this.adopt(record, `TXT ${JSON.stringify(text)}`, (r) => txtText(r.values[0] ?? '') === text);
  }

  /**
   * The DMARC report authorization, live in the report domain's zone: adopted when it holds
   * exactly what ses-dns writes (`v=DMARC1`, alone). Anything else there is a person's call:
   * the apply would replace the set (Route 53) or add ours beside it (Cloudflare), and a
   * longer record may redirect the reports (an `rua=` tag, RFC 7489 section 7.1), which
   * ses-dns does not write.
   */
  private reportAuthorization(record: PlannedRecord, values: readonly string[]): void {
    if (values.length === 1 && values[0] === record.value) {
      this.adopt(record, `TXT ${JSON.stringify(record.value)}`, (r) => txtText(r.values[0] ?? '') === record.value);
      return;
    }
    const quoted = values.map((v) => JSON.stringify(v)).join(', ');
    this.people.push({
      what: `${record.name} holds ${quoted}, not only the ${JSON.stringify(record.value)} that ses-dns writes there (the authorization for ${record.domain}'s DMARC reports)`,
      fix: `rewrite it by hand as the one value "v=DMARC1" (if it sends the reports on with rua=, put that address in dmarc.rua of ${record.domain} first) and move any other value off that name, then run adopt again (it then proposes import.${REPORT_AUTH_ROLE}); or send the reports of ${record.domain} within its own organization, so that ses-dns writes no authorization`,
    });
  }

  /** The settings that make our record mean what the live one of our kind means. */
  private readOurs(record: PlannedRecord, text: string): void {
    const person = (problems: readonly string[], what: string) => {
      for (const problem of problems)
        this.people.push({
          what: `${what} at ${record.name}: ${problem}`,
          fix: `write it so ses-dns can express it, or settle it by hand, then run adopt again`,
        });
    };
    if (record.role === 'spf' && this.domain.spf) {
      const reading = readRootSpf(text);
      person(reading.problems, `the root SPF ${JSON.stringify(text)}`);
      this.notes.push(...reading.notes.map((n) => `the root SPF of ${this.domain.name}: ${n}`));
      if (!reading.values) return;
      const spf = this.domain.spf;
      const live = reading.values;
      const set = (key: string, value: unknown, was: unknown) =>
        this.settings.push({
          key: `spf.${key}`,
          value,
          was,
          wasAt: this.facts.writtenAt(`spf.${key}`),
          why: `the live root SPF is ${JSON.stringify(text)}`,
        });
      if ((spf.includeAmazonSes !== false) !== live.includeAmazonSes)
        set('includeAmazonSes', live.includeAmazonSes, spf.includeAmazonSes !== false);
      if (!sameSet(spf.include, live.include)) set('include', [...live.include], [...spf.include]);
      if (!sameSet(spf.mechanisms, live.mechanisms)) set('mechanisms', [...live.mechanisms], [...spf.mechanisms]);
      if (spf.all !== live.all) set('all', live.all, spf.all);
      return;
    }
    if (record.role === 'mail-from-spf' && this.domain.mailFrom) {
      const reading = readMailFromSpf(text);
      person(reading.problems, `the MAIL FROM SPF ${JSON.stringify(text)}`);
      if (!reading.values) return;
      if (reading.values.lacksSes) {
        this.notes.push(`the MAIL FROM SPF at ${record.name} does not include amazonses.com: the first apply adds it`);
      }
      const was = this.domain.mailFrom.spfAll ?? 'softfail';
      if (reading.values.spfAll !== was) {
        this.settings.push({
          key: 'mailFrom.spfAll',
          value: reading.values.spfAll,
          was,
          wasAt: this.facts.writtenAt('mailFrom.spfAll'),
          why: `the live MAIL FROM SPF is ${JSON.stringify(text)}`,
        });
      }
      return;
    }
    if (record.role === 'dmarc' && this.domain.dmarc && isDmarc(text)) {
      const reading = readDmarc(text);
      person(reading.problems, `the DMARC record ${JSON.stringify(text)}`);
      if (!reading.values) return;
      for (const change of dmarcChanges(this.domain.dmarc, reading.values)) {
        this.settings.push({
          key: `dmarc.${change.key}`,
          value: change.value,
          was: change.was,
          wasAt: this.facts.writtenAt(`dmarc.${change.key}`),
          why: `the live DMARC record is ${JSON.stringify(text)} (the config would write ${JSON.stringify(renderDmarc(this.domain.dmarc))})`,
        });
      }
      return;
    }
    if (record.role === 'dkim') {
      const want = parseTags(record.value).get('p');
      const have = (parseTags(text).get('p') ?? '').replace(/\s+/g, '');
      if (want !== have) {
        this.people.push({
          what: `${record.name} publishes another public key than dkim.publicKey`,
          fix: "publish the config's key there first (or put the live key in dkim.publicKey): the first apply would replace it and break the signatures of mail in flight",
        });
      }
    }
  }

  /** Route 53: the values of others in a set we take over, as keepTxt entries. */
  private keepOthers(record: PlannedRecord, others: readonly string[]): void {
    if (others.length === 0) return;
    if (record.role === 'dkim') {
      this.people.push({
        what: `${record.name} also holds ${others.map((v) => JSON.stringify(v)).join(', ')}`,
        fix: 'a DKIM name holds one record: move the other values elsewhere, then run adopt again',
      });
      return;
    }
    const kept = new Set((this.domain.keepTxt ?? []).filter((k) => k.name === record.name).map((k) => k.value));
    for (const value of others) {
      if (kept.has(value)) continue;
      if (!new RegExp(TXT_VALUE).test(value)) {
        this.people.push({
          what: `${record.name} holds ${JSON.stringify(value)}, which keepTxt cannot hold (quotes, backslashes or non-ASCII characters)${/^"?v=spf1/i.test(value.replace(/^"/, '')) ? ': an SPF record written with its quotes, which no verifier reads as SPF' : ''}`,
          fix: 'delete or rewrite that value (the first apply would remove it with the rest of the set), then run adopt again',
        });
        continue;
      }
      this.keep.push({
        name: this.relative(record.name),
        value,
        why: `shares the TXT set at ${record.name} with the ${record.role} record; without keepTxt the first apply removes it`,
      });
    }
  }

  /** Easy DKIM CNAMEs at `<x>._domainkey.<domain>` to SES whose token is not ours (of any of its regions). */
  otherIdentities(): void {
    const listing = this.facts.zone.listing;
    if (!listing || !dkimMethodFor(this.domain.dkim).usesTokens) return;
    const ours = new Set([
      ...(this.facts.tokens?.values ?? []),
      ...(this.facts.further ?? []).flatMap((f) => f.tokens?.values ?? []),
    ]);
    const suffix = `._domainkey.${this.domain.name}`;
    const foreign = listing.records.filter((r) => {
      if (r.type !== 'CNAME' || !r.name.endsWith(suffix)) return false;
      const label = r.name.slice(0, -suffix.length);
      const target = hostName(r.values[0] ?? '');
      return (
        !label.includes('.') && !ours.has(label) && target.startsWith(`${label}.`) && /\.amazonses\.com$/.test(target)
      );
    });
    if (foreign.length === 0) return;
    const cnames = foreign.map((r) => `${r.name} -> ${hostName(r.values[0] ?? '')}`).join(', ');
    // Whose CNAMEs they are is known only when SES (or --tokens) said which tokens are this
    // identity's, or that SES has no such identity; otherwise they may well be ours.
    if (!this.facts.tokens && this.facts.ses?.state !== 'absent') {
      this.notes.push(
        `Easy DKIM CNAMEs at ${cnames}: whether they are this identity's needs its tokens (--aws or --tokens FILE)`,
      );
      return;
    }
    const known = this.facts.tokens
      ? `the tokens of ${this.domain.name} in ${this.domain.region} are ${[...ours].join(', ')}`
      : `SES has no identity ${this.domain.name} in ${this.domain.region}`;
    this.people.push({
      what: `Easy DKIM CNAMEs of another SES identity at ${cnames} (${known})`,
      fix: 'an identity in another region or account, or one deleted since: if it still signs mail, put that region in the config (or leave this domain to its owner); if not, delete those CNAMEs; then run adopt again',
    });
  }

  /** `import:` entries already in the config: kept when right, reported when not. */
  existingImports(): void {
    const existing = this.domain.imports ?? {};
    // Keys are importKey's: `identity`, or `us-east-2.identity` for a further region.
    for (const [role, id] of Object.entries(existing)) {
      const proposed = this.imports.findIndex((i) => importKey(i.role, i.region) === role);
      if (proposed >= 0) {
        if (this.imports[proposed]!.id === id) this.imports.splice(proposed, 1);
        else {
          this.people.push({
            what: `import.${role} is ${id} in the config, but the live object's id is ${this.imports[proposed]!.id}`,
            fix: `replace it with ${this.imports[proposed]!.id}`,
          });
          this.imports.splice(proposed, 1);
        }
        continue;
      }
      const unknown = this.missing.some((m) => m.what.split(', ').includes(`import.${role}`));
      if (!unknown) {
        this.people.push({
          what: `import.${role} (${id}) names an object that does not exist`,
          fix: 'remove it: Terraform fails to import an object that is not there',
        });
      }
    }
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const lower = (list: readonly string[]) => [...new Set(list.map((x) => x.toLowerCase()))].sort().join('\n');
  return lower(a) === lower(b);
};
