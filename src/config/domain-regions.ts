/**
 * A domain as seen from each of its SES regions (issue #16). SES identities are regional: a
 * domain whose `region` is a list is an identity in each region, with that region's Easy
 * DKIM host, MAIL FROM name and tracking name, while its DMARC record and root SPF stay one
 * per domain. The first region listed is the domain's home region.
 *
 * This is a view of the resolved config, not of the plan: validation (regional.ts,
 * account.ts), the record plan (src/records/regional.ts) and the SES constructs all read it,
 * so it sits here, below them.
 * @see https://docs.aws.amazon.com/ses/latest/dg/regions.html
 */
import type { ResolvedDomain } from './model';
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
 * The key of an `import:` id: the role for the home region (`identity`), the region and the
 * role for a further region (`us-east-2.identity`, written `import: { us-east-2: { identity } }`).
 */
export function importKey(role: string, furtherRegion?: string): string {
  return furtherRegion === undefined ? role : `${furtherRegion}.${role}`;
}
