/**
 * The DMARC record text.
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-6.3
 */
import type { ResolvedDmarc } from '../config/model';

const MODE = { relaxed: 'r', strict: 's' } as const;

/**
 * A report address as a DMARC URI: `mailto:` added to a plain address, and `!` and `,`
 * in the address percent-encoded, since DMARC uses them as size and list separators
 * (RFC 7489 section 6.2).
 */
export function toReportUri(address: string): string {
  if (address.startsWith('mailto:')) return address;
  return `mailto:${address.replace(/!/g, '%21').replace(/,/g, '%2C')}`;
}

/**
 * Renders the `_dmarc` TXT value: `v` first and `p` second as RFC 7489 requires, then the
 * other tags in a fixed order, each only when configured (adkim and aspf always, so the
 * alignment is explicit).
 * @example renderDmarc({ policy: 'reject', alignment: { dkim: 'relaxed', spf: 'relaxed' }, rua: [], ruf: [] })
 *   // 'v=DMARC1; p=reject; adkim=r; aspf=r'
 */
export function renderDmarc(dmarc: ResolvedDmarc): string {
  const tags: [string, string | undefined][] = [
    ['v', 'DMARC1'],
    ['p', dmarc.policy],
    ['sp', dmarc.subdomainPolicy],
    ['np', dmarc.nonexistentPolicy],
    ['adkim', MODE[dmarc.alignment.dkim]],
    ['aspf', MODE[dmarc.alignment.spf]],
    ['pct', dmarc.pct === undefined ? undefined : String(dmarc.pct)],
    ['fo', dmarc.failureOptions?.length ? dmarc.failureOptions.join(':') : undefined],
    ['ri', dmarc.reportInterval === undefined ? undefined : String(dmarc.reportInterval)],
    ['rua', dmarc.rua.length ? dmarc.rua.map(toReportUri).join(',') : undefined],
    ['ruf', dmarc.ruf.length ? dmarc.ruf.map(toReportUri).join(',') : undefined],
  ];
  return tags
    .filter((tag): tag is [string, string] => tag[1] !== undefined)
    .map(([key, value]) => `${key}=${value}`)
    .join('; ');
}
