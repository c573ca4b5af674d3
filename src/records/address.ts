/**
 * Terraform addresses of what a domain produces. They derive from the domain name and the
 * record role only, never from a list position, so adding, removing or reordering domains
 * never renames (and so never destroys and recreates) another domain's resources.
 *
 * Once released, an address is a contract: changing this mapping replaces live resources.
 */

/**
 * A domain as a Terraform identifier: dots become `_` (hyphens stay). Domain labels hold no
 * underscores, so the mapping is one to one; a leading digit gets a `_` in front, since an
 * identifier must not start with one.
 * @example domainIdentifier('notify.example.com') // 'notify_example_com'
 */
export function domainIdentifier(domain: string): string {
  const id = domain.replace(/\./g, '_');
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

/**
 * The address of a domain's resource with the given role: the domain identifier, `__`,
 * and the role with hyphens as underscores. `__` never occurs in a domain identifier, so
 * two (domain, role) pairs never share an address.
 *
 * A resource of a further SES region of the domain (not its home region, the first listed)
 * has the region between the two: no role starts with a region's first label (`us`, `eu`,
 * `ap`...) and no role holds `__`, so these never meet another address either, and the
 * home region's resources keep the addresses they had before a region was added.
 * @example resourceAddress('example.com', 'dkim-0') // 'example_com__dkim_0'
 * @example resourceAddress('example.com', 'dkim-0', 'us-east-2') // 'example_com__us_east_2__dkim_0'
 */
export function resourceAddress(domain: string, role: string, furtherRegion?: string): string {
  const region = furtherRegion === undefined ? '' : `${furtherRegion.replace(/-/g, '_')}__`;
  return `${domainIdentifier(domain)}__${region}${role.replace(/-/g, '_')}`;
}

/** The address of a planned record: its domain, its role and, for a further region, the region. */
export function recordAddress(record: {
  readonly domain: string;
  readonly role: string;
  readonly region?: string;
  readonly furtherRegion?: boolean;
}): string {
  return resourceAddress(record.domain, record.role, record.furtherRegion ? record.region : undefined);
}

/**
 * The address of the data source of a zone looked up by name.
 * @example zoneAddress('example.com') // 'zone_example_com'
 */
export function zoneAddress(zoneName: string): string {
  return `zone_${zoneName.replace(/\./g, '_')}`;
}
