/**
 * The safety keys of a domain (issue #6), checked against what the domain will produce:
 * `keepTxt` (TXT values of others that share a record set with ours) and `import` (objects
 * that already exist and are adopted on the first apply). Values of the wrong type were
 * reported by the schema; this pass reads around them. A pass of the check stage: it needs
 * each domain's plan, which the config knows nothing of, so the config's resolution calls it
 * on each domain it resolves (src/checks/validate.ts hands it in).
 */
import { effectiveConfigurationSetName } from '../config/configuration-set';
import { domainInRegions, importKey } from '../config/domain-regions';
import type { DomainInRegion } from '../config/domain-regions';
import { errorAt, joinPath } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import type { KeptTxt, ResolvedDns, ResolvedDomain } from '../config/model';
import { REGION_KEY, RELATIVE_NAME, TXT_VALUE } from '../config/patterns';
import { isObj } from '../config/read';
import type { Obj } from '../config/read';
import { IMPORT_ROLES, REGIONAL_IMPORT_ROLES } from '../config/vocabulary';
import * as say from '../messages/config';
import type { PlannedRecord } from '../records/model';
import { planDomain } from '../records/plan';
import { REPORT_AUTH_ROLE } from '../records/report-auth';
import { providerSupport } from '../providers/supports';

/** What each TXT role of ours is, in words, for messages. */
const TXT_ROLE_WORDS: Partial<Record<PlannedRecord['role'], string>> = {
  spf: 'root SPF',
  'mail-from-spf': 'MAIL FROM SPF',
  dmarc: 'DMARC',
};

/**
 * `domain` with its `keepTxt` and `import` entries checked against its plan and resolved;
 * every problem found is appended to `issues`. The config's resolution runs it on each
 * domain as it is resolved (a `DomainPass`, src/config/resolve.ts).
 */
export function withSafety(
  domain: ResolvedDomain,
  entry: Obj,
  dns: ResolvedDns,
  issues: ConfigIssue[],
): ResolvedDomain {
  // Most domains have neither key: they need no plan here.
  const records = Array.isArray(entry.keepTxt) || isObj(entry.import) ? planDomain(domain) : [];
  const keepTxt = resolveKeepTxt(domain, entry.keepTxt, records, issues);
  const imports = resolveImports(domain, entry.import, records, dns, issues);
  // Not `{ ...domain, keepTxt, imports }`: V8 gives each object spread that way a hidden
  // class of its own, which a config of 100,000 domains kept in memory 100,000 times.
  return Object.assign({}, domain, { keepTxt, imports });
}

/** The name of the domain relative to itself: `@`, `_dmarc`, `mail`. */
function relativeName(domain: string, name: string): string {
  return name === domain ? '@' : name.slice(0, -(domain.length + 1));
}

function resolveKeepTxt(
  domain: ResolvedDomain,
  raw: unknown,
  records: readonly PlannedRecord[],
  issues: ConfigIssue[],
): KeptTxt[] {
  if (!Array.isArray(raw)) return [];
  // Our TXT sets that others' values may join. The BYODKIM key is left out: a DKIM name
  // holds one key record and nothing else.
  const ours = records.filter((r) => r.type === 'TXT' && TXT_ROLE_WORDS[r.role] !== undefined);
  const kept: KeptTxt[] = [];
  const base = joinPath(domain.path, 'keepTxt');
  raw.forEach((item: unknown, index: number) => {
    const path = joinPath(base, index);
    const relative = typeof item === 'string' ? '@' : isObj(item) && item.name !== undefined ? item.name : '@';
    const value = typeof item === 'string' ? item : isObj(item) ? item.value : undefined;
    // Shapes are the schema's to report.
    if (typeof relative !== 'string' || typeof value !== 'string') return;
    if (!new RegExp(RELATIVE_NAME).test(relative) || !new RegExp(TXT_VALUE).test(value)) return;
    const name = relative === '@' ? domain.name : `${relative}.${domain.name}`;
    const at = isObj(item) && item.name !== undefined ? joinPath(path, 'name') : path;
    const error = (where: string, message: string) => issues.push(errorAt(where, message));
    const owner = ours.find((r) => r.name === name);
    if (!owner) {
      const where = ours.map((r) => `"${relativeName(domain.name, r.name)}" (${TXT_ROLE_WORDS[r.role]})`);
      error(at, say.keepTxtNowhere(relative, name, domain.name, where, relative === '@' && !domain.spf));
      return;
    }
    const valuePath = isObj(item) ? joinPath(path, 'value') : path;
    if (/^v=spf1(\s|$)/i.test(value) && (owner.role === 'spf' || owner.role === 'mail-from-spf')) {
      error(valuePath, say.keepTxtIsSpf(value, name, owner.role === 'spf'));
      return;
    }
    if (/^v=DMARC1\s*(;|$)/i.test(value) && owner.role === 'dmarc') {
      error(valuePath, say.keepTxtIsDmarc(value, name));
      return;
    }
    const earlier = kept.find((k) => k.name === name && k.value === value);
    if (earlier) {
      error(valuePath, say.keepTxtTwice(value, earlier.path));
      return;
    }
    kept.push({ name, value, path });
  });
  return kept;
}

