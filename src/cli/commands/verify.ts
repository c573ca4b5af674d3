/**
 * `ses-dns verify`: is it live, and is it right? Plans the records of the chosen
 * environments and looks each up in DNS; with `--aws`, also asks SES for each identity's
 * status and its Easy DKIM tokens.
 */
import { loadConfig } from '../../checks/validate';
import type { ResolvedDomain } from '../../config/model';
import type { RecordCheck } from '../../verify/check';
import { createDnsLookup } from '../../verify/lookup';
import type { DnsLookup } from '../../verify/lookup';
import { isHealthy } from '../../verify/ses-status';
import type { IdentityStatus, Sesv2ClientFactory } from '../../verify/ses-status';
import { verifyConfig } from '../../verify/verify';
import { readTokensFile } from '../tokens';
import { selectEnvironments } from './synth';

/** Options of {@link verify}. */
export interface VerifyCommandOptions {
  readonly config?: string;
  readonly environments?: readonly string[];
  /** `HOST[:PORT]`. @default the system resolver */
  readonly resolver?: string;
  /** A tokens file, as `records --tokens` takes it. */
  readonly tokens?: string;
  /** Ask SES too (GetEmailIdentity). */
  readonly aws?: boolean;
  /** @default 16 */
  readonly concurrency?: number;
  /** Milliseconds per DNS try. @default 2000 */
  readonly timeoutMs?: number;
  /** For tests: the DNS to ask instead of a resolver. */
  readonly dns?: DnsLookup;
  /** For tests: SESv2 clients backed by a mock. */
  readonly sesClients?: Sesv2ClientFactory;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Rows verify could not check, for one reason. */
export interface SkippedRows {
  /** Why, and how to have them checked. */
  readonly reason: string;
  readonly rows: number;
  /** The domains whose rows these are, sorted. */
  readonly domains: readonly string[];
}

/** What verify found. */
export interface VerifyOutcome {
  readonly checks: readonly RecordCheck[];
  readonly identities: readonly IdentityStatus[];
  /** Nothing failed: every record ok or skipped and, with --aws, every identity healthy. */
  readonly ok: boolean;
  /** The rows not checked, grouped by reason. */
  readonly skipped: readonly SkippedRows[];
  /**
   * The plan has Easy DKIM records and not one of them could be checked (no tokens given):
   * the run says nothing about DKIM, the part DMARC `p=reject` rests on.
   */
  readonly dkimUnchecked: boolean;
}

/**
 * Runs the checks.
 * @throws ConfigError, UsageError (bad tokens file), LookupError (no resolver), SesUnavailableError (--aws)
 */
export async function verify(options: VerifyCommandOptions = {}): Promise<VerifyOutcome> {
  const loaded = loadConfig(options.config);
  const config = selectEnvironments(loaded.config, options.environments);
  const tokens = options.tokens ? readTokensFile(options.tokens, loaded.config) : new Map<string, string[]>();
  let identities: IdentityStatus[] = [];
  if (options.aws) {
    const { defaultClientFactory, fetchIdentityStatuses } = await import('../../verify/ses-status.js');
    const domains: ResolvedDomain[] = config.environments.flatMap((e) => e.domains);
    const statuses = await fetchIdentityStatuses(domains, options.sesClients ?? (await defaultClientFactory()));
    identities = [...statuses.values()];
    // SES's tokens fill in those the file does not give, identity by identity (keyed as it keys them).
    for (const [key, status] of statuses) {
      if (!tokens.has(key) && status.dkimTokens.length > 0) tokens.set(key, [...status.dkimTokens]);
    }
  }
  const dns = options.dns ?? createDnsLookup({ server: options.resolver, timeoutMs: options.timeoutMs });
  const checks = await verifyConfig(config, {
    dns,
    tokens,
    concurrency: options.concurrency,
    onProgress: options.onProgress,
  });
  const ok = checks.every((c) => c.status === 'ok' || c.status === 'skipped') && identities.every((i) => isHealthy(i));
  const easyDkim = checks.filter((c) => /^dkim-\d+$/.test(c.role));
  const dkimUnchecked = easyDkim.length > 0 && easyDkim.every((c) => c.status === 'skipped');
  return { checks, identities, ok, skipped: skippedRows(checks), dkimUnchecked };
}

function skippedRows(checks: readonly RecordCheck[]): SkippedRows[] {
  const byReason = new Map<string, { rows: number; domains: Set<string> }>();
  for (const c of checks) {
    if (c.status !== 'skipped') continue;
    const reason = c.detail ?? 'not checked';
    const group = byReason.get(reason) ?? { rows: 0, domains: new Set<string>() };
    group.rows++;
    group.domains.add(c.domain);
    byReason.set(reason, group);
  }
  return [...byReason].map(([reason, g]) => ({ reason, rows: g.rows, domains: [...g.domains].sort() }));
}

/**
 * The exit code of a verify run: 1 when a check failed; else 2 when the run could not check
 * DKIM at all (no tokens: that is missing input, named in {@link incompleteReason}); else 1
 * under `--strict` when any row was skipped; else 0.
 */
export function verifyExitCode(outcome: VerifyOutcome, strict = false): 0 | 1 | 2 {
  if (!outcome.ok) return 1;
  if (outcome.dkimUnchecked) return 2;
  if (strict && outcome.skipped.length > 0) return 1;
  return 0;
}

/** Why a run that found nothing wrong still does not pass, in words; undefined when it passes. */
export function incompleteReason(outcome: VerifyOutcome, strict = false): string | undefined {
  if (!outcome.ok) return undefined;
  if (outcome.dkimUnchecked) {
    return 'no DKIM record was checked: the Easy DKIM tokens are unknown; pass --tokens FILE (terraform output -json of the stack) or --aws';
  }
  if (strict && outcome.skipped.length > 0) {
    const rows = outcome.skipped.reduce((n, s) => n + s.rows, 0);
    return `--strict: ${rows} ${rows === 1 ? 'row was' : 'rows were'} skipped`;
  }
  return undefined;
}

// The longest status, WOULD-DUPLICATE, and a space.
const STATUS_WIDTH = 16;

/** The outcome as text: one row per record, then one per identity when SES was asked. */
export function renderVerifyText(outcome: VerifyOutcome): string {
  const lines: string[] = [];
  for (const c of outcome.checks) {
    // A domain in several SES regions: each regional row says whose identity it serves.
    const region = c.region === undefined ? '' : `  (${c.region})`;
    const head = `${c.status.toUpperCase().padEnd(STATUS_WIDTH)} ${c.type.padEnd(5)} ${c.name}${region}`;
    if (c.status === 'ok') {
      lines.push(head);
      continue;
    }
    lines.push(head, `${' '.repeat(STATUS_WIDTH + 1)}expected: ${c.expected}`);
    if (c.found.length > 0) lines.push(`${' '.repeat(STATUS_WIDTH + 1)}found:    ${c.found.join(' | ')}`);
    if (c.detail) lines.push(`${' '.repeat(STATUS_WIDTH + 1)}why:      ${c.detail}`);
  }
  for (const i of outcome.identities) {
    const state = isHealthy(i) ? 'OK' : 'NOT READY';
    const detail = i.error
      ? i.error
      : `verified ${i.verifiedForSending ? 'yes' : 'no'} (${i.verificationStatus ?? 'unknown'}), DKIM ${i.dkimStatus ?? 'unknown'}` +
        (i.mailFromDomain ? `, MAIL FROM ${i.mailFromDomain} ${i.mailFromStatus ?? 'unknown'}` : '');
    lines.push(`${state.padEnd(STATUS_WIDTH)} SES   ${i.domain} (${i.region}): ${detail}`);
  }
  const counts = new Map<string, number>();
  for (const c of outcome.checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const summary = [...counts.entries()].map(([status, n]) => `${n} ${status}`).join(', ');
  lines.push('', `${outcome.checks.length} records: ${summary}${outcome.ok ? '' : ' (verify failed)'}`);
  for (const group of outcome.skipped) {
    lines.push(
      `skipped ${group.rows} ${group.rows === 1 ? 'row' : 'rows'} of ${group.domains.join(', ')}: ${group.reason}`,
    );
  }
  return lines.join('\n');
}

/** The outcome as stable JSON. */
export function verifyJson(outcome: VerifyOutcome) {
  return {
    ok: outcome.ok,
    skipped: outcome.skipped,
    dkimUnchecked: outcome.dkimUnchecked,
    records: outcome.checks.map((c) => ({
      environment: c.environment,
      domain: c.domain,
      ...(c.region === undefined ? {} : { region: c.region }),
      role: c.role,
      type: c.type,
      name: c.name,
      status: c.status,
      expected: c.expected,
      found: c.found,
      ...(c.detail ? { detail: c.detail } : {}),
    })),
    identities: outcome.identities,
  };
}
