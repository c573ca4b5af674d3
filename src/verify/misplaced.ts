/**
 * Where a record that is missing at its name may have been published by mistake: one label
 * too deep, because a DNS host completed a name that already held the zone. Two shapes are
 * common in real zones: the full name typed into a field that appends the zone
 * (`<token>._domainkey.example.com.example.com`), and a name typed relative to the parent
 * of the zone (`<token>._domainkey.platform` in zone `platform.example.it`, which becomes
 * `<token>._domainkey.platform.platform.example.it`).
 */
import { organizationalDomain } from '../records/public-suffix';
import { canonicalName } from './compare';

/**
 * The names at which `name` (in zone `zone`) is found when one of those mistakes was made,
 * without `name` itself. Empty when `name` is not inside `zone`.
 */
export function misplacedNames(name: string, zone: string): string[] {
  const n = canonicalName(name);
  const z = canonicalName(zone);
  if (n !== z && !n.endsWith(`.${z}`)) return [];
  const candidates = [`${n}.${z}`];
  const dot = z.indexOf('.');
  const parent = dot < 0 ? '' : z.slice(dot + 1);
  // Only a parent inside the zone's organization is a zone a user would take this one for;
  // a public suffix (`it`, `co.uk`) is no one's zone (Public Suffix List).
  const organization = organizationalDomain(z);
  const inOrganization = parent === organization || parent.endsWith(`.${organization}`);
  if (inOrganization && n.endsWith(`.${parent}`)) {
    candidates.push(`${n.slice(0, -parent.length - 1)}.${z}`);
  }
  return [...new Set(candidates)].filter((c) => c !== n);
}
