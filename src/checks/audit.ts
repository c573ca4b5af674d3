/**
 * What each environment's DNS vendor cannot take from its plan, read from the vendor's data
 * (src/providers/supports.ts): the record types it writes and the TTLs it accepts. No
 * construct is loaded, so `validate` stays free of CDKTF.
 *
 * The config's own rules refuse a TTL the environment's vendor does not take, at the path
 * where it is written (src/config/resolve.ts); this pass holds the plan itself to the data,
 * so a plan made from a config built by hand (a library caller) meets the same limits.
 */
import { errorAt, joinPath } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import type { ResolvedEnvironment } from '../config/model';
import * as say from '../messages/config';
import type { PlannedRecord } from '../records/model';
import { planEnvironment } from '../records/plan';
import type { ProviderSupport } from '../providers/provider';
import { providerSupport } from '../providers/supports';

/** Whether `support` takes `ttl`. */
export function takesTtl(support: ProviderSupport, ttl: PlannedRecord['ttl']): boolean {
  const { auto, min, max } = support.ttl;
  if (ttl === 'auto' || ttl === auto) return auto !== false;
  return ttl >= min && ttl <= max;
}

/**
 * Issues for the records of `environment` that its vendor cannot take.
 * @param support what the vendor takes
 * @default support the data of the environment's provider
 */
export function auditRecords(
  environment: ResolvedEnvironment,
  records: Iterable<PlannedRecord>,
  support: ProviderSupport = providerSupport(environment.dns.provider),
): ConfigIssue[] {
  const pathOf = new Map(environment.domains.map((d) => [d.name, d.path]));
  const issues: ConfigIssue[] = [];
  for (const record of records) {
    const path = pathOf.get(record.domain) ?? environment.path;
    if (!support.recordTypes.includes(record.type)) {
      issues.push(errorAt(joinPath(path, 'name'), say.recordTypeUnsupported(record, support)));
    }
    if (!takesTtl(support, record.ttl)) {
      issues.push(errorAt(joinPath(path, 'ttl'), say.ttlUnsupported(record, record.ttl, support)));
    }
  }
  return issues;
}

/** What every vendor says it cannot take from the plan of `environments`. */
export function auditEnvironments(environments: readonly ResolvedEnvironment[]): ConfigIssue[] {
  return environments.flatMap((environment) => auditRecords(environment, planEnvironment(environment)));
}
