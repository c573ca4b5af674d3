/**
 * What the commands that ask the live world (`verify`, `adopt`) share about flags and
 * failures: the `--resolver` address is checked before any lookup (bad input), and a check
 * that could not run at all (a resolver that does not answer, AWS that cannot be asked) is
 * "could not check", exit 2, with the fix; it is never reported as a finding (exit 1).
 */
import * as say from '../messages/cli';
import { AwsUnavailableError } from '../verify/aws-unavailable';
import { LookupError, resolverProblem } from '../verify/lookup';
import { UsageError } from './errors';

/** @throws UsageError when `resolver` is given and is not an IP address with an optional port */
export function checkResolverFlag(resolver: string | undefined): void {
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
  return undefined;
}
