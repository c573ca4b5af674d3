/**
 * Warnings about how a domain's SES setup is put together (issue #13): a domain without any
 * DMARC record, and a root SPF that includes amazonses.com where that include can never
 * help. Kept apart from warnings.ts: one call per domain, constant work per call, so the
 * whole pass stays linear in the number of domains.
 */
import type { MergedSettings } from '../config/merge';
import type { ResolvedDomain, ResolvedEnvironment } from '../config/model';
import { organizationalDomain } from '../config/public-suffix';
import * as say from '../messages/config';

/** Adds a warning at a config path. */
export type WarnAt = (path: string, message: string) => void;

/** Names of the domains of `environment` that publish a DMARC record: built once per environment. */
export function domainsWithDmarc(environment: ResolvedEnvironment): ReadonlySet<string> {
  return new Set((environment.zoneDomains ?? environment.domains).filter((d) => d.dmarc).map((d) => d.name));
}

/**
 * The setup warnings of one domain; `withDmarc` names the domains of its environment that
 * publish a DMARC record ({@link domainsWithDmarc}).
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-6.6.3 (policy discovery falls back to the
 *   organizational domain)
 * @see https://www.rfc-editor.org/rfc/rfc7208#section-2.4 (SPF checks the MAIL FROM domain)
 */
export function setupWarnings(
  domain: ResolvedDomain,
  withDmarc: ReadonlySet<string>,
  settings: MergedSettings,
  warn: WarnAt,
): void {
  if (!domain.dmarc) {
    // A subdomain whose organizational domain publishes DMARC in this environment is
    // covered by that record's sp= (RFC 7489 section 6.6.3): nothing is missing then.
    const organization = organizationalDomain(domain.name);
    const covered = organization !== domain.name && withDmarc.has(organization);
    if (!covered) {
      warn(settings.originOf('dmarc'), say.noDmarcRecord(domain.name));
    }
  }
  if (domain.spf && domain.spf.includeAmazonSes !== false && !domain.mailFrom) {
    warn(settings.originOf('spf'), say.uselessSesInclude(domain.name));
  }
}
