/**
 * The record plan: every DNS record one domain needs, in a fixed order.
 */
import type {
  ResolvedDmarc,
  ResolvedDomain,
  ResolvedEnvironment,
  ResolvedMailFrom,
  ResolvedSpf,
  ResolvedTracking,
} from '../config/model';
import { dkimMethodFor } from './dkim';
import { withExisting } from './existing';
import { renderDmarc } from './dmarc';
import type { PlannedRecord } from './model';
import { domainInRegions, markRegion } from './regional';
import type { DomainInRegion } from './regional';
import { planReportAuthorization } from './report-auth';
import { feedbackMxHostFor, trackingHostFor } from '../config/regions';
import { renderMailFromSpf, renderSpf } from './spf';

/** The MX preference SES documents for the MAIL FROM domain. */
export const MAIL_FROM_MX_PRIORITY = 10;

/**
 * Plans the records of one domain: DKIM, then MAIL FROM (one MX and one SPF), DMARC, root
 * SPF and tracking, each when configured. A domain in several SES regions gets the DKIM and
 * MAIL FROM records of each region (home region first), then its one DMARC record and root
 * SPF, then its tracking CNAME (one per region when `tracking.subdomain` holds `{region}`).
 */
export function planDomain(domain: ResolvedDomain): PlannedRecord[] {
  // Planned afresh at each call (a few microseconds): a plan kept for every domain of a
  // large config outlived its use and set the memory peak of a split synthesis.
  return planRecords(domain);
}

function planRecords(domain: ResolvedDomain): PlannedRecord[] {
  const identities = domainInRegions(domain);
  const records: PlannedRecord[] = [];
  for (const identity of identities) records.push(...markRegion(identity, planIdentity(identity)));
  // One DMARC record and one root SPF per domain, whatever its regions.
  if (domain.dmarc) records.push(planDmarc(domain, domain.dmarc));
  if (domain.spf) records.push(planSpf(domain, domain.spf));
  for (const identity of identities) {
    if (identity.domain.tracking) records.push(...markRegion(identity, [planTracking(identity.domain)]));
  }
  return withExisting(domain, records);
}

/**
 * The records of one SES identity of a domain: its DKIM records (a BYODKIM key, the same for
 * every region, is published once, by the home region) and its MAIL FROM.
 */
function planIdentity({ domain, further }: DomainInRegion): PlannedRecord[] {
  const dkim = dkimMethodFor(domain.dkim);
  const records = further && !dkim.perRegion ? [] : dkim.plan(domain);
  if (domain.mailFrom) records.push(...planMailFrom(domain, domain.mailFrom));
  return records;
}

// Each record is written out whole: spreading shared fields into each literal costs V8 about
// ten times a plain literal here, and every domain is planned (bench/PROFILE.md).

function planMailFrom(domain: ResolvedDomain, mailFrom: ResolvedMailFrom): PlannedRecord[] {
  return [
    {
      domain: domain.name,
      ttl: domain.ttl,
      zone: domain.zone,
      role: 'mail-from-mx',
      name: mailFrom.domain,
      type: 'MX',
      value: feedbackMxHostFor(domain.region),
      priority: MAIL_FROM_MX_PRIORITY,
      purpose: 'Custom MAIL FROM: where receivers send bounces and complaints back to SES',
      required: true,
    },
    {
      domain: domain.name,
      ttl: domain.ttl,
      zone: domain.zone,
      role: 'mail-from-spf',
      name: mailFrom.domain,
      type: 'TXT',
      value: renderMailFromSpf(mailFrom.spfAll),
      purpose:
        mailFrom.spfAll === 'fail'
          ? 'Custom MAIL FROM SPF: lets SPF pass and align with the From domain for DMARC; -all fails every other sender'
          : 'Custom MAIL FROM SPF: lets SPF pass and align with the From domain for DMARC',
      required: true,
    },
  ];
}

function planDmarc(domain: ResolvedDomain, dmarc: ResolvedDmarc): PlannedRecord {
  return {
    domain: domain.name,
    ttl: domain.ttl,
    zone: domain.zone,
    role: 'dmarc',
    name: `_dmarc.${domain.name}`,
    type: 'TXT',
    value: renderDmarc(dmarc),
    purpose: `DMARC policy ${dmarc.policy}: what receivers do with mail that fails authentication`,
    required: true,
  };
}

function planSpf(domain: ResolvedDomain, spf: ResolvedSpf): PlannedRecord {
  return {
    domain: domain.name,
    ttl: domain.ttl,
    zone: domain.zone,
    role: 'spf',
    name: domain.name,
    type: 'TXT',
    value: renderSpf(spf),
    purpose:
      spf.includeAmazonSes === false
        ? 'Root SPF: authorizes the listed senders for the domain itself (not SES: includeAmazonSes is false)'
        : 'Root SPF: authorizes SES (and the listed senders) for the domain itself',
    required: false,
  };
}

function planTracking(domain: ResolvedDomain): PlannedRecord {
  return {
    domain: domain.name,
    ttl: domain.ttl,
    zone: domain.zone,
    role: 'tracking',
    name: (domain.tracking as ResolvedTracking).domain,
    type: 'CNAME',
    value: trackingHostFor(domain.region),
    purpose: 'Open and click tracking on a custom domain',
    required: false,
  };
}

/**
 * Records that exist because of other domains of the same environment: the DMARC report
 * authorization a managed report domain publishes for a domain, with its import id
 * (`import.dmarc-report-auth` of the domain whose reports go there).
 */
export function planDomainInEnvironment(domain: ResolvedDomain, environment: ResolvedEnvironment): PlannedRecord[] {
  const auth = planReportAuthorization(domain, environment);
  return auth ? withExisting(domain, [auth]) : [];
}

/** Plans every record of an environment, domain by domain (domains sorted by name). */
export function planEnvironment(environment: ResolvedEnvironment): PlannedRecord[] {
  return environment.domains.flatMap((domain) => [
    ...planDomain(domain),
    ...planDomainInEnvironment(domain, environment),
  ]);
}