function resolveImports(
  domain: ResolvedDomain,
  raw: unknown,
  records: readonly PlannedRecord[],
  dns: ResolvedDns,
  issues: ConfigIssue[],
): Record<string, string> {
  if (!isObj(raw)) return {};
  const imports: Record<string, string> = {};
  const base = joinPath(domain.path, 'import');
  const [home, ...further] = domainInRegions(domain);
  const regionKey = new RegExp(REGION_KEY);
  const homeIds: Obj = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!regionKey.test(key)) {
      homeIds[key] = value;
      continue;
    }
    // A further region's ids, under its name (issue #16); shapes are the schema's to report.
    if (!isObj(value)) continue;
    const identity = further.find((f) => f.region === key);
    if (!identity) {
      const regions = further.map((f) => f.region);
      issues.push(errorAt(joinPath(base, key), say.importRegionUnknown(key, domain.name, home!.region, regions)));
      continue;
    }
    const own = records.filter((r) => r.furtherRegion && r.region === key);
    resolveIdentityImports(identity, value, joinPath(base, key), own, dns, issues, imports);
  }
  const own = records.filter((r) => !r.furtherRegion);
  resolveIdentityImports(home!, homeIds, base, own, dns, issues, imports);
  return imports;
}

/** The `import:` ids of one SES identity of the domain (its home region's, or a further region's). */
function resolveIdentityImports(
  identity: DomainInRegion,
  raw: Obj,
  base: string,
  records: readonly PlannedRecord[],
  dns: ResolvedDns,
  issues: ConfigIssue[],
  imports: Record<string, string>,
): void {
  const domain = identity.domain;
  const setName = effectiveConfigurationSetName(domain);
  const resources: Record<string, string> = { identity: domain.name };
  if (domain.mailFrom) resources['mail-from'] = domain.name;
  if (setName !== undefined) resources['configuration-set'] = setName;
  const byRole = new Map(records.map((r) => [r.role as string, r]));
  const produced = [...Object.keys(resources), ...byRole.keys()];
  const subject = identity.further ? `${domain.name} in ${identity.region}` : domain.name;
  // The schema reports a role a further region cannot have (dmarc, spf, the BYODKIM key).
  const roles: readonly string[] = identity.further ? REGIONAL_IMPORT_ROLES : IMPORT_ROLES;
  for (const [role, id] of Object.entries(raw)) {
    if (typeof id !== 'string' || id === '' || !roles.includes(role)) continue;
    // Whether the record exists depends on the environment (the report domain's zone
    // managed there), which this pass does not see: src/checks/report-auth-import.ts
    // checks it once the whole config is resolved.
    if (role === REPORT_AUTH_ROLE) {
      imports[role] = id;
      continue;
    }
    const path = joinPath(base, role);
    const error = (message: string) => issues.push(errorAt(path, message));
    if (!produced.includes(role)) {
      error(say.nothingToImport(subject, role, produced));
      continue;
    }
    const expected = resources[role];
    if (expected !== undefined) {
      if (id !== expected) {
        error(say.notTheImportId(id, role, subject, expected));
        continue;
      }
    } else {
      const problem = providerSupport(dns.provider).importIdProblem(id, byRole.get(role)!);
      if (problem) {
        error(problem);
        continue;
      }
    }
    imports[importKey(role, identity.further ? identity.region : undefined)] = id;
  }
}
