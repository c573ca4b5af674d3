/**
 * `ses-dns verify`: plans the records of the chosen environments and checks each against
 * live DNS, a bounded number at a time.
 */
import type { ResolvedConfig } from '../config/model';
import { withTokens } from '../records/model';
import { planEnvironment } from '../records/plan';
import { tokensFor } from '../records/regional';
import type { DkimTokens } from '../records/regional';
import { checkRecord } from './check';
import type { RecordCheck } from './check';
import { DEFAULT_CONCURRENCY } from './lookup';
import type { DnsLookup } from './lookup';

/** Options of {@link verifyConfig}. */
export interface VerifyOptions {
  readonly dns: DnsLookup;
  /**
   * Easy DKIM tokens by identity (src/records/regional.ts `tokensKey`); identities without
   * tokens get their DKIM rows skipped.
   */
  readonly tokens?: DkimTokens;
  /** Lookups in flight at once. @default DEFAULT_CONCURRENCY (16) */
  readonly concurrency?: number;
  /** Called after each record is checked. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Checks every planned record of `config`; rows come back in plan order. */
export async function verifyConfig(config: ResolvedConfig, options: VerifyOptions): Promise<RecordCheck[]> {
  const jobs = config.environments.flatMap((env) => {
    const homeRegions = new Map(env.domains.map((d) => [d.name, d.region]));
    return planEnvironment(env).map((record) => {
      const home = homeRegions.get(record.domain) ?? env.region;
      const tokens = (options.tokens && tokensFor(options.tokens, record, home)) ?? [];
      const zone = record.zone.kind === 'name' ? record.zone.name : record.domain;
      return () => checkRecord(env.name, withTokens(record, tokens), options.dns, { provider: env.dns.provider, zone });
    });
  });
  return runBounded(jobs, options.concurrency ?? DEFAULT_CONCURRENCY, options.onProgress);
}

/** Runs `jobs` with at most `limit` in flight, keeping their order in the result. */
export async function runBounded<T>(
  jobs: readonly (() => Promise<T>)[],
  limit: number,
  onProgress?: (done: number, total: number) => void,
): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  let done = 0;
  let failed = false;
  async function worker(): Promise<void> {
    // After one failure (an unreachable resolver) no new job starts: the error is reported
    // at once instead of after every remaining lookup has timed out too.
    while (next < jobs.length && !failed) {
      const index = next++;
      try {
        results[index] = await jobs[index]!();
      } catch (error) {
        failed = true;
        throw error;
      }
      onProgress?.(++done, jobs.length);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker));
  return results;
}
