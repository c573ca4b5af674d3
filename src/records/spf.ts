/**
 * SPF record texts.
 * @see https://www.rfc-editor.org/rfc/rfc7208
 */
import type { ResolvedSpf } from '../config/model';
import type { MailFromSpfAll } from '../config/types';

/** SES's own sending ranges, which every SPF record we write authorizes. */
export const SES_SPF_INCLUDE = 'include:amazonses.com';

/** The SPF of a custom MAIL FROM domain, exactly as SES documents it. */
export const MAIL_FROM_SPF = `v=spf1 ${SES_SPF_INCLUDE} ~all`;

const ALL = { fail: '-all', softfail: '~all', neutral: '?all' } as const;

/**
 * The SPF of a custom MAIL FROM domain: SES's ranges, then `~all` (as SES documents it) or
 * `-all` (`mailFrom.spfAll: fail`).
 * @see https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
 * @example renderMailFromSpf('fail') // 'v=spf1 include:amazonses.com -all'
 */
export function renderMailFromSpf(all: MailFromSpfAll = 'softfail'): string {
  return `v=spf1 ${SES_SPF_INCLUDE} ${ALL[all]}`;
}

/**
 * The root SPF of a domain: always one record (two are a permanent error, RFC 7208
 * section 4.5), SES first (unless `includeAmazonSes` is false), then the configured includes
 * and mechanisms, `all` last.
 * @example renderSpf({ includeAmazonSes: true, include: ['_spf.google.com'], mechanisms: [], all: 'softfail' })
 *   // 'v=spf1 include:amazonses.com include:_spf.google.com ~all'
 */
export function renderSpf(spf: ResolvedSpf): string {
  const terms: string[] = spf.includeAmazonSes === false ? [] : [SES_SPF_INCLUDE];
  for (const domain of spf.include) {
    const term = `include:${domain}`;
    if (!terms.includes(term)) terms.push(term);
  }
  for (const mechanism of spf.mechanisms) if (!terms.includes(mechanism)) terms.push(mechanism);
  return ['v=spf1', ...terms, ALL[spf.all]].join(' ');
}
