/**
 * Reports to figures: duplicates dropped, rows counted per `header_from` domain, failing
 * sources grouped by IP, worst first. Counts always come from `<row><count>`; DMARC passes
 * when `policy_evaluated` says DKIM or SPF passed aligned (RFC 7489 section 4.2).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-4.2
 */
import type { AggregateReport, AuthResult, LocatedReport, ReportRecord } from './model';

/** Unique reports, and how many duplicates each file held. */
export interface Deduplicated {
  readonly reports: readonly LocatedReport[];
  readonly duplicatesByFile: ReadonlyMap<string, number>;
}

/**
 * The identity of a report: its reporting organization, its policy domain and its
 * report_id. RFC 9990 requires a report_id unique "among reports to the same domain", and
 * some reporters reuse ids across domains, so the domain is part of the key.
 * @see https://www.rfc-editor.org/rfc/rfc9990#name-report-id
 */
export function reportKey(report: AggregateReport): string {
  return [report.orgName.toLowerCase(), report.policy.domain, report.reportId].join('\n');
}

/** Drops reports seen before (the same report mailed twice, or saved as .xml and as .eml). */
export function dedupeReports(reports: readonly LocatedReport[]): Deduplicated {
  const seen = new Set<string>();
  const unique: LocatedReport[] = [];
  const duplicatesByFile = new Map<string, number>();
  for (const located of reports) {
    const key = reportKey(located.report);
    if (seen.has(key)) {
      duplicatesByFile.set(located.file, (duplicatesByFile.get(located.file) ?? 0) + 1);
      continue;
    }
    seen.add(key);
    unique.push(located);
  }
  return { reports: unique, duplicatesByFile };
}

/** An SPF or DKIM result seen for a source, with the messages it covered. */
export interface AuthOutcome extends AuthResult {
  readonly messages: number;
}

/** A sending IP whose mail failed DMARC. */
export interface FailingSource {
  readonly ip: string;
  /** Messages from it that failed DMARC. */
  readonly count: number;
  /** Messages from it, for the same From domain, that passed. */
  readonly passing: number;
  readonly headerFrom: string;
  /** SPF results of the failing messages, most messages first. */
  readonly spf: readonly AuthOutcome[];
  /** DKIM results of the failing messages, most messages first. */
  readonly dkim: readonly AuthOutcome[];
}

/** Message counts of a set of rows. */
export interface Tally {
  readonly messages: number;
  readonly dmarcPass: number;
  readonly dkimAligned: number;
  readonly spfAligned: number;
  readonly failingSources: readonly FailingSource[];
}

/** One row and the report it came from. */
export interface Row {
  readonly record: ReportRecord;
  readonly report: AggregateReport;
}

/** Whether a row's messages passed DMARC: aligned DKIM or aligned SPF. */
export const passesDmarc = (record: ReportRecord) => record.dkimAligned || record.spfAligned;

/** Counts `rows`; failing sources grouped by IP and From domain, worst first. */
export function tally(rows: readonly Row[]): Tally {
  let messages = 0;
  let dmarcPass = 0;
  let dkimAligned = 0;
  let spfAligned = 0;
  const sources = new Map<string, SourceAccumulator>();
  for (const { record } of rows) {
    messages += record.count;
    if (record.dkimAligned) dkimAligned += record.count;
    if (record.spfAligned) spfAligned += record.count;
    const key = `${record.sourceIp}\n${record.headerFrom}`;
    let source = sources.get(key);
    if (!source) {
      source = {
        ip: record.sourceIp,
        headerFrom: record.headerFrom,
        failing: 0,
        passing: 0,
        spf: new Map(),
        dkim: new Map(),
      };
      sources.set(key, source);
    }
    if (passesDmarc(record)) {
      dmarcPass += record.count;
      source.passing += record.count;
    } else {
      source.failing += record.count;
      addOutcomes(source.spf, record.spf, record.count);
      addOutcomes(source.dkim, record.dkim, record.count);
    }
  }
  const failingSources = [...sources.values()]
    .filter((s) => s.failing > 0)
    .map((s) => ({
      ip: s.ip,
      count: s.failing,
      passing: s.passing,
      headerFrom: s.headerFrom,
      spf: sortedOutcomes(s.spf),
      dkim: sortedOutcomes(s.dkim),
    }))
    .sort((a, b) => b.count - a.count || compareText(a.ip, b.ip) || compareText(a.headerFrom, b.headerFrom));
  return { messages, dmarcPass, dkimAligned, spfAligned, failingSources };
}

