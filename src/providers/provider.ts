/**
 * The DNS provider interface. A provider knows one vendor's resources and quirks; everything
 * it receives is the provider-neutral record plan. What it supports is data
 * ({@link ProviderSupport}, in the manner of octoDNS's `SUPPORTS`), which the check stage
 * (src/checks/audit.ts) and the docs read without loading the vendor's constructs.
 *
 * The providers are listed in registry.ts (their constructs) and supports.ts (their data):
 * this module imports neither, so a provider can import it without a cycle.
 */
import type { Construct } from 'constructs';
import type { ResolvedEnvironment } from '../config/model';
import type { DnsProviderName } from '../config/types';
import type { PlannedRecord, RecordType } from '../records/model';

/** A planned record whose DKIM placeholders were replaced by Terraform expressions. */
export type MaterializedRecord = PlannedRecord;

/** The records of one environment, written into one stack. */
export interface DnsTarget {
  /** Declares the resources for `records` (and the zone lookups they need). */
  emit(records: readonly MaterializedRecord[]): void;
}

/**
 * What a DNS vendor takes, as data: the check stage refuses what it does not support before
 * any construct exists, and docs/providers.md is kept equal to it by a test.
 */
export interface ProviderSupport {
  /** The vendor's name in messages and docs: `Route 53`. */
  readonly title: string;
  /** The Terraform resource each record (or record set) becomes. */
  readonly resource: string;
  /** The record types its resource takes (ses-dns plans CNAME, MX and TXT). */
  readonly recordTypes: readonly RecordType[];
  /**
   * How the values of one name and type are written: `set`, one resource owns the whole
   * record set (Route 53); `value`, one resource per value (Cloudflare).
   */
  readonly recordSet: 'set' | 'value';
  /**
   * TTLs it accepts: `auto` is the number that means "automatic" (false when there is
   * none), otherwise seconds from `min` to `max`.
   */
  readonly ttl: { readonly auto: number | false; readonly min: number; readonly max: number };
  /** Whether its records can go through a proxy; ses-dns always writes them unproxied. */
  readonly proxied: boolean;
  /** How a TXT value longer than 255 characters is split into character-strings. */
  readonly longTxt: string;
  /**
   * How other TXT values at one of our names (`keepTxt`) are kept: `in-set`, written into our
   * resource, which owns the set; `apart`, left alone as records of their own.
   */
  readonly keptTxt: 'in-set' | 'apart';
  /** The data source that looks a zone up by its name (`zone: example.com`). */
  readonly zoneLookup: string;
  /** The import id of an existing record, in words with an example. */
  readonly importId: string;
  /**
   * What an import id is made of besides the zone id: `set`, the record set's name and type,
   * so `adopt` knows it from the zone id alone; `record`, the id the vendor gives each record,
   * which only its API lists.
   */
  readonly importIdFrom: 'set' | 'record';
  /**
   * The import id of the existing `record` in the zone `zoneId`; `recordId` is the vendor's
   * id of the record, for {@link importIdFrom} `record`.
   */
  importIdOf(zoneId: string, record: PlannedRecord, recordId?: string): string;
  /** What `adopt` says of an import id it could not learn, when it knows no finer reason. */
  readonly importIdUnknown: string;
  /**
   * Why `id` cannot be the vendor's import id of `record` (an existing record adopted with
   * `import:`), or undefined when it can: the rule behind {@link importId}.
   */
  importIdProblem(id: string, record: PlannedRecord): string | undefined;
}

/** One DNS vendor. */
export interface DnsProvider {
  readonly name: DnsProviderName;
  /** What the vendor supports (src/checks/audit.ts refuses the rest). */
  readonly supports: ProviderSupport;
  /** Declares the vendor's provider configuration in `scope` and returns where records go. */
  configure(scope: Construct, environment: ResolvedEnvironment): DnsTarget;
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
