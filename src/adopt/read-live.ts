/**
 * Reading live SPF and DMARC records back into config values, so that the plan renders a
 * record that means what the live one means (`verify` compares by the same rules:
 * verify/compare.ts). What a config cannot say (`+all`, a `redirect=`, an unknown DMARC tag)
 * is reported as a problem for a person instead of being dropped.
 */
import type { ResolvedDmarc } from '../config/model';
import { DMARC_REPORT_ADDRESS, SPF_DOMAIN, SPF_MECHANISM } from '../config/patterns';
import type { DmarcPolicy, MailFromSpfAll, SpfAll } from '../config/types';
import { toReportUri } from '../records/dmarc';
import { parseTags } from '../verify/compare';

/** A root SPF as config values. */
export interface RootSpfValues {
  readonly includeAmazonSes: boolean;
  readonly include: readonly string[];
  readonly mechanisms: readonly string[];
  readonly all: SpfAll;
}

/** What a live SPF record says, as far as a config can say it. */
export interface Reading<T> {
  readonly values?: T;
  /** Why it cannot be said in the config, each a sentence. */
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}

const QUALIFIED_ALL: Record<string, SpfAll | undefined> = { '-': 'fail', '~': 'softfail', '?': 'neutral' };

/**
 * A live root SPF as `spf` settings.
 * @see https://www.rfc-editor.org/rfc/rfc7208#section-4.6
 */
export function readRootSpf(text: string): Reading<RootSpfValues> {
  const problems: string[] = [];
  const notes: string[] = [];
  let includeAmazonSes = false;
  const include: string[] = [];
  const mechanisms: string[] = [];
  let all: SpfAll | undefined;
  for (const term of text.trim().split(/\s+/).slice(1)) {
    const qualifier = /^[+?~-]/.test(term) ? term[0]! : '';
    const body = qualifier ? term.slice(1) : term;
    const lower = body.toLowerCase();
    if (lower === 'all') {
      all = QUALIFIED_ALL[qualifier];
      if (!all)
        problems.push(
          `it ends in ${term}, which lets every host on the internet pass; ses-dns writes -all, ~all or ?all`,
        );
      continue;
    }
    if (body.includes('=')) {
      problems.push(`it holds the modifier ${term}, which ses-dns cannot write`);
      continue;
    }
    if ((qualifier === '' || qualifier === '+') && lower.startsWith('include:')) {
      const domain = body.slice('include:'.length);
      if (domain.toLowerCase() === 'amazonses.com') includeAmazonSes = true;
      else if (new RegExp(SPF_DOMAIN).test(domain)) include.push(domain);
      else problems.push(`its term ${term} names no domain ses-dns can write`);
      continue;
    }
    const mechanism = qualifier === '+' ? body : term;
    if (new RegExp(SPF_MECHANISM).test(mechanism)) mechanisms.push(mechanism);
    else problems.push(`its term ${term} is not a mechanism ses-dns can write`);
  }
  if (!all) {
    // No all and no redirect: a verifier returns neutral (RFC 7208 section 4.7).
    all = 'neutral';
    notes.push('it has no all term, which verifiers read as ?all: ses-dns writes ?all explicitly');
  }
  return problems.length > 0
    ? { problems, notes }
    : { values: { includeAmazonSes, include, mechanisms, all }, problems, notes };
}

/** A live MAIL FROM SPF as `mailFrom.spfAll`; `lacksSes` when it does not authorize SES. */
export function readMailFromSpf(text: string): Reading<{ spfAll: MailFromSpfAll; lacksSes: boolean }> {
  const problems: string[] = [];
  let lacksSes = true;
  let spfAll: MailFromSpfAll | undefined;
  for (const term of text.trim().split(/\s+/).slice(1)) {
    const lower = term.toLowerCase().replace(/^\+/, '');
    if (lower === 'include:amazonses.com') lacksSes = false;
    else if (lower === '~all') spfAll = 'softfail';
    else if (lower === '-all') spfAll = 'fail';
    else if (/^[?]?all$/.test(lower)) problems.push(`it ends in ${term}; SES's MAIL FROM SPF ends in ~all or -all`);
    else problems.push(`it also authorizes ${term}, but the MAIL FROM name must serve SES alone`);
  }
  if (!spfAll && problems.length === 0) problems.push("it has no all term; SES's MAIL FROM SPF ends in ~all or -all");
  return problems.length > 0 ? { problems, notes: [] } : { values: { spfAll: spfAll!, lacksSes }, problems, notes: [] };
}

/** The DMARC settings of a live record, in config form. */
export interface DmarcValues {
  readonly policy: DmarcPolicy;
  readonly subdomainPolicy?: DmarcPolicy;
  readonly nonexistentPolicy?: DmarcPolicy;
  readonly alignment: { readonly dkim: 'relaxed' | 'strict'; readonly spf: 'relaxed' | 'strict' };
  readonly pct?: number;
  readonly failureOptions?: readonly string[];
  readonly reportInterval?: number;
  readonly rua: readonly string[];
  readonly ruf: readonly string[];
}

const POLICIES: readonly string[] = ['none', 'quarantine', 'reject'];
const KNOWN_TAGS = new Set(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'pct', 'fo', 'ri', 'rua', 'ruf', 'rf']);

/**
 * A live DMARC record as `dmarc` settings.
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-6.3
 */
