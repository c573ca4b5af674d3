/**
 * What the commands that ask the live world (`verify`, `adopt`) share about flags and
 * failures: their flags (src/cli/live-lookup-flags.ts) are read and checked here, before
 * any lookup (bad input: exit 2), and a check that could not run at all (a resolver that
 * does not answer, AWS or Cloudflare's API that cannot be asked) is "could not check",
 * exit 2, with the fix; it is never reported as a finding (exit 1).
 */
import { CloudflareUnavailableError } from '../adopt/cloudflare-api';
import * as say from '../messages/cli';
import { printable } from '../messages/words';
import { AwsUnavailableError } from '../verify/aws-unavailable';
import { LookupError, resolverProblem } from '../verify/lookup';
import { positiveInteger } from './command';
import { EXIT, UsageError } from './errors';
import type { Output } from './output';

/** The flags every live-lookup command takes, read and checked. */
export interface LiveLookupOptions {
  readonly config?: string;
  readonly environments?: string[];
  /** `HOST[:PORT]`, checked. @default the system resolver */
  readonly resolver?: string;
  readonly tokens?: string;
  readonly aws: boolean;
  /** Milliseconds per DNS try. @default 2000 (src/verify/lookup.ts) */
  readonly timeoutMs?: number;
  /** DNS lookups in flight at once. @default 16 (src/verify/lookup.ts) */
  readonly concurrency?: number;
}

/**
 * The live-lookup flags of parsed `values`, checked before any lookup.
 * @throws UsageError for a `--timeout` or `--concurrency` that is not a whole number of at
 * least 1, or a `--resolver` that is not an IP address with an optional port
 */
export function readLiveLookupFlags(values: Record<string, unknown>): LiveLookupOptions {
  const timeoutMs = positiveInteger(values.timeout, '--timeout');
  const concurrency = positiveInteger(values.concurrency, '--concurrency');
  const resolver = values.resolver as string | undefined;
  checkResolverFlag(resolver);
  return {
    config: values.config as string | undefined,
    environments: values.env as string[] | undefined,
    resolver,
    tokens: values.tokens as string | undefined,
    aws: values.aws === true,
    timeoutMs,
    concurrency,
  };
}

/** @throws UsageError when `resolver` is given and is not an IP address with an optional port */
function checkResolverFlag(resolver: string | undefined): void {
  const problem = resolver === undefined ? undefined : resolverProblem(resolver);
  if (problem) throw new UsageError(problem);
}

/**
 * The `could not check: ...` line for an error that stopped the check from running, with
 * what to fix; undefined for any other error.
 * @param resolver the `--resolver` flag, when given
 */
export function couldNotCheck(error: unknown, resolver: string | undefined): string | undefined {
  if (error instanceof LookupError) return say.resolverUnanswered(error.message, resolver);
  if (error instanceof AwsUnavailableError) return say.awsUnanswered(error.message);
  if (error instanceof CloudflareUnavailableError) {
    // The API's words come from a server: shown, never interpreted by the terminal.
    const why = printable(error.apiError.message);
    return say.cloudflareUnanswered(error.what, why, error.apiError.failure, error.zone);
  }
  return undefined;
}

/**
 * Ends a run whose check could not run: prints the `could not check` line and returns exit
 * 2. @throws `error` itself when it is of another kind (a bug, a full disk)
 */
export function endCouldNotCheck(error: unknown, resolver: string | undefined, io: Output): number {
  const message = couldNotCheck(error, resolver);
  if (message === undefined) throw error;
  io.err(message);
  return EXIT.badInput;
}
