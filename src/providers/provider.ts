/**
 * The DNS provider interface and its registry. A provider knows one vendor's resources and
 * quirks; everything it receives is the provider-neutral record plan.
 *
 * Adding a provider: one folder under `src/providers/`, one line in {@link PROVIDERS}.
 * (Deep imports keep each vendor's cost to a few milliseconds, so both load eagerly.)
 */
import type { Construct } from 'constructs';
import type { ConfigIssue } from '../config/issues';
import type { ResolvedEnvironment } from '../config/model';
import type { DnsProviderName } from '../config/types';
import type { PlannedRecord } from '../records/model';
import { cloudflareProvider } from './cloudflare/cloudflare-provider';
import { route53Provider } from './route53/route53-provider';

/** A planned record whose DKIM placeholders were replaced by Terraform expressions. */
export type MaterializedRecord = PlannedRecord;

/** The records of one environment, written into one stack. */
export interface DnsTarget {
  /** Declares the resources for `records` (and the zone lookups they need). */
  emit(records: readonly MaterializedRecord[]): void;
}

/** One DNS vendor. */
export interface DnsProvider {
  readonly name: DnsProviderName;
  /** What this vendor cannot take from the plan, as config issues. */
  audit(environment: ResolvedEnvironment, records: readonly PlannedRecord[]): ConfigIssue[];
  /** Declares the vendor's provider configuration in `scope` and returns where records go. */
  configure(scope: Construct, environment: ResolvedEnvironment): DnsTarget;
}

/** Providers by name: one line per vendor. */
const PROVIDERS: Record<DnsProviderName, DnsProvider> = {
  route53: route53Provider,
  cloudflare: cloudflareProvider,
};

/** The provider registered under `name`. */
export function dnsProvider(name: DnsProviderName): DnsProvider {
  return PROVIDERS[name];
}

/** Groups records by (name, type): the unit a DNS record set is made of. */
export function groupRecordSets(records: readonly MaterializedRecord[]): MaterializedRecord[][] {
  const sets = new Map<string, MaterializedRecord[]>();
  for (const record of records) {
    const key = `${record.name.toLowerCase()}\n${record.type}`;
    const set = sets.get(key);
    if (set) set.push(record);
    else sets.set(key, [record]);
  }
  return [...sets.values()];
}
