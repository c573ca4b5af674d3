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
 * @example resourceAddress('example.com', 'dkim-0') // 'example_com__dkim_0'
 */
export function resourceAddress(domain: string, role: string): string {
  return `${domainIdentifier(domain)}__${role.replace(/-/g, '_')}`;
}

/**
 * The address of the data source of a zone looked up by name.
 * @example zoneAddress('example.com') // 'zone_example_com'
 */
export function zoneAddress(zoneName: string): string {
  return `zone_${zoneName.replace(/\./g, '_')}`;
}
