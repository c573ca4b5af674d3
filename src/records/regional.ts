/**
 * The record plan of a domain in several SES regions (issue #16): each region's records are
 * marked with the region they serve, and the Easy DKIM tokens of each identity are found by
 * domain and region.
 *
 * The first region listed is the domain's home region: its resources keep the addresses a
 * single-region domain has (`example_com__identity`), and every further region's carry the
 * region (`example_com__us_east_2__identity`), so appending a region changes nothing that
 * exists (docs/regions.md). The domain as seen from each region is worked out once, in
 * src/config/domain-regions.ts, so that the plan, the SES constructs, the reports and the
 * checks read one view of it instead of branching on it.
 * @see https://docs.aws.amazon.com/ses/latest/dg/regions.html
 */
import type { PlannedRecord } from './model';
import type { DomainInRegion } from '../config/domain-regions';

// The view of a domain from each region is the resolved config's (src/config/domain-regions.ts);
// it is handed on here so that code reading the plan finds it beside the plan's own regional rules.
export {
  REGION_PLACEHOLDER,
  domainInRegion,
  domainInRegions,
  domainRegions,
  hasRegionPlaceholder,
  importKey,
  isMultiRegion,
  mailFromDomainIn,
  withRegion,
} from '../config/domain-regions';
export type { DomainInRegion } from '../config/domain-regions';

/**
 * `records` planned for one identity, marked with its region when the domain has several:
 * each says which region it serves (a further region's also in its address), and why.
 */
export function markRegion(identity: DomainInRegion, records: PlannedRecord[]): PlannedRecord[] {
  if (!identity.multiRegion) return records;
  const region = identity.region;
  return records.map((record) =>
    Object.assign({}, record, {
      region,
      ...(identity.further && { furtherRegion: true }),
      purpose: `${record.purpose} (SES region ${region})`,
    }),
  );
}

/** The further region in the address of `record`, if any: `example_com__us_east_2__dkim_0`. */
export function addressRegionOf(record: Pick<PlannedRecord, 'region' | 'furtherRegion'>): string | undefined {
  return record.furtherRegion ? record.region : undefined;
}

/** Easy DKIM tokens by identity: see {@link tokensKey}. */
export type DkimTokens = ReadonlyMap<string, readonly string[]>;

/**
 * The key of one identity's tokens in a {@link DkimTokens} map: `example.com us-east-2` for
 * tokens given for a region; `example.com` alone for tokens given without one, which are
 * the home region's (a tokens file from before regions were lists).
 */
export function tokensKey(domain: string, region?: string): string {
  return region === undefined ? domain : `${domain} ${region}`;
}

/**
 * The Easy DKIM tokens of the identity `record` serves: those given for its region, or,
 * for the home region, those given for the domain.
 * @param homeRegion the home region of the record's domain
 */
export function tokensFor(
  tokens: DkimTokens,
  record: Pick<PlannedRecord, 'domain' | 'region' | 'furtherRegion'>,
  homeRegion: string,
): readonly string[] | undefined {
  const region = record.region ?? homeRegion;
  return tokens.get(tokensKey(record.domain, region)) ?? (record.furtherRegion ? undefined : tokens.get(record.domain));
}
