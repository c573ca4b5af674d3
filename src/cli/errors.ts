/**
 * Exit codes of the CLI and the usage error that maps to 2.
 */

/** Exit codes: 0 success, 1 a check failed, 2 bad input or config. */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2 } as const;

/** A mistake in the command line itself (unknown flag, missing value). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
