/**
 * Checking one planned record against live DNS, and what breaks mail even when the record
 * is there: a second SPF record, a second MX or a CNAME at the MAIL FROM name, a DKIM CNAME
 * whose target holds no key; a record published one label too deep; and, given the
 * environment's provider, what the first apply would remove or duplicate (takeover.ts).
 */
import type { DnsProviderName } from '../config/types';
import type { PlannedRecord } from '../records/model';
import { hasTokenPlaceholder } from '../records/model';
import { canonicalName, diffDmarc, diffSpf, isDmarc, isSpf, parseTags } from './compare';
import type { DnsLookup } from './lookup';
import { misplacedNames } from './misplaced';
import { mxTakeover, txtTakeover } from './takeover';
import type { TakeoverFinding } from './takeover';

/**
 * The verdict on one record: `misplaced` is a missing record found one label too deep;
 * `would-remove` (Route 53) and `would-duplicate` (Cloudflare) say what the first apply
 * would do to live values beside ours.
 */
export type CheckStatus =
  'ok' | 'missing' | 'different' | 'conflicting' | 'skipped' | 'misplaced' | 'would-remove' | 'would-duplicate';

/** What a check knows of where the record goes. */
export interface CheckContext {
  /**
   * The environment's DNS provider; without it, nothing is said of what the apply would do.
   * @default none
   */
  readonly provider?: DnsProviderName;
  /**
   * The name of the zone that holds the record, for finding it one label too deep.
   * @default the record's domain
   */
  readonly zone?: string;
}

/** One row of `ses-dns verify`. */
export interface RecordCheck {
  readonly environment: string;
  readonly domain: string;
  /**
   * The SES region whose identity the record serves, for a domain in several (its DKIM and
   * MAIL FROM records; issue #16).
   * @default none: the record serves the domain in all its regions, or it has one
   */
  readonly region?: string;
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
export async function checkRecord(
  environment: string,
  record: PlannedRecord,
  dns: DnsLookup,
  context: CheckContext = {},
): Promise<RecordCheck> {
  const row = {
    environment,
    domain: record.domain,
    ...(record.region !== undefined && { region: record.region }),
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
      detail:
        record.region === undefined
          ? 'Easy DKIM tokens unknown: pass --tokens FILE (terraform output -json) or --aws'
          : `Easy DKIM tokens of the ${record.region} identity unknown: pass --tokens FILE (terraform output -json, or { "${record.domain}": { "${record.region}": [t1, t2, t3] } }) or --aws`,
    };
  }
  const verdict = await verdictOf(record, dns, context);
  if (verdict.status === 'missing') {
    return { ...row, ...((await findMisplaced(record, dns, context.zone ?? record.domain)) ?? verdict) };
  }
  return { ...row, ...verdict };
}

async function verdictOf(record: PlannedRecord, dns: DnsLookup, context: CheckContext): Promise<Verdict> {
  switch (record.type) {
    case 'CNAME':
      return checkCname(record, dns);
    case 'MX':
      return withTakeover(await checkMx(record, dns), (exchanges) =>
        context.provider ? mxTakeover(record, exchanges, context.provider) : undefined,
      );
    case 'TXT':
      return checkTxt(record, dns, context);
  }
}

/**
 * A takeover finding outranks every status but `conflicting` (the live state is broken
 * already); its reason is added to the one already found.
 */
function withTakeover(verdict: Verdict, find: (found: string[]) => TakeoverFinding | undefined): Verdict {
  if (verdict.status === 'conflicting' && verdict.found.some((f) => f.startsWith('CNAME '))) return verdict;
  const values = verdict.found.map((f) => f.replace(/^\d+ /, ''));
  const finding = find(values);
  if (!finding) return verdict;
  const detail = [verdict.detail, finding.detail].filter(Boolean).join('; ');
  return verdict.status === 'conflicting'
    ? { ...verdict, detail }
    : { status: finding.status, found: verdict.found, detail };
}

/** A missing record found at a name one label too deep, or undefined. */
async function findMisplaced(record: PlannedRecord, dns: DnsLookup, zone: string): Promise<Verdict | undefined> {
  for (const name of misplacedNames(record.name, zone)) {
    const found =
      record.type === 'CNAME'
        ? await dns.cname(name)
        : record.type === 'MX'
          ? (await dns.mx(name)).map((m) => `${m.priority} ${canonicalName(m.exchange)}`)
          : (await dns.txt(name)).map((strings) => strings.join(''));
    if (found.length === 0) continue;
    return {
      status: 'misplaced',
      found: found.map((f) => `${name}: ${f}`),
      detail: `not at ${record.name} but at ${name}, one label too deep: the DNS host added the zone to a name that already held it; delete it there and publish it at ${record.name} (in a form that appends the zone, enter ${relativeTo(record.name, zone)})`,
    };
  }
  return undefined;
}

/** `name` relative to `zone` as DNS forms take it (`@` for the apex). */
function relativeTo(name: string, zone: string): string {
  return name === zone ? '@' : name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : name;
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

async function checkTxt(record: PlannedRecord, dns: DnsLookup, context: CheckContext): Promise<Verdict> {
  const [strings, cname] = await Promise.all([dns.txt(record.name), dns.cname(record.name)]);
  // Verifiers join a record's strings before reading it (RFC 7208 section 3.3).
  const values = strings.map((s) => s.join(''));
  if (cname.length > 0) {
    // A resolver follows the CNAME: the TXT answers are the target's, and no TXT of ours
    // can be published beside a CNAME (RFC 1034 section 3.6.2).
    const where = record.role === 'mail-from-spf' ? 'the MAIL FROM name' : record.name;
    return {
      status: 'conflicting',
      found: [...cname.map((c) => `CNAME ${c}`), ...values],
      detail: `${where} is a CNAME to ${cname.join(', ')}: its TXT answers are that name's, and no TXT record can sit beside a CNAME (RFC 1034 section 3.6.2)${record.role === 'mail-from-spf' ? '; SES requires no CNAME at the MAIL FROM name: remove the CNAME or choose another mailFrom.subdomain' : ': remove the CNAME'}`,
    };
  }
  const verdict = txtVerdict(record, values);
  if (!context.provider) return verdict;
  const finding = txtTakeover(record, values, context.provider);
  if (!finding) return verdict;
  const detail = [verdict.detail, finding.detail].filter(Boolean).join('; ');
  return verdict.status === 'conflicting'
    ? { ...verdict, found: values, detail }
    : { status: finding.status, found: values, detail };
}

function txtVerdict(record: PlannedRecord, values: string[]): Verdict {
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
