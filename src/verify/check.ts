/**
 * Checking one planned record against live DNS, and what breaks mail even when the record
 * is there: a second SPF record, a second MX or a CNAME at the MAIL FROM name, a DKIM CNAME
 * whose target holds no key.
 */
import type { PlannedRecord } from '../records/model';
import { hasTokenPlaceholder } from '../records/model';
import { canonicalName, diffDmarc, diffSpf, isDmarc, isSpf, parseTags } from './compare';
import type { DnsLookup } from './lookup';

/** The verdict on one record. */
export type CheckStatus = 'ok' | 'missing' | 'different' | 'conflicting' | 'skipped';

/** One row of `ses-dns verify`. */
export interface RecordCheck {
  readonly environment: string;
  readonly domain: string;
  readonly role: string;
  readonly type: string;
  readonly name: string;
  readonly expected: string;
  readonly status: CheckStatus;
  /** What DNS holds at the name, for the type checked. */
  readonly found: readonly string[];
  /** Why the status is not ok, in words. */
  readonly detail?: string;
}

type Verdict = Pick<RecordCheck, 'status' | 'found' | 'detail'>;

/** The expected value as a row shows it. */
export function expectedText(record: PlannedRecord): string {
  return record.type === 'MX' ? `${record.priority ?? 10} ${record.value}` : record.value;
}

/** Checks `record` (DKIM tokens already filled in, where known) against DNS. */
export async function checkRecord(environment: string, record: PlannedRecord, dns: DnsLookup): Promise<RecordCheck> {
  const row = {
    environment,
    domain: record.domain,
    role: record.role,
    type: record.type,
    name: record.name,
    expected: expectedText(record),
  };
  if (hasTokenPlaceholder(record.name)) {
    return {
      ...row,
      status: 'skipped',
      found: [],
      detail: 'Easy DKIM tokens unknown: pass --tokens FILE (terraform output -json) or --aws',
    };
  }
  return { ...row, ...(await verdictOf(record, dns)) };
}

async function verdictOf(record: PlannedRecord, dns: DnsLookup): Promise<Verdict> {
  switch (record.type) {
    case 'CNAME':
      return checkCname(record, dns);
    case 'MX':
      return checkMx(record, dns);
    case 'TXT':
      return checkTxt(record, dns);
  }
}

async function checkCname(record: PlannedRecord, dns: DnsLookup): Promise<Verdict> {
  const targets = await dns.cname(record.name);
  if (targets.length === 0) return { status: 'missing', found: [] };
  if (!targets.some((t) => canonicalName(t) === canonicalName(record.value))) {
    return { status: 'different', found: targets, detail: `points at ${targets.join(', ')}` };
  }
  if (record.role.startsWith('dkim-')) {
    // The CNAME is only useful if SES's key is behind it (RFC 6376 section 3.6.2.2).
    const keys = (await dns.txt(record.value)).map((s) => s.join('')).filter((v) => parseTags(v).get('p'));
    if (keys.length === 0) {
      return { status: 'different', found: targets, detail: `its target ${record.value} holds no DKIM key` };
    }
  }
  return { status: 'ok', found: targets };
}

async function checkMx(record: PlannedRecord, dns: DnsLookup): Promise<Verdict> {
  const [mx, cname] = await Promise.all([dns.mx(record.name), dns.cname(record.name)]);
  const found = mx.map((m) => `${m.priority} ${canonicalName(m.exchange)}`);
  if (cname.length > 0) {
    return {
      status: 'conflicting',
      found: cname.map((c) => `CNAME ${c}`),
      detail: 'a CNAME at the MAIL FROM name hides its MX and SPF; SES requires none there',
    };
  }
  if (mx.length === 0) return { status: 'missing', found };
  const ours = mx.some((m) => canonicalName(m.exchange) === canonicalName(record.value));
  if (!ours) return { status: 'different', found, detail: `MX points at ${found.join(', ')}` };
  if (mx.length > 1) {
    return {
      status: 'conflicting',
      found,
      detail: `${mx.length} MX records: SES needs exactly one at the MAIL FROM name`,
    };
  }
  const priority = mx[0]!.priority;
  if (priority !== (record.priority ?? 10)) {
    return { status: 'different', found, detail: `priority ${priority}, expected ${record.priority ?? 10}` };
  }
  return { status: 'ok', found };
}

async function checkTxt(record: PlannedRecord, dns: DnsLookup): Promise<Verdict> {
  // Verifiers join a record's strings before reading it (RFC 7208 section 3.3).
  const values = (await dns.txt(record.name)).map((strings) => strings.join(''));
  if (isSpf(record.value))
    return compareOne(values.filter(isSpf), record.value, diffSpf, 'SPF', 'RFC 7208 section 4.5');
  if (isDmarc(record.value) && record.role === 'dmarc') {
    return compareOne(values.filter(isDmarc), record.value, diffDmarc, 'DMARC', 'RFC 7489 section 6.6.3');
  }
  if (record.role === 'dkim') {
    const keys = values.filter((v) => parseTags(v).has('p'));
    return compareOne(keys, record.value, diffDkimKey, 'DKIM key', 'RFC 6376 section 3.6.2.2');
  }
  if (values.length === 0) return { status: 'missing', found: [] };
  return values.includes(record.value)
    ? { status: 'ok', found: values }
    : { status: 'different', found: values, detail: 'no TXT value matches' };
}

function diffDkimKey(expected: string, found: string): string[] {
  const want = parseTags(expected);
  const have = parseTags(found);
  const differences: string[] = [];
  if ((have.get('p') ?? '').replace(/\s+/g, '') !== want.get('p')) differences.push('p: a different public key');
  if ((have.get('k') ?? 'rsa').toLowerCase() !== (want.get('k') ?? 'rsa'))
    differences.push(`k: found ${have.get('k')}`);
  return differences;
}

/** One record of a kind must exist; two are a conflict; one must mean the same as ours. */
function compareOne(
  candidates: string[],
  expected: string,
  diff: (expected: string, found: string) => string[],
  kind: string,
  rule: string,
): Verdict {
  if (candidates.length === 0) return { status: 'missing', found: [] };
  if (candidates.length > 1) {
    return {
      status: 'conflicting',
      found: candidates,
      detail: `${candidates.length} ${kind} records at one name: receivers treat that as an error (${rule})`,
    };
  }
  const differences = diff(expected, candidates[0]!);
  return differences.length === 0
    ? { status: 'ok', found: candidates }
    : { status: 'different', found: candidates, detail: differences.join('; ') };
}
