/**
 * Two records of ours that would own the same DNS record set: on Route 53 the second
 * resource fails or overwrites the first (one resource owns a whole set), on Cloudflare the
 * name holds two SPF or DMARC records (a permanent error, RFC 7208 section 4.5) or two
 * CNAMEs. Refused at plan time, naming the config path of each side (issue #6). Part of the
 * check stage: it needs the plan of every domain of every environment.
 */
import { errorAt, joinPath } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import type { ResolvedDns, ResolvedEnvironment, ZoneRef } from '../config/model';
import * as say from '../messages/config';
import { hasTokenPlaceholder } from '../records/model';
import type { PlannedRecord } from '../records/model';
import { planDomain, planDomainInEnvironment } from '../records/plan';

/** The key of the domain entry that decides a record's name. */
const NAME_KEY: Partial<Record<PlannedRecord['role'], string>> = {
  'mail-from-mx': 'mailFrom.subdomain',
  'mail-from-spf': 'mailFrom.subdomain',
  tracking: 'tracking.subdomain',
  dkim: 'dkim.selector',
};

interface Claim {
  readonly environment: ResolvedEnvironment;
  readonly record: PlannedRecord;
}

/**
 * The config path that decides the name of `record`: `environments.p.domains[1].mailFrom.subdomain`.
 * Only computed for records that clash, so a clean config pays nothing for it.
 */
function claimPath({ environment, record }: Claim): string {
  const entry = environment.domains.find((d) => d.name === record.domain);
  return joinPath(entry?.path ?? environment.path, NAME_KEY[record.role] ?? 'name');
}

function setKey(record: PlannedRecord): string {
  return `${record.name.toLowerCase()}\n${record.type}`;
}

/** Where a record set lives across environments: the same provider, DNS account and zone. */
function zoneKey(dns: ResolvedDns, zone: ZoneRef): string {
  const account = [dns.provider, dns.profile ?? '', dns.assumeRoleArn ?? ''].join('\n');
  return `${account}\n${zone.kind === 'id' ? `id:${zone.id}` : `name:${zone.name}`}`;
}

function describeZone(zone: ZoneRef): string {
  return zone.kind === 'id' ? `zone id ${zone.id}` : `zone ${zone.name}`;
}

/** Two claims on one record set, with the config path of each side. */
interface Clash {
  readonly owner: Claim;
  readonly claim: Claim;
  readonly ownerPath: string;
  readonly claimedAt: string;
}

/**
 * Every claim whose set (by `keyOf`) an earlier claim owns, once per pair of config entries
 * and name: the MX and TXT of one MAIL FROM name clash together. DKIM CNAME names hold
 * distinct tokens per identity, unknown until apply, so they never clash.
 */
function* clashes(
  claims: () => Iterable<Claim>,
  keyOf: (claim: Claim) => string,
  ignore: (owner: Claim, claim: Claim) => boolean = () => false,
): Generator<Clash> {
  // First the sets claimed twice, by key alone: keeping every claim (and so every planned
  // record) of a large config until the end of the check set the memory peak of a synth.
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const claim of claims()) {
    if (hasTokenPlaceholder(claim.record.name)) continue;
    const key = keyOf(claim);
    if (seen.has(key)) repeated.add(key);
    else seen.add(key);
  }
  seen.clear();
  if (repeated.size === 0) return;
  // Then, planned again, the claims on those sets only.
  const owners = new Map<string, Claim>();
  const reported = new Set<string>();
  for (const claim of claims()) {
    if (hasTokenPlaceholder(claim.record.name)) continue;
    const key = keyOf(claim);
    if (!repeated.has(key)) continue;
    const owner = owners.get(key);
    if (!owner) {
      owners.set(key, claim);
      continue;
    }
    if (ignore(owner, claim)) continue;
    const [ownerPath, claimedAt] = [claimPath(owner), claimPath(claim)];
    const pair = `${claim.record.name}\n${ownerPath}\n${claimedAt}`;
    if (reported.has(pair)) continue;
    reported.add(pair);
    yield { owner, claim, ownerPath, claimedAt };
  }
}

/** Claims of `environment` on its records. */
function* claimsOn(environment: ResolvedEnvironment, records: Iterable<PlannedRecord>): Generator<Claim> {
  for (const record of records) yield { environment, record };
}

/**
 * The records of `environment`, planned domain by domain as they are read, so that the check
 * never holds the whole plan of a large environment; a domain entry in `refused` (one an
 * error already refuses) is left out: its plan says nothing the user can act on yet.
 */
function* plannedRecords(environment: ResolvedEnvironment, refused: ReadonlySet<string>): Generator<PlannedRecord> {
  for (const domain of environment.domains) {
    if (refused.has(domain.path)) continue;
    yield* planDomain(domain);
    yield* planDomainInEnvironment(domain, environment);
  }
}

/**
 * Two regions of one domain on one name: only a MAIL FROM name without `{region}` does that,
 * and src/config/regional.ts refuses it in its own words.
 */
const regionsOfOneDomain = (owner: Claim, claim: Claim) =>
  owner.record.domain === claim.record.domain &&
  owner.record.region !== undefined &&
  owner.record.region !== claim.record.region;

function setClashIssues(claims: () => Iterable<Claim>, why: string): ConfigIssue[] {
  return [...clashes(claims, (c) => setKey(c.record), regionsOfOneDomain)].map(
    ({ owner, claim, ownerPath, claimedAt }) =>
      errorAt(claimedAt, say.sharedRecordSet(claim.record, owner.record, ownerPath, why)),
  );
}

/**
 * Every overlap in a config: within each environment, and between environments whose
 * records land in the same zone of the same provider and account (two Terraform states
 * would then own one record set, and each apply would undo the other's).
 * @param refused config paths of the domain entries an error already refuses (`environments.p.domains[1]`): left out
 */
export function recordSetOverlaps(
  environments: readonly ResolvedEnvironment[],
  refused: ReadonlySet<string> = new Set(),
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const environment of environments) {
    issues.push(
      ...setClashIssues(
        () => claimsOn(environment, plannedRecords(environment, refused)),
        say.ONE_SET_PER_NAME[environment.dns.provider],
      ),
    );
  }
  // One environment cannot clash with another.
  if (environments.length < 2) return issues;
  const across = clashes(
    function* () {
      for (const environment of environments) yield* claimsOn(environment, plannedRecords(environment, refused));
    },
    (c) => `${zoneKey(c.environment.dns, c.record.zone)}\n${setKey(c.record)}`,
    // Clashes within one environment were reported above.
    (owner, claim) => owner.environment === claim.environment || regionsOfOneDomain(owner, claim),
  );
  for (const { owner, claim, ownerPath, claimedAt } of across) {
    const { record } = claim;
    const zone = describeZone(record.zone);
    const here = regionsOfDomain(claim.environment, record.domain);
    const there = regionsOfDomain(owner.environment, owner.record.domain);
    const message =
      record.domain === owner.record.domain && here && there && !here.some((r) => there.includes(r))
        ? say.domainRegionsInTwoStates(record, zone, owner.environment.name, ownerPath, { here, there })
        : say.recordSetOfTwoStates(record, zone, owner.environment.name, ownerPath);
    issues.push(errorAt(claimedAt, message));
  }
  return issues;
}

/** The SES regions of the domain named `name` in `environment` (home first), if it is one of its domains. */
function regionsOfDomain(environment: ResolvedEnvironment, name: string): readonly string[] | undefined {
  const domain = environment.domains.find((d) => d.name === name);
  return domain && (domain.regions ?? [domain.region]);
}
