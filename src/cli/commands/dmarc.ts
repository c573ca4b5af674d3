/**
 * `ses-dns dmarc`: reads DMARC aggregate reports and says, per domain of the config, what
 * the reports show and whether its policy can move a step (none -> quarantine -> reject);
 * with `--apply`, raises `dmarc.policy` in the config for the domains that are ready.
 * Its flags, help and exit codes are in ./dmarc-command.ts.
 */
import { readFileSync } from 'node:fs';
import { displayPath } from '../output';
import { parseDocument } from 'yaml';
import { ConfigEditError, configFormat, editConfigText, writeConfigAtomically } from '../../config/edit';
import { ConfigError } from '../../config/issues';
import { findConfigFile, readConfigFile } from '../../config/load';
import { validateConfig } from '../../checks/validate';
import type { ResolvedConfig } from '../../config/model';
import type { DmarcPolicy } from '../../config/types';
import { compareText, dedupeReports, figuresByDomain } from '../../dmarc/aggregate';
import type { DomainFigures, FailingSource, Period } from '../../dmarc/aggregate';
import { planPolicyChanges, policiesByPath } from '../../dmarc/apply';
import type { PolicyChange } from '../../dmarc/apply';
import type { ReadLimits } from '../../dmarc/limits';
import type { AggregateReport } from '../../dmarc/model';
import { readReports } from '../../dmarc/read';
import type { FileResult } from '../../dmarc/read';
import { DEFAULT_THRESHOLDS, percent, recommend } from '../../dmarc/recommend';
import type { DomainEntry, Recommendation, Thresholds } from '../../dmarc/recommend';
import { selectEnvironments } from './synth';

/** Options of {@link dmarc}. */
export interface DmarcOptions {
  readonly config?: string;
  readonly environments?: readonly string[];
  /** Report files and folders. */
  readonly paths: readonly string[];
  /** @default DEFAULT_THRESHOLDS */
  readonly thresholds?: Partial<Thresholds>;
  /** Raise `dmarc.policy` in the config for the domains that are ready. */
  readonly apply?: boolean;
  /** For tests: smaller limits. */
  readonly limits?: ReadLimits;
}

/** One domain of the result: its figures and the recommendation. */
export interface DomainReport {
  readonly domain: string;
  readonly inConfig: boolean;
  /** The config entries of the domain (one per selected environment that lists it). */
  readonly entries: readonly DomainEntry[];
  readonly figures?: DomainFigures;
  readonly recommendation: Recommendation;
}

/** One input file and what came of it. */
export interface FileReport extends FileResult {
  /** Reports already read from an earlier file (or earlier in this one), not counted again. */
  readonly duplicates: number;
}

/** What `--apply` did. */
export interface ApplyOutcome {
  /** The config file, as shown. */
  readonly file: string;
  readonly changes: readonly PolicyChange[];
  readonly written: boolean;
  /** Why nothing was written, when something should have been. */
  readonly refused?: string;
  /** `usage`: the config cannot be edited (exit 2); `data`: reports are missing (exit 1). */
  readonly refusal?: 'usage' | 'data';
}

/** Everything `ses-dns dmarc` found. */
export interface DmarcOutcome {
  readonly config: string;
  readonly thresholds: Thresholds;
  readonly domains: readonly DomainReport[];
  readonly files: readonly FileReport[];
  /** Files in the folders that were not read (other extensions, hidden files). */
  readonly ignored: number;
  readonly reports: number;
  readonly duplicates: number;
  readonly applied?: ApplyOutcome;
}

/**
 * Reads the reports, judges every domain and, with `apply`, edits the config.
 * @throws ConfigError on a bad config or an unknown --env
 */
