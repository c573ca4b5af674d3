/**
 * The `ses-dns` command line: parses flags, calls a command handler, prints its result,
 * and maps errors to exit codes (0 success, 1 a check failed, 2 bad input or config).
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { ConfigError, formatIssues } from '../config/issues';
import { EXIT, UsageError } from './errors';
import { processOutput } from './output';
import type { Output } from './output';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly allowPositionals?: boolean;
  run(values: Record<string, unknown>, positionals: string[], io: Output): Promise<number> | number;
}

const common = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS: Record<string, Command> = {
  synth: {
    summary: 'write cdktf.out/stacks/<env>/cdk.tf.json and RECORDS.md for each environment',
    usage: 'ses-dns synth [-c FILE] [-o DIR] [--env NAME]...',
    options: { ...common, output: { type: 'string', short: 'o' }, env: { type: 'string', multiple: true } },
    async run(values, _positionals, io) {
      const { synth } = await import('./commands/synth.js');
      const result = await synth({
        config: values.config as string | undefined,
        outdir: values.output as string | undefined,
        environments: values.env as string[] | undefined,
      });
      for (const stack of result.stacks) {
        io.out(`${stack.name}: ${stack.domains} domain${stack.domains === 1 ? '' : 's'} -> ${stack.file}`);
      }
      return EXIT.ok;
    },
  },
};

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'ses-dns: Amazon SES identities and their DNS records as CDK for Terraform stacks',
    '',
    'Usage: ses-dns <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options: -h, --help  help for a command;  --version  print the version',
    'Exit codes: 0 success, 1 a check failed, 2 bad input or config',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(help());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(version());
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    const { values, positionals } = parseFlags(command, rest);
    if (values.help) {
      io.out(`${command.usage}\n\n${command.summary}`);
      return EXIT.ok;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    return report(error, io);
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
    throw new UsageError(`${(error as Error).message}\nusage: ${command.usage}`);
  }
}

function report(error: unknown, io: Output): number {
  if (error instanceof ConfigError) {
    io.err(formatIssues(error.issues, error.file));
    const count = error.issues.filter((i) => i.severity === 'error').length;
    io.err(`${count} error${count === 1 ? '' : 's'}: nothing was written`);
    return EXIT.badInput;
  }
  if (error instanceof UsageError) {
    io.err(`error: ${error.message}`);
    return EXIT.badInput;
  }
  // Anything else is our bug or the machine's (disk full): say so plainly.
  const err = error as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && err.syscall) {
    io.err(`error: ${err.message}`);
    return EXIT.checkFailed;
  }
  io.err(
    `internal error: ${err?.stack ?? String(error)}\nThis is a bug in ses-dns; please report it with the config that caused it.`,
  );
  return EXIT.checkFailed;
}