export function readDmarc(text: string): Reading<DmarcValues> {
  const tags = parseTags(text);
  const problems: string[] = [];
  const policy = (name: string): DmarcPolicy | undefined => {
    const value = tags.get(name)?.toLowerCase();
    if (value === undefined) return undefined;
    if (POLICIES.includes(value)) return value as DmarcPolicy;
    problems.push(`its ${name}=${tags.get(name)} is not none, quarantine or reject`);
    return undefined;
  };
  const p = policy('p');
  if (!tags.has('p')) problems.push('it has no p= tag, so receivers ignore it');
  const mode = (name: string) => {
    const value = (tags.get(name) ?? 'r').toLowerCase();
    if (value !== 'r' && value !== 's') problems.push(`its ${name}=${tags.get(name)} is not r or s`);
    return value === 's' ? 'strict' : 'relaxed';
  };
  const integer = (name: string, min: number, max: number): number | undefined => {
    const raw = tags.get(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`its ${name}=${raw} is outside what ses-dns writes (${min} to ${max})`);
      return undefined;
    }
    return n;
  };
  const uris = (name: string): string[] => {
    const raw = tags.get(name);
    if (!raw) return [];
    return raw
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean)
      .map((uri) => {
        const address = configAddress(uri);
        if (!new RegExp(DMARC_REPORT_ADDRESS).test(address)) {
          problems.push(`its ${name} address ${uri} is not a mailto: address ses-dns can write`);
        }
        return address;
      });
  };
  const fo = tags.get('fo');
  const failureOptions = fo === undefined ? undefined : fo.split(':').map((o) => o.trim().toLowerCase());
  if (failureOptions?.some((o) => !['0', '1', 'd', 's'].includes(o)))
    problems.push(`its fo=${fo} is not made of 0, 1, d, s`);
  const rf = tags.get('rf');
  if (rf !== undefined && rf.toLowerCase() !== 'afrf')
    problems.push(`its rf=${rf} is not afrf, the only format ses-dns writes`);
  for (const tag of tags.keys()) {
    if (!KNOWN_TAGS.has(tag)) problems.push(`its tag ${tag}= is one ses-dns does not write`);
  }
  const values: DmarcValues = {
    policy: p ?? 'none',
    subdomainPolicy: policy('sp'),
    nonexistentPolicy: policy('np'),
    alignment: { dkim: mode('adkim'), spf: mode('aspf') },
    pct: integer('pct', 0, 100),
    failureOptions,
    reportInterval: integer('ri', 3600, 2147483647),
    rua: uris('rua'),
    ruf: uris('ruf'),
  };
  return problems.length > 0 ? { problems, notes: [] } : { values, problems, notes: [] };
}

/** A report URI as a config writes it: a plain address where that means the same. */
function configAddress(uri: string): string {
  const address = uri.replace(/^mailto:/i, '');
  return /^mailto:/i.test(uri) && !/[!%]/.test(address) ? address : uri.replace(/^mailto:/i, 'mailto:');
}

/** One DMARC setting that differs in meaning between the config and the live record. */
export interface DmarcChange {
  /** Key inside `dmarc`: `policy`, `alignment.dkim`, ... */
  readonly key: string;
  readonly value: unknown;
  readonly was: unknown;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * The settings that make `resolved` render a record meaning what `live` means. A tag the
 * config sets and the live record omits is set to the value a receiver assumes for it
 * (RFC 7489 section 6.3): `sp` is `p`, `pct` 100, `fo` 0, `ri` 86400.
 */
export function dmarcChanges(resolved: ResolvedDmarc, live: DmarcValues): DmarcChange[] {
  const changes: DmarcChange[] = [];
  const change = (key: string, value: unknown, was: unknown) => changes.push({ key, value, was });
  if (resolved.policy !== live.policy) change('policy', live.policy, resolved.policy);
  // What sp and np mean when absent: sp is p, np is sp (RFC 7489 section 6.3, RFC 9989).
  const liveSp = live.subdomainPolicy ?? live.policy;
  const liveNp = live.nonexistentPolicy ?? liveSp;
  if (resolved.subdomainPolicy !== undefined ? resolved.subdomainPolicy !== liveSp : liveSp !== live.policy) {
    change('subdomainPolicy', liveSp, resolved.subdomainPolicy);
  }
  if (resolved.nonexistentPolicy !== undefined ? resolved.nonexistentPolicy !== liveNp : liveNp !== liveSp) {
    change('nonexistentPolicy', liveNp, resolved.nonexistentPolicy);
  }
  if (resolved.alignment.dkim !== live.alignment.dkim)
    change('alignment.dkim', live.alignment.dkim, resolved.alignment.dkim);
  if (resolved.alignment.spf !== live.alignment.spf)
    change('alignment.spf', live.alignment.spf, resolved.alignment.spf);
  if ((resolved.pct ?? 100) !== (live.pct ?? 100)) change('pct', live.pct ?? 100, resolved.pct);
  const fo = (f: readonly string[] | undefined) => (f && f.length ? f : ['0']);
  if (!sameList(fo(resolved.failureOptions), fo(live.failureOptions))) {
    change('failureOptions', [...fo(live.failureOptions)], resolved.failureOptions);
  }
  if ((resolved.reportInterval ?? 86400) !== (live.reportInterval ?? 86400)) {
    change('reportInterval', live.reportInterval ?? 86400, resolved.reportInterval);
  }
  const uris = (list: readonly string[]) => list.map((a) => toReportUri(a).toLowerCase());
  if (!sameList(uris(resolved.rua), uris(live.rua))) change('rua', [...live.rua], [...resolved.rua]);
  if (!sameList(uris(resolved.ruf), uris(live.ruf))) change('ruf', [...live.ruf], [...resolved.ruf]);
  return changes;
}
