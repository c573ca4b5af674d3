/**
 * Whether a domain's DMARC policy can move one step: none -> quarantine -> reject.
 *
 * The decision reads only the reports published under the domain's current policy (the
 * receiver's `policy_published` says which record it applied), so each step is earned by
 * evidence gathered at the step before it: after `--apply` moves a domain to quarantine,
 * reject waits for reports that show quarantine in force. The thresholds (documented in
 * docs/cli.md) are options:
 *
 * - at least `minMessages` messages over at least `minDays` days;
 * - at least `minPassPercent` of them pass DMARC;
 * - no sending IP that fails DMARC also sends passing mail for the domain: such a source is
 *   almost always a legitimate sender with a gap (a second DKIM key, a forwarder, a
 *   service without custom MAIL FROM), whose mail the next step would lose.
 *
 * Subdomains: without `subdomainPolicy` (sp), subdomains follow `p`, so their mail in those
 * reports counts too; with sp, they keep sp and only the domain's own mail counts.
 * `pct` below 100 (RFC 7489; DMARCbis drops it) means the current step is not in full force:
 * a domain at quarantine or reject with pct < 100 stays until pct is 100.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-6.3 (p, sp, pct)
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-6.6.4 (what pct selects)
 * @see https://www.rfc-editor.org/rfc/rfc9989 (DMARCbis: pct removed, np and t added)
 */
import type { ResolvedDmarc } from '../config/model';
import type { DmarcPolicy } from '../config/types';
import { compareText, passesDmarc, periodOf, tally } from './aggregate';
import type { DomainFigures, Period, Row } from './aggregate';
import type { AggregateReport } from './model';

/** When a domain is ready for its next step. */
export interface Thresholds {
  /** @default 100 */
  readonly minMessages: number;
  /** @default 14 */
  readonly minDays: number;
  /** Percent of messages passing DMARC. @default 99 */
  readonly minPassPercent: number;
  /** Ignore sources that send both passing and failing mail (forwarders you accept to lose). @default false */
  readonly allowMixedSources: boolean;
}

/** The default thresholds. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  minMessages: 100,
  minDays: 14,
  minPassPercent: 99,
  allowMixedSources: false,
};

/** What to do with a domain's policy. */
export type Action = 'stay' | 'quarantine' | 'reject';

/** A source that sends both passing and failing mail. */
export interface MixedSource {
  readonly ip: string;
  readonly passing: number;
  readonly failing: number;
}

/** The evidence a recommendation rests on: the reports published under the current policy. */
export interface Basis {
  readonly policy: DmarcPolicy;
  readonly reports: number;
  readonly messages: number;
  readonly dmarcPass: number;
  readonly period?: Period;
  /** Whether subdomain mail counted (no sp: subdomains follow p). */
  readonly includesSubdomains: boolean;
  readonly mixedSources: readonly MixedSource[];
}

/** The verdict for one domain. */
export interface Recommendation {
  readonly action: Action;
  /** The policy in the config; absent for domains outside it or without DMARC. */
  readonly current?: DmarcPolicy;
  readonly reason: string;
  readonly basis?: Basis;
}

/** One config entry of a domain (a domain may be in several environments). */
export interface DomainEntry {
  readonly environment: string;
  /** `environments.production.domains[0]`. */
  readonly path: string;
  readonly dmarc: ResolvedDmarc | false;
}

const NEXT: Record<DmarcPolicy, DmarcPolicy | undefined> = {
  none: 'quarantine',
  quarantine: 'reject',
  reject: undefined,
};

/** The next step after `policy`, if any. */
export function nextPolicy(policy: DmarcPolicy): DmarcPolicy | undefined {
  return NEXT[policy];
}