export async function dmarc(options: DmarcOptions): Promise<DmarcOutcome> {
  const file = findConfigFile(options.config);
  const raw = readConfigFile(file);
  const { config, issues } = validateConfig(raw);
  if (issues.some((i) => i.severity === 'error')) throw new ConfigError(issues, file);
  const selected = selectEnvironments(config, options.environments);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };

  const read = await readReports(options.paths, { limits: options.limits });
  const { reports: unique, duplicatesByFile } = dedupeReports(read.reports);
  const reports = unique.map((r) => r.report);
  const figures = new Map(figuresByDomain(reports).map((f) => [f.domain, f]));
  // A recommendation reads the reports of the domain's own record only: index them once.
  const byPolicyDomain = new Map<string, AggregateReport[]>();
  for (const report of reports) {
    const list = byPolicyDomain.get(report.policy.domain) ?? [];
    list.push(report);
    byPolicyDomain.set(report.policy.domain, list);
  }
  const configured = new Map<string, DomainEntry[]>();
  for (const domain of selected.environments.flatMap((e) => e.domains)) {
    const list = configured.get(domain.name) ?? [];
    list.push({ environment: domain.environment, path: domain.path, dmarc: domain.dmarc });
    configured.set(domain.name, list);
  }
  const domains: DomainReport[] = [];
  for (const [name, entries] of [...configured.entries()].sort(([a], [b]) => compareText(a, b))) {
    const f = figures.get(name);
    domains.push({
      domain: name,
      inConfig: true,
      entries,
      figures: f,
      recommendation: recommend(name, entries, byPolicyDomain.get(name) ?? [], f, thresholds),
    });
  }
  for (const f of figures.values()) {
    if (configured.has(f.domain)) continue;
    domains.push({
      domain: f.domain,
      inConfig: false,
      entries: [],
      figures: f,
      recommendation: outsider(f, configured),
    });
  }
  const files = read.files.map((f) => ({ ...f, duplicates: duplicatesByFile.get(f.path) ?? 0 }));
  const outcome: DmarcOutcome = {
    config: displayPath(file),
    thresholds,
    domains,
    files,
    ignored: read.ignored,
    reports: unique.length,
    duplicates: read.reports.length - unique.length,
  };
  if (!options.apply) return outcome;
  return { ...outcome, applied: applyChanges(file, raw, config, outcome) };
}

/** The verdict for a From domain that is not in the config. */
function outsider(f: DomainFigures, configured: ReadonlyMap<string, DomainEntry[]>): Recommendation {
  const parents = f.policyDomains.filter((d) => d !== f.domain && configured.has(d));
  if (parents.length === 0) {
    return { action: 'stay', reason: 'not in the config: ses-dns does not manage its DMARC record' };
  }
  const parent = parents[0]!;
  const dmarc = configured.get(parent)![0]!.dmarc;
  const follows =
    dmarc && dmarc.subdomainPolicy === undefined
      ? `it follows p of ${parent} (no sp), so its mail counts toward ${parent}'s recommendation`
      : `sp of ${parent} applies to it${dmarc && dmarc.subdomainPolicy ? ` (sp=${dmarc.subdomainPolicy})` : ''}`;
  return { action: 'stay', reason: `not in the config: receivers applied the record of ${parent}; ${follows}` };
}

function applyChanges(file: string, raw: unknown, config: ResolvedConfig, outcome: DmarcOutcome): ApplyOutcome {
  const shown = displayPath(file);
  const ready = new Map<string, DmarcPolicy>();
  for (const d of outcome.domains) {
    if (d.recommendation.action === 'stay') continue;
    for (const entry of d.entries) ready.set(entry.path, d.recommendation.action);
  }
  const failed = outcome.files.filter((f) => f.error !== undefined).length;
  if (ready.size > 0 && failed > 0) {
    return {
      file: shown,
      changes: [],
      written: false,
      refusal: 'data',
      refused: `${failed} file${failed === 1 ? '' : 's'} could not be read, so the reports may be incomplete: --apply changes nothing; fix or move those files, then run again`,
    };
  }
  if (ready.size === 0) return { file: shown, changes: [], written: false };
  const changes = planPolicyChanges(raw, config, ready);
  const format = configFormat(file);
  if (format === 'code') {
    return {
      file: shown,
      changes,
      written: false,
      refusal: 'usage',
      refused: `${shown} is TypeScript, which ses-dns cannot edit safely: set ${changes.map((c) => `${c.path} to "${c.to}"`).join(', ')} by hand (or keep the config in ses-dns.yaml)`,
    };
  }
  const before = policiesByPath(config);
  try {
    const text = readFileSync(file, 'utf8');
    const next = editConfigText(
      text,
      format,
      changes.map((c) => ({ path: c.path, value: c.to })),
    );
    const edited = format === 'json' ? (JSON.parse(next) as unknown) : parseDocument(next, { uniqueKeys: true }).toJS();
    const check = validateConfig(edited);
    const errors = check.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      throw new ConfigEditError(`would not validate after the edit (${errors[0]!.path}: ${errors[0]!.message})`);
    }
    // The edit must raise exactly the ready domains, each to its target, and nothing else.
    const after = policiesByPath(check.config);
    for (const [path, policy] of after) {
      const expected = ready.get(path) ?? before.get(path);
      if (policy !== expected) {
        throw new ConfigEditError(`would change ${path}.dmarc.policy to ${String(policy)}, not ${String(expected)}`);
      }
    }
    writeConfigAtomically(file, next, text);
    return { file: shown, changes, written: true };
  } catch (error) {
    if (!(error instanceof ConfigEditError)) throw error;
    return {
      file: shown,
      changes,
      written: false,
      refusal: 'usage',
      refused: `${shown} ${error.message}; nothing was written`,
    };
  }
}

