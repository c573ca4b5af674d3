/**
 * What a command of the `ses-dns` command line is: a name, a one-line summary, its usage
 * and flags, the help its `--help` prints, and how it runs. Each command is one module
 * (src/cli/commands/<name>-command.ts) listed in src/cli/registry.ts; main.ts dispatches
 * over them. A command module stays light: the work it calls, and every package that work
 * needs, is loaded with `import()` when the command runs, so `ses-dns validate` never loads
 * CDKTF's synthesis, the DMARC report readers or the AWS SDK.
 */
import type { ParseArgsConfig } from 'node:util';
import * as say from '../messages/cli';
import { UsageError } from './errors';
import type { Output } from './output';

/** The flags of a command, as `node:util` `parseArgs` takes them. */
export type Flags = NonNullable<ParseArgsConfig['options']>;

/** One command of the command line. */
export interface Command {
  /** What the user types: `ses-dns <name>`. */
  readonly name: string;
  /** One line for `ses-dns --help`. */
  readonly summary: string;
  /** The usage line, printed by `--help` and after a flag problem. */
  readonly usage: string;
  readonly options: Flags;
  /** @default false */
  readonly allowPositionals?: boolean;
  /** Options, arguments and exit codes, for `--help`. @default none */
  readonly details?: string;
  /**
   * Whether the command writes files: its config errors then end with "nothing was written".
   * @default false
   */
  readonly writes?: boolean;
  /** Runs with parsed flags and resolves to the exit code. */
  run(values: Record<string, unknown>, positionals: string[], io: Output): Promise<number> | number;
}

/** `--help`, which every command takes. */
export const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/** `-c FILE` and `--help`, the flags of every command that reads a config. */
export const CONFIG_FLAGS = { config: { type: 'string', short: 'c' }, ...HELP_FLAG } as const;

/** A flag value that must be a whole number of at least 1, or undefined when not given. @throws UsageError */
export function positiveInteger(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(say.notPositiveInteger(flag, value));
  return n;
}