/** `98.96` as `98.9`: rounded down, so a shown 99.0 never hides a failed 99 threshold. */
export function percent(part: number, whole: number): string {
  if (whole === 0) return '0';
  const tenths = Math.floor((part * 1000) / whole) / 10;
  return tenths.toFixed(1).replace(/\.0$/, '');
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The recommendation for a domain of the config.
 * @param reports the unique reports; only those whose policy domain is `domain` are read
 */
export function recommend(
  domain: string,
  entries: readonly DomainEntry[],
  reports: readonly AggregateReport[],
  figures: DomainFigures | undefined,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Recommendation {
  const settings = new Map(entries.map((e) => [describeDmarc(e.dmarc), e]));
  if (settings.size > 1) {
    const list = entries.map((e) => `${e.environment} (${describeDmarc(e.dmarc)})`).join(', ');
    return {
      action: 'stay',
      reason: `configured differently in ${list}; the reports cannot tell them apart: pass --env to judge one environment`,
    };
  }
  const dmarc = entries[0]?.dmarc;
  if (!dmarc) return { action: 'stay', reason: 'DMARC is off for this domain in the config (dmarc: false)' };
  const current = dmarc.policy;
  const next = nextPolicy(current);
  const basis = evidence(domain, dmarc, reports);
  if (!next) {
    const health =
      basis.messages > 0 && (basis.dmarcPass * 100) / basis.messages < thresholds.minPassPercent
        ? `; only ${percent(basis.dmarcPass, basis.messages)}% of ${count(basis.messages)} messages pass DMARC: check the failing sources`
        : '';
    return { action: 'stay', current, reason: `reject is the last step${health}`, basis };
  }
  if (current !== 'none' && dmarc.pct !== undefined && dmarc.pct < 100) {
    return {
      action: 'stay',
      current,
      reason: `pct=${dmarc.pct}: ${current} applies to ${dmarc.pct}% of failing mail only; raise pct to 100 (or remove it: DMARCbis drops pct) and collect reports before ${next}`,
      basis,
    };
  }
  if (basis.reports === 0) return { action: 'stay', current, reason: noEvidence(current, dmarc, figures), basis };
  const problems: string[] = [];
  const days = basis.period?.days ?? 0;
  if (basis.messages < thresholds.minMessages) {
    problems.push(
      `${count(basis.messages)} messages under p=${current}, fewer than the ${count(thresholds.minMessages)} needed`,
    );
  }
  if (days < thresholds.minDays) {
    problems.push(
      `${days} day${days === 1 ? '' : 's'} of reports under p=${current}, fewer than the ${thresholds.minDays} needed`,
    );
  }
  const passShare = percent(basis.dmarcPass, basis.messages);
  if (basis.dmarcPass * 100 < thresholds.minPassPercent * basis.messages) {
    problems.push(`${passShare}% pass DMARC, below ${thresholds.minPassPercent}%: fix the failing sources first`);
  }
  if (!thresholds.allowMixedSources && basis.mixedSources.length > 0) {
    const shown = basis.mixedSources
      .slice(0, 3)
      .map((s) => `${s.ip} (${count(s.passing)} passing, ${count(s.failing)} failing)`)
      .join(', ');
    const more = basis.mixedSources.length > 3 ? ` and ${basis.mixedSources.length - 3} more` : '';
    problems.push(
      `${shown}${more} also send${basis.mixedSources.length === 1 ? 's' : ''} passing mail: a legitimate sender with a gap (or a forwarder: --allow-mixed-sources accepts losing its failing mail)`,
    );
  }
  if (problems.length > 0) return { action: 'stay', current, reason: problems.join('; '), basis };
  const notes = [subdomainNote(dmarc, basis)];
  if (current === 'none' && dmarc.pct !== undefined && dmarc.pct < 100) {
    notes.push(`pct=${dmarc.pct} will apply ${next} to ${dmarc.pct}% of failing mail`);
  }
  const mixed =
    basis.mixedSources.length > 0
      ? `${basis.mixedSources.length} source${basis.mixedSources.length === 1 ? '' : 's'} sending both passing and failing mail accepted (--allow-mixed-sources)`
      : 'no failing source also sends passing mail';
  return {
    action: next as Action,
    current,
    reason: `${count(basis.messages)} messages over ${days} days under p=${current}, ${passShare}% pass DMARC (at least ${thresholds.minPassPercent}%), ${mixed}; ${notes.join('; ')}`,
    basis,
  };
}

/** `p=none, sp=quarantine, pct=50`: the settings that decide the recommendation. */
function describeDmarc(dmarc: ResolvedDmarc | false): string {
  if (!dmarc) return 'dmarc: false';
  return [
    `p=${dmarc.policy}`,
    ...(dmarc.subdomainPolicy ? [`sp=${dmarc.subdomainPolicy}`] : []),
    ...(dmarc.pct !== undefined ? [`pct=${dmarc.pct}`] : []),
  ].join(', ');
}

/**
 * The rows that decide: from reports whose receiver applied this domain's own record with
 * the policy the config has now; subdomain rows too when subdomains follow p.
 */
function evidence(domain: string, dmarc: ResolvedDmarc, reports: readonly AggregateReport[]): Basis {
  const includesSubdomains = dmarc.subdomainPolicy === undefined;
  const chosen = reports.filter((r) => r.policy.domain === domain && r.policy.p === dmarc.policy);
  const rows: Row[] = chosen.flatMap((report) =>
    report.records
      .filter(
        (record) => record.headerFrom === domain || (includesSubdomains && record.headerFrom.endsWith(`.${domain}`)),
      )
      .map((record) => ({ record, report })),
  );
  const figures = tally(rows);
  return {
    policy: dmarc.policy,
    reports: new Set(rows.map((r) => r.report)).size,
    messages: figures.messages,
    dmarcPass: figures.dmarcPass,
    period: periodOf([...new Set(rows.map((r) => r.report))]),
    includesSubdomains,
    mixedSources: mixedSources(rows),
  };
}

function mixedSources(rows: readonly Row[]): MixedSource[] {
  const byIp = new Map<string, { passing: number; failing: number }>();
  for (const { record } of rows) {
    const entry = byIp.get(record.sourceIp) ?? { passing: 0, failing: 0 };
    if (passesDmarc(record)) entry.passing += record.count;
    else entry.failing += record.count;
    byIp.set(record.sourceIp, entry);
  }
  return [...byIp.entries()]
    .filter(([, e]) => e.passing > 0 && e.failing > 0)
    .map(([ip, e]) => ({ ip, ...e }))
    .sort((a, b) => b.failing - a.failing || compareText(a.ip, b.ip));
}

function subdomainNote(dmarc: ResolvedDmarc, basis: Basis): string {
  if (!basis.includesSubdomains) return `subdomains keep sp=${dmarc.subdomainPolicy}`;
  return 'subdomains follow p (no sp), so their mail was counted too';
}

function noEvidence(current: DmarcPolicy, dmarc: ResolvedDmarc, figures: DomainFigures | undefined): string {
  if (!figures || figures.messages === 0) {
    if (dmarc.rua.length === 0) {
      return 'no reports: the config sets no dmarc.rua for this domain, so receivers send none; add a rua address';
    }
    return 'no reports for this domain in the files given';
  }
  const seen = figures.published;
  const period = figures.period ? ` (reports up to ${figures.period.lastSeen})` : '';
  if (seen && seen.domain === figures.domain && seen.p !== undefined && seen.p !== current) {
    return `no reports under p=${current} yet: receivers saw p=${seen.p}${period}; apply the config (ses-dns synth, terraform apply) and collect reports under ${current}`;
  }
  return `no reports in which receivers applied this domain's own record with p=${current}${period}: receivers applied the record of ${figures.policyDomains.join(', ')}; check that _dmarc.${figures.domain} is published`;
}
