/**
 * The `ses-dns` command line: finds the command (src/cli/registry.ts), parses its flags,
 * prints its help or runs it, and ends with the exit code its result or error deserves
 * (0 success, 1 a check failed, 2 bad input or config).
 */
import { parseArgs } from 'node:util';
import * as say from '../messages/cli';
import { closest } from '../messages/words';
import type { Command } from './command';
import { EXIT, reportError, UsageError } from './errors';
import { processOutput } from './output';
import type { Output } from './output';
import { COMMANDS } from './registry';

const NAMES = COMMANDS.map((c) => c.name);

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(say.mainHelp(COMMANDS.map((c) => [c.name, c.summary] as const)));
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(version());
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(say.unknownCommand(name, closest(name, NAMES), NAMES));
    const { values, positionals } = parseFlags(command, rest);
    if (values.help) {
      io.out(say.commandHelp(command.usage, command.summary, command.details));
      return EXIT.ok;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    return reportError(error, io, command?.writes === true);
  }
}

function parseFlags(command: Command, args: string[]) {
  try {
    return parseArgs({
      args,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(say.withUsage(flagProblem(error as NodeJS.ErrnoException, command), command.usage));
  }
}

/** parseArgs's complaint, with the closest option of the command for a mistyped one. */
function flagProblem(error: NodeJS.ErrnoException, command: Command): string {
  const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(error.message);
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !unknown) return error.message;
  const flag = unknown[1]!.split('=')[0]!;
  const long = Object.keys(command.options).map((option) => `--${option}`);
  return say.unknownOption(flag, flag.startsWith('--') ? closest(flag, long) : undefined, long);
}
