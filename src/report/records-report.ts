/**
 * `RECORDS.md`: the records of one environment in words, written beside its `cdk.tf.json`
 * so that a pull request shows the DNS change next to the Terraform (the summary table of
 * the seed guide: type, name, value, purpose, required).
 */
import type { ResolvedEnvironment } from '../config/model';
import type { PlannedRecord } from '../records/model';
import { planDomain } from '../records/plan';
import { renderTemplate } from './templates';

/** Renders the RECORDS.md of `environment`. */
export function renderRecordsMarkdown(environment: ResolvedEnvironment): string {
  const domains = environment.domains.map((domain) => ({
    name: domain.name,
    region: domain.region,
    zone: domain.zone.kind === 'name' ? domain.zone.name : `id ${domain.zone.id}`,
    dkim:
      domain.dkim.type === 'easy'
        ? `Easy DKIM (${domain.dkim.keyLength}-bit)`
        : `BYODKIM (selector ${domain.dkim.selector})`,
    mailFrom: domain.mailFrom ? domain.mailFrom.domain : 'off (SPF will not align for DMARC)',
    dmarc: domain.dmarc ? domain.dmarc.policy : 'off',
    records: planDomain(domain).flatMap((r) => [
      {
        type: r.type,
        name: r.name,
        value: r.type === 'MX' ? `${r.priority} ${r.value}` : r.value,
        ttl: r.ttl,
        purpose: r.purpose,
        required: r.required ? 'required' : 'optional',
      },
      ...keptRows(environment, r),
    ]),
  }));
  return renderTemplate('RECORDS.md.hbs', {
    environment: environment.name,
    provider: environment.dns.provider === 'route53' ? 'Route 53' : 'Cloudflare',
    region: environment.region,
    hasEasyDkim: environment.domains.some((d) => d.dkim.type === 'easy'),
    domains,
  });
}

/** Rows for the TXT values of others kept beside `record` (keepTxt). */
function keptRows(environment: ResolvedEnvironment, record: PlannedRecord) {
  const purpose =
    environment.dns.provider === 'route53'
      ? `Not ours, kept (keepTxt): written into the same Route 53 record set as the ${record.role} record`
      : 'Not ours, kept (keepTxt): a separate Cloudflare record that ses-dns never touches';
  return (record.kept ?? []).map((value) => ({
    type: 'TXT',
    name: record.name,
    value,
    ttl: record.ttl,
    purpose,
    required: 'kept',
  }));
}
