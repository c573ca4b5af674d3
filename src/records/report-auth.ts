/**
 * DMARC reports sent to another organization's domain, and the record that authorizes them.
 *
 * A receiver sends aggregate or failure reports for `example.com` to `dmarc@reports.example.net`
 * only if `reports.example.net` publishes a TXT record `example.com._report._dmarc.reports.example.net`
 * starting with `v=DMARC1`; otherwise it drops the reports (RFC 7489 section 7.1).
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-7.1
 */
import type { ResolvedDomain, ResolvedEnvironment, ZoneRef } from '../config/model';
import type { PlannedRecord } from './model';
import { sameOrganization } from '../config/public-suffix';

/** The role (and address suffix) of the report authorization record. */
export const REPORT_AUTH_ROLE = 'dmarc-report-auth';

/** The value of an external report authorization record. */
export const REPORT_AUTH_VALUE = 'v=DMARC1';

/** The domain part of a report address: `mailto:a@b.com!10m` and `a@b.com` give `b.com`. */
export function reportAddressDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return address
    .slice(at + 1)
    .replace(/!.*$/, '')
    .toLowerCase();
}

/** Whether reports for `domain` sent to `reportDomain` need an authorization record. */
export function needsReportAuthorization(domain: string, reportDomain: string): boolean {
  return !sameOrganization(domain, reportDomain);
}

/** The name of the record by which `reportDomain` accepts reports about `domain`. */
export function reportAuthName(domain: string, reportDomain: string): string {
  return `${domain}._report._dmarc.${reportDomain}`;
}

/** One external report destination of a domain. */
export interface ExternalReportDomain {
  readonly domain: string;
  readonly reportDomain: string;
  /** `rua` or `ruf`, and the index of the first address at that domain. */
  readonly tag: 'rua' | 'ruf';
  readonly index: number;
  /** The zone of this environment that holds the authorization name, if any. */
  readonly zone?: ZoneRef;
}

/**
 * Zone apex -> zone of the first domain entry with that apex, per list of domains: the
 * stacks of a split environment share their environment's list, and so one index.
 */
const zoneIndexes = new WeakMap<readonly ResolvedDomain[], Map<string, ZoneRef>>();

function zoneIndex(environment: ResolvedEnvironment): Map<string, ZoneRef> {
  const domains = environment.zoneDomains ?? environment.domains;
  let index = zoneIndexes.get(domains);
  if (!index) {
    index = new Map();
    for (const d of domains) {
      const apex = d.zone.kind === 'name' ? d.zone.name : d.name;
      if (!index.has(apex)) index.set(apex, d.zone);
    }
    zoneIndexes.set(domains, index);
  }
  return index;
}

/**
 * The zone of `environment` that holds `name`, if ses-dns manages one: a zone named by a
 * domain entry, or (for a zone given by id) the zone holding a domain that `name` is under.
 * The longest match wins, as in DNS: `name` itself, then each parent, looked up in an
 * index built once per environment (a scan of every domain per name made a plan of
 * 1,000 domains quadratic).
 */
export function managedZoneOf(environment: ResolvedEnvironment, name: string): ZoneRef | undefined {
  const index = zoneIndex(environment);
  for (let suffix = name; ;) {
    const zone = index.get(suffix);
    if (zone) return zone;
    const dot = suffix.indexOf('.');
    if (dot < 0) return undefined;
    suffix = suffix.slice(dot + 1);
  }
}

/** Every report domain of `domain` outside its organization, once each, rua first. */
export function externalReportDomains(
  domain: ResolvedDomain,
  environment: ResolvedEnvironment,
): ExternalReportDomain[] {
  if (!domain.dmarc) return [];
  const found = new Map<string, ExternalReportDomain>();
  for (const tag of ['rua', 'ruf'] as const) {
    domain.dmarc[tag].forEach((address, index) => {
      const reportDomain = reportAddressDomain(address);
      if (found.has(reportDomain) || !needsReportAuthorization(domain.name, reportDomain)) return;
      const zone = managedZoneOf(environment, reportAuthName(domain.name, reportDomain));
      found.set(reportDomain, { domain: domain.name, reportDomain, tag, index, zone });
    });
  }
  return [...found.values()];
}

/**
 * The authorization record of a domain whose reports go to another organization's domain
 * that this environment manages: one per domain, for the first such report domain in
 * sorted order, since its Terraform address derives from the domain and the role only.
 * Further report domains are left to the user (`ses-dns validate` says so).
 */
export function planReportAuthorization(
  domain: ResolvedDomain,
  environment: ResolvedEnvironment,
): PlannedRecord | undefined {
  const managed = externalReportDomains(domain, environment)
    .filter((r) => r.zone !== undefined)
    .sort((a, b) => (a.reportDomain < b.reportDomain ? -1 : a.reportDomain > b.reportDomain ? 1 : 0));
  const first = managed[0];
  if (!first?.zone) return undefined;
  return {
    domain: domain.name,
    role: REPORT_AUTH_ROLE,
    name: reportAuthName(domain.name, first.reportDomain),
    type: 'TXT',
    value: REPORT_AUTH_VALUE,
    ttl: domain.ttl,
    zone: first.zone,
    purpose: `Lets ${first.reportDomain} receive the DMARC reports of ${domain.name} (RFC 7489 section 7.1)`,
    required: false,
  };
}
