/**
 * Two records of ours that would own the same DNS record set: on Route 53 the second
 * resource fails or overwrites the first (one resource owns a whole set), on Cloudflare the
 * name holds two SPF or DMARC records (a permanent error, RFC 7208 section 4.5) or two
 * CNAMEs. Refused at plan time, naming the config path of each side (issue #6).
 */
import { errorAt, joinPath } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import type { ResolvedDns, ResolvedEnvironment, ZoneRef } from '../config/model';
import * as say from '../messages/config';
import { hasTokenPlaceholder } from '../records/model';
import type { PlannedRecord } from '../records/model';
import { planEnvironment } from '../records/plan';

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

/** Config paths of domain entries by domain name, built once per environment. */
const domainPaths = new WeakMap<ResolvedEnvironment, Map<string, string>>();

/**
 * The config path that decides the name of `record`: `environments.p.domains[1].mailFrom.subdomain`.
 * Only computed for records that clash, so a clean config pays nothing for it.
 */
function claimPath({ environment, record }: Claim): string {
  let paths = domainPaths.get(environment);
  if (!paths) domainPaths.set(environment, (paths = new Map(environment.domains.map((d) => [d.name, d.path]))));
  return joinPath(paths.get(record.domain) ?? environment.path, NAME_KEY[record.role] ?? 'name');
}

function setKey(record: PlannedRecord): string {
  return `${record.name.toLowerCase()}\n${record.type}`;
}

/** Where a record set lives across environments: the same provider, DNS account and zone. */
function zoneKey(dns: ResolvedDns, zone: ZoneRef): string {
  const where = zone.kind === 'id' ? `id:${zone.id}` : `name:${zone.name}`;
  return [dns.provider, dns.profile ?? '', dns.assumeRoleArn ?? '', where].join('\n');
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
  claims: Iterable<Claim>,
  keyOf: (claim: Claim) => string,
  ignore: (owner: Claim, claim: Claim) => boolean = () => false,
): Generator<Clash> {
  const owners = new Map<string, Claim>();
  const reported = new Set<string>();
  for (const claim of claims) {
    if (hasTokenPlaceholder(claim.record.name)) continue;
    const key = keyOf(claim);
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

/** Issues for every record of `environment` that shares a (name, type) set with an earlier one. */
export function overlappingSets(
  environment: ResolvedEnvironment,
  records: readonly PlannedRecord[],
  why: string = say.ONE_SET_PER_NAME[environment.dns.provider],
): ConfigIssue[] {
  const claims = records.map((record): Claim => ({ environment, record }));
  return [...clashes(claims, (c) => setKey(c.record))].map(({ owner, claim, ownerPath, claimedAt }) =>
    errorAt(claimedAt, say.sharedRecordSet(claim.record, owner.record, ownerPath, why)),
  );
}

/**
 * Every overlap in a config: within each environment, and between environments whose
 * records land in the same zone of the same provider and account (two Terraform states
 * would then own one record set, and each apply would undo the other's).
 */
export function recordSetOverlaps(environments: readonly ResolvedEnvironment[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const claims: Claim[] = [];
  for (const environment of environments) {
    const records = planEnvironment(environment);
    issues.push(...overlappingSets(environment, records));
    for (const record of records) claims.push({ environment, record });
  }
  const across = clashes(
    claims,
    (c) => `${zoneKey(c.environment.dns, c.record.zone)}\n${setKey(c.record)}`,
    // Clashes within one environment were reported above.
    (owner, claim) => owner.environment === claim.environment,
  );
  for (const { owner, claim, ownerPath, claimedAt } of across) {
    const { record } = claim;
    const message = say.recordSetOfTwoStates(record, describeZone(record.zone), owner.environment.name, ownerPath);
    issues.push(errorAt(claimedAt, message));
  }
  return issues;
}