const count = (n: number) => n.toLocaleString('en-US');

function periodText(p: Period | undefined): string {
  if (!p) return 'no reports';
  return `${p.firstSeen} to ${p.lastSeen} (${p.days} day${p.days === 1 ? '' : 's'})`;
}

function sourceText(s: FailingSource, width: number): string {
  const results = (label: string, list: FailingSource['spf']) =>
    `${label} ${list.map((r) => (r.domain ? `${r.domain}${r.selector ? `/${r.selector}` : ''}=${r.result}` : r.result)).join(', ')}`;
  const passing = s.passing > 0 ? `, ${count(s.passing)} passing` : '';
  return `${s.ip.padEnd(width)} ${count(s.count).padStart(7)} failing${passing}  ${results('SPF', s.spf)}; ${results('DKIM', s.dkim)}`;
}

const MAX_SOURCES_SHOWN = 10;

/** `ready for quarantine`, `stay at none`, `stay`. */
export function verdict(r: Recommendation): string {
  if (r.action !== 'stay') return `ready for ${r.action}`;
  return r.current ? `stay at ${r.current}` : 'stay';
}

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The outcome as text for a terminal: figures and a verdict per domain, then the files. */
export function renderDmarcText(outcome: DmarcOutcome): string {
  const lines: string[] = [];
  for (const d of outcome.domains) {
    const where = d.inConfig
      ? d.entries.map((e) => `${e.environment}: ${e.dmarc ? `p=${e.dmarc.policy}` : 'dmarc off'}`).join(', ')
      : 'not in the config';
    lines.push(`${d.domain}  [${where}]`);
    const f = d.figures;
    if (f && f.messages > 0) {
      lines.push(`  ${periodText(f.period)}, ${plural(f.reports, 'report')} from ${f.reporters.join(', ')}`);
      lines.push(
        `  ${plural(f.messages, 'message')}: DMARC pass ${percent(f.dmarcPass, f.messages)}%, DKIM aligned ${percent(f.dkimAligned, f.messages)}%, SPF aligned ${percent(f.spfAligned, f.messages)}%`,
      );
      if (f.failingSources.length > 0) {
        lines.push('  failing sources, worst first (IP, messages, SPF and DKIM results):');
        const shown = f.failingSources.slice(0, MAX_SOURCES_SHOWN);
        const width = Math.max(15, ...shown.map((s) => s.ip.length));
        for (const s of shown) lines.push(`    ${sourceText(s, width)}`);
        const more = f.failingSources.length - MAX_SOURCES_SHOWN;
        if (more > 0) lines.push(`    and ${count(more)} more (--json lists them all)`);
      }
    } else {
      lines.push('  no reports');
    }
    lines.push(`  -> ${verdict(d.recommendation)}: ${d.recommendation.reason}`);
    lines.push('');
  }
  const failed = outcome.files.filter((f) => f.error !== undefined);
  const dup =
    outcome.duplicates > 0
      ? `, ${count(outcome.duplicates)} duplicate${outcome.duplicates === 1 ? '' : 's'} ignored`
      : '';
  const ignored =
    outcome.ignored > 0
      ? `, ${count(outcome.ignored)} other file${outcome.ignored === 1 ? '' : 's'} in the folders not read`
      : '';
  lines.push(
    `${count(outcome.files.length)} file${outcome.files.length === 1 ? '' : 's'}: ${count(outcome.reports)} report${outcome.reports === 1 ? '' : 's'}${dup}${ignored}${failed.length > 0 ? `, ${failed.length} with errors (below)` : ''}`,
  );
  lines.push(
    `thresholds: ${count(outcome.thresholds.minMessages)} messages over ${outcome.thresholds.minDays} days, ${outcome.thresholds.minPassPercent}% passing, ${outcome.thresholds.allowMixedSources ? 'mixed sources allowed' : 'no source both passing and failing'}`,
  );
  const a = outcome.applied;
  if (a) {
    if (a.written) {
      lines.push('', `--apply: changed ${a.file}:`);
      for (const c of a.changes) lines.push(`  ${c.path}: ${c.from} -> ${c.to} (${c.domains.join(', ')})`);
      lines.push(
        'next: ses-dns synth, review the DMARC record change, terraform apply; then collect reports under the new policy',
      );
    } else if (!a.refused) {
      lines.push('', '--apply: no domain is ready for its next step; the config is unchanged');
    }
  }
  return lines.join('\n');
}

