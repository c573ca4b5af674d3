/**
 * Exit codes of the CLI, the usage error, and how any error ends a run. Whose the problem
 * is decides the code: the user's (a bad config, flag or file: exit 2), the machine's (a
 * full disk: exit 1) or ours (a bug: exit 1, with the stack to report).
 */
import * as say from '../messages/cli';
import { printable } from '../messages/words';
import { ConfigError, formatIssues } from '../config/issues';
import { displayPath } from './output';
import type { Output } from './output';

/** Exit codes: 0 success, 1 a check failed, 2 bad input or config. */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2 } as const;

/** A mistake in the command line itself (unknown flag, missing value). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Prints `error` the way its kind deserves and returns the exit code.
 * @param writes whether the command writes files (its config errors say nothing was written)
 */
export function reportError(error: unknown, io: Output, writes: boolean): number {
  // Usage errors: the user can fix them.
  if (error instanceof ConfigError) {
    io.err(formatIssues(error.issues, error.file === undefined ? undefined : displayPath(error.file)));
    io.err(say.errorCount(error.issues.filter((i) => i.severity === 'error').length, writes));
    return EXIT.badInput;
  }
  if (error instanceof UsageError) {
    io.err(say.errorLine(error.message.split('\n').map(printable).join('\n')));
    return EXIT.badInput;
  }
  // The machine's failures (a full disk) and our bugs: say so plainly.
  const err = error as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && err.syscall) {
    io.err(say.errorLine(printable(err.message)));
    return EXIT.checkFailed;
  }
  io.err(say.internalError(err?.stack ?? String(error)));
  return EXIT.checkFailed;
}
