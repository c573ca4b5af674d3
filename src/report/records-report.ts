/**
 * `RECORDS.md`: the records of one environment in words, written beside its `cdk.tf.json`
 * so that a pull request shows the DNS change next to the Terraform (the summary table of
 * the seed guide: type, name, value, purpose, required).
 */
import type { ResolvedDomain, ResolvedEnvironment, ResolvedMailFrom } from '../config/model';
import { hasTokenPlaceholder, withTokens } from '../records/model';
import { domainRegions, isMultiRegion, tokensFor } from '../records/regional';
import type { DkimTokens } from '../records/regional';
import type { PlannedRecord } from '../records/model';
import { dkimMethodFor } from '../records/dkim';
import { planDomain, planDomainInEnvironment } from '../records/plan';
import { providerSupport } from '../providers/supports';
import { renderTemplate } from './templates';

/**
 * Renders the RECORDS.md of `environment`; a domain in several SES regions gets a Region
 * column.
 * @param tokens Easy DKIM tokens by identity, when known (`ses-dns records --tokens`).
 */
export function renderRecordsMarkdown(environment: ResolvedEnvironment, tokens: DkimTokens = new Map()): string {
  const domains = environment.domains.map((domain) => {
    const multiRegion = isMultiRegion(domain);
    return {
      name: domain.name,
      multiRegion,
      region: multiRegion ? regionsInWords(domainRegions(domain)) : domain.region,
      zone: domain.zone.kind === 'name' ? domain.zone.name : `id ${domain.zone.id}`,
      dkim: dkimMethodFor(domain.dkim).summary,
      mailFrom: domain.mailFrom ? mailFromInWords(domain, domain.mailFrom) : 'off (SPF will not align for DMARC)',
      dmarc: domain.dmarc ? domain.dmarc.policy : 'off',
      records: [...planDomain(domain), ...planDomainInEnvironment(domain, environment)].flatMap((planned) => {
        const r = withTokens(planned, tokensFor(tokens, planned, domain.region) ?? []);
        return [
          {
            region: r.region ?? 'all',
            type: r.type,
            name: r.name,
            value: r.type === 'MX' ? `${r.priority} ${r.value}` : r.value,
            ttl: r.ttl,
            purpose: r.purpose,
            required: r.required ? 'required' : 'optional',
          },
          ...keptRows(environment, planned),
        ];
      }),
    };
  });
  const hasEasyDkim = domains.some((d) => d.records.some((r) => hasTokenPlaceholder(r.name)));
  return renderTemplate('RECORDS.md.hbs', {
    environment: environment.name,
    provider: providerSupport(environment.dns.provider).title,
    region: environment.region,
    hasEasyDkim,
    // The per-region outputs are named only where a domain with Easy DKIM has several regions.
    hasRegionalTokens: domains.some((d) => d.multiRegion && d.records.some((r) => hasTokenPlaceholder(r.name))),
    domains,
  });
}

/** `us-east-1 (home), us-east-2, us-west-2`. */
function regionsInWords(regions: readonly string[]): string {
  return regions.map((region, i) => (i === 0 ? `${region} (home)` : region)).join(', ');
}

/** The MAIL FROM name; of a domain in several regions, its pattern and that there is one per region. */
function mailFromInWords(domain: ResolvedDomain, mailFrom: ResolvedMailFrom): string {
  return isMultiRegion(domain) ? `${mailFrom.subdomain}.${domain.name} (one per region)` : mailFrom.domain;
}

/** Why a kept TXT value (keepTxt) is listed beside `record`, in words. */
export function keptPurpose(environment: ResolvedEnvironment, record: PlannedRecord): string {
  const support = providerSupport(environment.dns.provider);
  return support.keptTxt === 'in-set'
    ? `Not ours, kept (keepTxt): written into the same ${support.title} record set as the ${record.role} record`
    : `Not ours, kept (keepTxt): a separate ${support.title} record that ses-dns never touches`;
}

/** Rows for the TXT values of others kept beside `record` (keepTxt). */
function keptRows(environment: ResolvedEnvironment, record: PlannedRecord) {
  const purpose = keptPurpose(environment, record);
  return (record.kept ?? []).map((value) => ({
    region: record.region ?? 'all',
    type: 'TXT',
    name: record.name,
    value,
    ttl: record.ttl,
    purpose,
    required: 'kept',
  }));
}
