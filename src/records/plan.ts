/**
 * The record plan: every DNS record one domain needs, in a fixed order.
 */
import type { ResolvedDomain, ResolvedEnvironment } from '../config/model';
import { dkimMethodFor } from './dkim';
import { withExisting } from './existing';
import { renderDmarc } from './dmarc';
import type { PlannedRecord } from './model';
import { planReportAuthorization } from './report-auth';
import { feedbackMxHostFor, trackingHostFor } from './regions';
import { renderMailFromSpf, renderSpf } from './spf';

/** The MX preference SES documents for the MAIL FROM domain. */
export const MAIL_FROM_MX_PRIORITY = 10;

/**
 * Plans the records of one domain: DKIM, then MAIL FROM (one MX and one SPF), DMARC, root
 * SPF and tracking, each when configured.
 */
export function planDomain(domain: ResolvedDomain): PlannedRecord[] {
  // Planned afresh at each call (a few microseconds): a plan kept for every domain of a
  // large config outlived its use and set the memory peak of a split synthesis.
  return planRecords(domain);
}

function planRecords(domain: ResolvedDomain): PlannedRecord[] {
  // Each record is written out whole: spreading shared fields into each literal costs V8
  // about ten times a plain literal here, and every domain is planned (bench/PROFILE.md).
  const { name: domainName, ttl, zone } = domain;
  const records: PlannedRecord[] = dkimMethodFor(domain.dkim).plan(domain);
  if (domain.mailFrom) {
    records.push(
      {
        domain: domainName,
        ttl,
        zone,
        role: 'mail-from-mx',
        name: domain.mailFrom.domain,
        type: 'MX',
        value: feedbackMxHostFor(domain.region),
        priority: MAIL_FROM_MX_PRIORITY,
        purpose: 'Custom MAIL FROM: where receivers send bounces and complaints back to SES',
        required: true,
      },
      {
        domain: domainName,
        ttl,
        zone,
        role: 'mail-from-spf',
        name: domain.mailFrom.domain,
        type: 'TXT',
        value: renderMailFromSpf(domain.mailFrom.spfAll),
        purpose:
          domain.mailFrom.spfAll === 'fail'
            ? 'Custom MAIL FROM SPF: lets SPF pass and align with the From domain for DMARC; -all fails every other sender'
            : 'Custom MAIL FROM SPF: lets SPF pass and align with the From domain for DMARC',
        required: true,
      },
    );
  }
  if (domain.dmarc) {
    records.push({
      domain: domainName,
      ttl,
      zone,
      role: 'dmarc',
      name: `_dmarc.${domain.name}`,
      type: 'TXT',
      value: renderDmarc(domain.dmarc),
      purpose: `DMARC policy ${domain.dmarc.policy}: what receivers do with mail that fails authentication`,
      required: true,
    });
  }
  if (domain.spf) {
    records.push({
      domain: domainName,
      ttl,
      zone,
      role: 'spf',
      name: domain.name,
      type: 'TXT',
      value: renderSpf(domain.spf),
      purpose:
        domain.spf.includeAmazonSes === false
          ? 'Root SPF: authorizes the listed senders for the domain itself (not SES: includeAmazonSes is false)'
          : 'Root SPF: authorizes SES (and the listed senders) for the domain itself',
      required: false,
    });
  }
  if (domain.tracking) {
    records.push({
      domain: domainName,
      ttl,
      zone,
      role: 'tracking',
      name: domain.tracking.domain,
      type: 'CNAME',
      value: trackingHostFor(domain.region),
      purpose: 'Open and click tracking on a custom domain',
      required: false,
    });
  }
  return withExisting(domain, records);
}

/**
 * Records that exist because of other domains of the same environment: the DMARC report
 * authorization a managed report domain publishes for a domain.
 */
export function planDomainInEnvironment(domain: ResolvedDomain, environment: ResolvedEnvironment): PlannedRecord[] {
  const auth = planReportAuthorization(domain, environment);
  return auth ? [auth] : [];
}

/** Plans every record of an environment, domain by domain (domains sorted by name). */
export function planEnvironment(environment: ResolvedEnvironment): PlannedRecord[] {
  return environment.domains.flatMap((domain) => [
    ...planDomain(domain),
    ...planDomainInEnvironment(domain, environment),
  ]);
}