interface SourceAccumulator {
  ip: string;
  headerFrom: string;
  failing: number;
  passing: number;
  spf: Map<string, { result: AuthResult; messages: number }>;
  dkim: Map<string, { result: AuthResult; messages: number }>;
}

function addOutcomes(into: SourceAccumulator['spf'], results: readonly AuthResult[], count: number): void {
  // A row without any result still tells the reader something: nothing was checked.
  const list = results.length > 0 ? results : [{ domain: '', result: 'none' }];
  for (const result of list) {
    const key = `${result.domain}\n${result.result}\n${result.selector ?? ''}`;
    const entry = into.get(key);
    if (entry) entry.messages += count;
    else into.set(key, { result, messages: count });
  }
}

function sortedOutcomes(map: SourceAccumulator['spf']): AuthOutcome[] {
  return [...map.values()]
    .sort(
      (a, b) =>
        b.messages - a.messages ||
        compareText(a.result.domain, b.result.domain) ||
        compareText(a.result.result, b.result.result),
    )
    .map(({ result, messages }) => ({ ...result, messages }));
}

/** Code-unit order, the same on every machine (never locale-dependent). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The days a set of reports covers. */
export interface Period {
  /** `YYYY-MM-DD` (UTC) of the earliest begin. */
  readonly firstSeen: string;
  /** `YYYY-MM-DD` (UTC) of the latest end. */
  readonly lastSeen: string;
  /** Calendar days from firstSeen to lastSeen, both included. */
  readonly days: number;
}

const DAY = 86_400;

/**
 * The period covered by `reports`. A report's `end` is often the next midnight (Microsoft)
 * rather than the last second of the day (Google), so the last day is the day of `end`
 * minus one second: both cover one day.
 */
export function periodOf(reports: readonly AggregateReport[]): Period | undefined {
  if (reports.length === 0) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const r of reports) {
    first = Math.min(first, r.begin);
    last = Math.max(last, r.end > r.begin ? r.end - 1 : r.end);
  }
  const firstDay = Math.floor(first / DAY);
  const lastDay = Math.floor(last / DAY);
  return { firstSeen: isoDate(firstDay), lastSeen: isoDate(lastDay), days: lastDay - firstDay + 1 };
}

function isoDate(day: number): string {
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

/** The figures of one From domain over every report that mentions it. */
export interface DomainFigures extends Tally {
  readonly domain: string;
  readonly period?: Period;
  /** Unique reports with rows for the domain. */
  readonly reports: number;
  /** Reporting organizations, sorted. */
  readonly reporters: readonly string[];
  /** Domains whose DMARC record the receivers applied (the domain itself, or a parent). */
  readonly policyDomains: readonly string[];
  /** The record the latest report saw (by end of period), for this domain's mail. */
  readonly published?: AggregateReport['policy'];
}

/** Figures per `header_from` domain, sorted by domain. */
export function figuresByDomain(reports: readonly AggregateReport[]): DomainFigures[] {
  const byDomain = new Map<string, { rows: Row[]; reports: Set<AggregateReport> }>();
  for (const report of reports) {
    for (const record of report.records) {
      let entry = byDomain.get(record.headerFrom);
      if (!entry) {
        entry = { rows: [], reports: new Set() };
        byDomain.set(record.headerFrom, entry);
      }
      entry.rows.push({ record, report });
      entry.reports.add(report);
    }
  }
  return [...byDomain.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([domain, { rows, reports: domainReports }]) => {
      const list = [...domainReports];
      const latest = list.reduce((a, b) => (b.end > a.end || (b.end === a.end && reportKey(b) > reportKey(a)) ? b : a));
      return {
        domain,
        ...tally(rows),
        period: periodOf(list),
        reports: list.length,
        reporters: [...new Set(list.map((r) => r.orgName || r.email || '(unnamed)'))].sort(compareText),
        policyDomains: [...new Set(list.map((r) => r.policy.domain))].sort(compareText),
        published: latest.policy,
      };
    });
}
