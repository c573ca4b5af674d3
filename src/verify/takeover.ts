/**
 * What the first apply would do to what is live beside our record (issue #13):
 *
 * - Route 53: one `aws_route53_record` owns the whole set of a (name, type), so a value of
 *   others in that set that the plan does not hold (ours, or kept with `keepTxt`) is removed
 *   by the apply: `would-remove`.
 * - Cloudflare: each value is its own record, so a live record of our kind (an SPF at an SPF
 *   name, a DMARC record at `_dmarc`, an MX at the MAIL FROM name) that is not adopted with
 *   `import:` stays beside the one the apply creates: two SPF or two DMARC records are a
 *   permanent error: `would-duplicate`. That holds for a record that means what ours means
 *   in other words too (`p=none;` for `p=none; adkim=r; aspf=r`): Cloudflare creates ours
 *   beside it. Only a record holding exactly our value is not flagged: it is ours (an earlier
 *   apply wrote exactly that), or, if not, Cloudflare refuses the copy as identical (API
 *   error 81058) and the apply stops before anything is duplicated.
 */
import { TXT_VALUE } from '../config/patterns';
import type { DnsProviderName } from '../config/types';
import { providerSupport } from '../providers/supports';
import type { PlannedRecord } from '../records/model';
import { canonicalName, diffDmarc, diffSpf, isDmarc, isSpf, parseTags } from './compare';

/** A verdict of a takeover check: the status and why. */
export interface TakeoverFinding {
  readonly status: 'would-remove' | 'would-duplicate';
  readonly detail: string;
}

/** Whether a live TXT value is of the kind our record at this name is (it will be replaced). */
export function isOurKind(record: PlannedRecord, value: string): boolean {
  if (isSpf(record.value)) return isSpf(value);
  if (record.role === 'dmarc' || record.role === 'dmarc-report-auth') return isDmarc(value);
  if (record.role === 'dkim') return parseTags(value).has('p');
  return value === record.value;
}

/** Whether a live TXT value means what our record means. */
export function meansOurs(record: PlannedRecord, value: string): boolean {
  if (isSpf(record.value)) return isSpf(value) && diffSpf(record.value, value).length === 0;
  if (record.role === 'dmarc') return isDmarc(value) && diffDmarc(record.value, value).length === 0;
  if (record.role === 'dkim') {
    const want = parseTags(record.value).get('p');
    return (parseTags(value).get('p') ?? '').replace(/\s+/g, '') === want;
  }
  return value === record.value;
}

/** The takeover finding of a TXT record, given the joined values live at its name. */
export function txtTakeover(
  record: PlannedRecord,
  values: readonly string[],
  provider: DnsProviderName,
): TakeoverFinding | undefined {
  if (ownsWholeSet(provider)) {
    const kept = new Set(record.kept ?? []);
    const lost = values.filter((v) => !isOurKind(record, v) && !kept.has(v));
    if (lost.length === 0) return undefined;
    const relative =
      record.name === record.domain
        ? 'a plain string'
        : `{ name: ${record.name.slice(0, -record.domain.length - 1)}, value: ... }`;
    // keepTxt holds printable ASCII without quotes or backslashes: advice for the others must
    // not send the user to a key that refuses them (adopt says the same).
    const keepable = new RegExp(TXT_VALUE);
    const canKeep = lost.filter((v) => keepable.test(v));
    const cannot = lost.filter((v) => !keepable.test(v));
    const quoted = (list: readonly string[]) => list.map((v) => JSON.stringify(v)).join(', ');
    const advice = [
      canKeep.length > 0
        ? `list ${cannot.length === 0 ? (canKeep.length === 1 ? 'it' : 'each') : quoted(canKeep)} in keepTxt of ${record.domain} (as ${relative}) to keep ${canKeep.length === 1 ? 'it' : 'them'}; ses-dns adopt proposes this`
        : undefined,
      cannot.length > 0
        ? `keepTxt cannot hold ${quoted(cannot)} (quotes, backslashes or non-ASCII characters): move or rewrite ${cannot.length === 1 ? 'it' : 'them'} before the first apply`
        : undefined,
    ].filter((a) => a !== undefined);
    return {
      status: 'would-remove',
      detail: `the first apply replaces the whole TXT set at ${record.name} and removes ${quoted(lost)}: ${advice.join('; ')}`,
    };
  }
  if (record.importId !== undefined) return undefined;
  const others = values.filter((v) => isOurKind(record, v) && v !== record.value);
  if (others.length === 0) return undefined;
  const same = others.every((v) => meansOurs(record, v));
  return {
    status: 'would-duplicate',
    detail: `${others.map((v) => JSON.stringify(v)).join(', ')} is live and not adopted: the first apply adds ours beside it${same ? ` (${others.length === 1 ? 'it means the same' : 'they mean the same'}, in other words)` : ''}, and two ${kindWord(record)} records at one name are an error; adopt it with import.${record.role} (ses-dns adopt finds the record id), or delete it`,
  };
}

/** The takeover finding of the MAIL FROM MX, given the MX hosts live at its name. */
export function mxTakeover(
  record: PlannedRecord,
  exchanges: readonly string[],
  provider: DnsProviderName,
): TakeoverFinding | undefined {
  const foreign = exchanges.filter((e) => canonicalName(e) !== canonicalName(record.value));
  if (foreign.length === 0) return undefined;
  if (ownsWholeSet(provider)) {
    return {
      status: 'would-remove',
      detail: `the first apply replaces the MX set at ${record.name} and removes ${foreign.join(', ')}: that name receives other mail, which SES forbids for a MAIL FROM name; choose another mailFrom.subdomain (such as bounce)`,
    };
  }
  if (record.importId !== undefined) return undefined;
  return {
    status: 'would-duplicate',
    detail: `MX ${foreign.join(', ')} is live and not adopted: the first apply adds ours beside it and SES needs exactly one MX there; choose another mailFrom.subdomain (such as bounce), or delete it`,
  };
}

/**
 * Whether one resource of `provider` owns the whole set of a name and type (Route 53), so
 * the apply replaces every value in it, rather than one resource per value (Cloudflare).
 */
function ownsWholeSet(provider: DnsProviderName): boolean {
  return providerSupport(provider).recordSet === 'set';
}

function kindWord(record: PlannedRecord): string {
  if (isSpf(record.value)) return 'SPF';
  if (record.role === 'dkim') return 'DKIM key';
  return 'DMARC';
}
