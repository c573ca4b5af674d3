/**
 * One domain in several SES regions (issue #16). SES identities are regional: a domain
 * whose `region` is a list is an identity in each region, with that region's Easy DKIM
 * tokens, MAIL FROM name and configuration set, while its DMARC record and root SPF stay
 * one per domain.
 *
 * The first region listed is the domain's home region: its resources keep the addresses a
 * single-region domain has (`example_com__identity`), and every further region's carry the
 * region (`example_com__us_east_2__identity`), so appending a region changes nothing that
 * exists (docs/regions.md). Everything a region changes about a domain is worked out here,
 * in small functions, so that the plan, the SES constructs, the reports and the checks
 * read one view of "the domain as seen from one region" instead of branching on it.
 * @see https://docs.aws.amazon.com/ses/latest/dg/regions.html
 */
import type { ResolvedDomain } from '../config/model';
import type { PlannedRecord } from './model';
import { dkimHostFor } from './regions';

/**
 * The placeholder for the region in `mailFrom.subdomain`, `tracking.subdomain` and the ARNs
 * of event and alarm targets: `feedback-smtp-{region}-amazonses` gives
 * `feedback-smtp-us-east-2-amazonses` in us-east-2.
 */
export const REGION_PLACEHOLDER = '{region}';

/** Whether `text` holds the {@link REGION_PLACEHOLDER}. */
export function hasRegionPlaceholder(text: string): boolean {
  return text.includes(REGION_PLACEHOLDER);
}

/** `text` with every {@link REGION_PLACEHOLDER} replaced by `region`. */
export function withRegion(text: string, region: string): string {
  return hasRegionPlaceholder(text) ? text.split(REGION_PLACEHOLDER).join(region) : text;
}

/** Every SES region of a domain, the home region first. */
export function domainRegions(domain: Pick<ResolvedDomain, 'region' | 'regions'>): readonly string[] {
  return domain.regions ?? [domain.region];
}

/** Whether a domain is an SES identity in more than one region. */
export function isMultiRegion(domain: Pick<ResolvedDomain, 'regions'>): boolean {
  return (domain.regions?.length ?? 1) > 1;
}

/** One SES identity of a domain: the domain as seen from one of its regions. */
export interface DomainInRegion {
  readonly region: string;
  /**
   * Whether this is a further region (not the first listed, the home region): the addresses,
   * Easy DKIM tokens and import ids of its resources carry the region.
   */
  readonly further: boolean;
  /** Whether the domain has several regions: its regional records then name their region. */
  readonly multiRegion: boolean;
  /**
   * The domain with this region's values: `region`, the Easy DKIM host, the MAIL FROM and
   * tracking names. For a domain in one region, and for the home region, the domain itself.
   * (ARNs with `{region}` are filled in by the construct that uses them, in its region.)
   */
  readonly domain: ResolvedDomain;
}

/** The identities of `domain`, one per region, the home region first. */
export function domainInRegions(domain: ResolvedDomain): DomainInRegion[] {
  if (!isMultiRegion(domain)) return [{ region: domain.region, further: false, multiRegion: false, domain }];
  return domainRegions(domain).map((region, index) => ({
    region,
    further: index > 0,
    multiRegion: true,
    domain: index === 0 ? domain : seenFromRegion(domain, region),
  }));
}

/** The identity of `domain` in `region`, or undefined when the domain is not in that region. */
export function domainInRegion(domain: ResolvedDomain, region: string): DomainInRegion | undefined {
  return domainInRegions(domain).find((d) => d.region === region);
}

/**
 * `domain` as its identity in the further region `region` sees it. Names with a
 * `{region}` placeholder are filled in; a tracking domain without one serves the home
 * region only (its CNAME can point at one region's tracking host), so it is off here.
 */
function seenFromRegion(domain: ResolvedDomain, region: string): ResolvedDomain {
  const { dkim, mailFrom, tracking } = domain;
  return Object.assign({}, domain, {
    region,
    dkim: dkim.type === 'easy' && !dkim.hostGiven ? { ...dkim, host: dkimHostFor(region) } : dkim,
    mailFrom: mailFrom && { ...mailFrom, domain: mailFromDomainIn(domain.name, mailFrom.subdomain, region) },
    tracking:
      tracking && hasRegionPlaceholder(tracking.subdomain)
        ? { ...tracking, domain: `${withRegion(tracking.subdomain, region)}.${domain.name}` }
        : false,
  });
}

/** The MAIL FROM name of `domain` in `region`: `subdomain` with its placeholder filled, then the domain. */
export function mailFromDomainIn(domain: string, subdomain: string, region: string): string {
  return `${withRegion(subdomain, region)}.${domain}`;
}

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

/**
 * The key of an `import:` id: the role for the home region (`identity`), the region and the
 * role for a further region (`us-east-2.identity`, written `import: { us-east-2: { identity } }`).
 */
export function importKey(role: string, furtherRegion?: string): string {
  return furtherRegion === undefined ? role : `${furtherRegion}.${role}`;
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
