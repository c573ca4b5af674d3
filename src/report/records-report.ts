/**
 * `RECORDS.md`: the records of one environment in words, written beside its `cdk.tf.json`
 * so that a pull request shows the DNS change next to the Terraform (the summary table of
 * the seed guide: type, name, value, purpose, required).
 */
import type { ResolvedEnvironment } from '../config/model';
import { fillTokens, hasTokenPlaceholder } from '../records/model';
import type { PlannedRecord } from '../records/model';
import { planDomain, planDomainInEnvironment } from '../records/plan';
import { renderTemplate } from './templates';

/**
 * Renders the RECORDS.md of `environment`.
 * @param tokens Easy DKIM tokens by domain, when known (`ses-dns records --tokens`).
 */
export function renderRecordsMarkdown(
  environment: ResolvedEnvironment,
  tokens: ReadonlyMap<string, readonly string[]> = new Map(),
): string {
  const fill = (domain: string, text: string) => fillTokens(text, tokens.get(domain) ?? []);
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
    records: [...planDomain(domain), ...planDomainInEnvironment(domain, environment)].flatMap((r) => [
      {
        type: r.type,
        name: fill(r.domain, r.name),
        value: fill(r.domain, r.type === 'MX' ? `${r.priority} ${r.value}` : r.value),
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
    hasEasyDkim: domains.some((d) => d.records.some((r) => hasTokenPlaceholder(r.name))),
    domains,
  });
}

/** Why a kept TXT value (keepTxt) is listed beside `record`, in words. */
export function keptPurpose(environment: ResolvedEnvironment, record: PlannedRecord): string {
  return environment.dns.provider === 'route53'
    ? `Not ours, kept (keepTxt): written into the same Route 53 record set as the ${record.role} record`
    : 'Not ours, kept (keepTxt): a separate Cloudflare record that ses-dns never touches';
}

/** Rows for the TXT values of others kept beside `record` (keepTxt). */
function keptRows(environment: ResolvedEnvironment, record: PlannedRecord) {
  const purpose = keptPurpose(environment, record);
  return (record.kept ?? []).map((value) => ({
    type: 'TXT',
    name: record.name,
    value,
    ttl: record.ttl,
    purpose,
    required: 'kept',
  }));
}
