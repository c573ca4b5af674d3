/**
 * Two records of ours that would own the same DNS record set: on Route 53 the second
 * resource fails or overwrites the first, on Cloudflare the same name holds two SPF
 * records (a permanent error, RFC 7208 section 3.2) or two CNAMEs.
 */
import type { ConfigIssue } from '../config/issues';
import type { ResolvedEnvironment } from '../config/model';
import type { PlannedRecord } from '../records/model';

/** Issues for every pair of records of different roles or domains sharing a name and type. */
export function overlappingSets(
  environment: ResolvedEnvironment,
  records: readonly PlannedRecord[],
  why: string,
): ConfigIssue[] {
  const pathOf = new Map(environment.domains.map((d) => [d.name, d.path]));
  const owners = new Map<string, PlannedRecord>();
  const issues: ConfigIssue[] = [];
  for (const record of records) {
    // DKIM CNAME names hold distinct tokens per identity, unknown until apply.
    if (record.name.includes('{dkim-token-')) continue;
    const key = `${record.name.toLowerCase()}\n${record.type}`;
    const owner = owners.get(key);
    if (!owner) {
      owners.set(key, record);
      continue;
    }
    issues.push({
      severity: 'error',
      path: pathOf.get(record.domain) ?? environment.path,
      message: `its ${record.role} ${record.type} record at ${record.name} would share one record set with the ${owner.role} record of ${pathOf.get(owner.domain) ?? owner.domain}; ${why}, so one would replace the other: change a subdomain so the names differ`,
    });
  }
  return issues;
}