/** Problems for stderr: one line per file that could not be read, and a refused --apply. */
export function renderDmarcErrors(outcome: DmarcOutcome): string {
  const lines = outcome.files.filter((f) => f.error !== undefined).map((f) => `error   ${f.path}: ${f.error}`);
  if (outcome.applied?.refused) lines.push(`error   --apply: ${outcome.applied.refused}`);
  return lines.join('\n');
}

/** The stable JSON of `dmarc --json`. */
export function dmarcJson(outcome: DmarcOutcome) {
  return {
    config: outcome.config,
    thresholds: outcome.thresholds,
    domains: outcome.domains.map((d) => {
      const f = d.figures;
      const r = d.recommendation;
      return {
        domain: d.domain,
        inConfig: d.inConfig,
        environments: d.entries.map((e) => ({
          name: e.environment,
          path: e.path,
          policy: e.dmarc ? e.dmarc.policy : null,
          subdomainPolicy: e.dmarc ? (e.dmarc.subdomainPolicy ?? null) : null,
          pct: e.dmarc ? (e.dmarc.pct ?? null) : null,
        })),
        messages: f?.messages ?? 0,
        dmarcPass: f?.dmarcPass ?? 0,
        dkimAligned: f?.dkimAligned ?? 0,
        spfAligned: f?.spfAligned ?? 0,
        firstSeen: f?.period?.firstSeen ?? null,
        lastSeen: f?.period?.lastSeen ?? null,
        days: f?.period?.days ?? 0,
        reports: f?.reports ?? 0,
        reporters: f?.reporters ?? [],
        policyDomains: f?.policyDomains ?? [],
        published: f?.published ?? null,
        failingSources: f?.failingSources ?? [],
        recommendation: {
          action: r.action,
          current: r.current ?? null,
          reason: r.reason,
          basis: r.basis
            ? {
                policy: r.basis.policy,
                reports: r.basis.reports,
                messages: r.basis.messages,
                dmarcPass: r.basis.dmarcPass,
                firstSeen: r.basis.period?.firstSeen ?? null,
                lastSeen: r.basis.period?.lastSeen ?? null,
                days: r.basis.period?.days ?? 0,
                includesSubdomains: r.basis.includesSubdomains,
                mixedSources: r.basis.mixedSources,
              }
            : null,
        },
      };
    }),
    files: outcome.files.map((f) => ({
      path: f.path,
      reports: f.reports,
      duplicates: f.duplicates,
      skipped: f.skipped,
      ...(f.error !== undefined && { error: f.error }),
    })),
    ...(outcome.applied && {
      applied: {
        file: outcome.applied.file,
        written: outcome.applied.written,
        changes: outcome.applied.changes,
        ...(outcome.applied.refused && { refused: outcome.applied.refused }),
      },
    }),
  };
}
