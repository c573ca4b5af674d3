/**
 * The `ses-dns` command line: parses flags, calls a command handler, prints its result,
 * and maps errors to exit codes (0 success, 1 a check failed, 2 bad input or config).
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { closest, ConfigError, formatIssues, printable } from '../config/issues';
import { EXIT, UsageError } from './errors';
import { processOutput, useColor } from './output';
import type { Output } from './output';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly allowPositionals?: boolean;
  /** Options and examples for `--help`. */
  readonly details?: string;
  run(values: Record<string, unknown>, positionals: string[], io: Output): Promise<number> | number;
}

const common = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--resolver` in the help of the commands that look names up (verify, adopt). */
const RESOLVER_HELP = [
  '  --resolver HOST:PORT ask this DNS server (default: the system resolver): an IP address with an',
  '                       optional port, e.g. 127.0.0.1:5353, ::1 or [::1]:5353',
];

const MORE_COMMANDS: Record<string, Command> = {
  validate: {
    summary: 'check a config: every error (exit 2) and warning (exit 0, or 1 with --strict) with its path',
    usage: 'ses-dns validate [-c FILE] [--strict] [--json]',
    details: [
      'Options:',
      '  -c, --config FILE  the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
      '  --strict           a warning fails too (exit 1)',
      '  --json             print {file, valid, errors, warnings, notes} as JSON on stdout',
    ].join('\n'),
    options: { ...common, strict: { type: 'boolean' }, json: { type: 'boolean' } },
    async run(values, _positionals, io) {
      const { validate, validateJson } = await import('./commands/validate.js');
      const result = await validate({ config: values.config as string | undefined });
      const failed = result.errors.length > 0 || (values.strict === true && result.warnings.length > 0);
      if (values.json) {
        io.out(JSON.stringify(validateJson(result), null, 2));
      } else {
        const problems = [...result.errors, ...result.warnings];
        if (problems.length > 0) io.err(paint(formatIssues(problems, result.file), io));
        for (const note of result.notes) io.out(`note    ${result.file}: ${note.path}: ${note.message}`);
        const counts = `${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}`;
        if (result.errors.length > 0) io.err(`${result.file}: ${counts}`);
        else if (failed) io.err(`${result.file}: ${counts} (--strict: warnings fail)`);
        else {
          io.out(
            `${result.file}: valid, ${plural(result.environments, 'environment')}, ${plural(result.domains, 'domain')}, ${plural(result.warnings.length, 'warning')}`,
          );
        }
      }
      if (result.errors.length > 0) return EXIT.badInput;
      return failed ? EXIT.checkFailed : EXIT.ok;
    },
  },
  records: {
    summary: 'print the planned DNS records as a table, Markdown, JSON or BIND zone files',
    usage: 'ses-dns records [-c FILE] [--env NAME]... [--format table|markdown|json|bind] [--tokens FILE]',
    details: [
      'Options:',
      '  -c, --config FILE  the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
      '  --env NAME         only this environment (repeatable; default: all)',
      '  --format FORMAT    table (default), markdown, json, or bind (one zone file section per zone)',
      '  --tokens FILE      Easy DKIM tokens, else shown as {dkim-token-N}: a JSON map',
      '                     { "example.com": ["t1", "t2", "t3"] }, or `terraform output -json` of a stack',
    ].join('\n'),
    options: {
      ...common,
      env: { type: 'string', multiple: true },
      format: { type: 'string', short: 'f' },
      tokens: { type: 'string' },
    },
    async run(values, _positionals, io) {
      const { records } = await import('./commands/records.js');
      io.out(
        records({
          config: values.config as string | undefined,
          environments: values.env as string[] | undefined,
          format: values.format as string | undefined,
          tokens: values.tokens as string | undefined,
        }),
      );
      return EXIT.ok;
    },
  },
  init: {
    summary: 'create a project (package.json, cdktf.json, ses-dns.yaml, .gitignore, README.md), or add to one',
    usage: 'ses-dns init [DIR] [--provider route53|cloudflare] [--domain NAME]',
    details: [
      'Arguments:',
      '  DIR                the project folder, created if missing (default: the working folder)',
      'Options:',
      '  --provider NAME    route53 (default) or cloudflare',
      '  --domain NAME      the first sending domain (default: example.com)',
      'In a folder with files init never replaces one: it adds the dependency and scripts to package.json,',
      'appends to .gitignore and README.md, and keeps an existing config and cdktf.json.',
    ].join('\n'),
    allowPositionals: true,
    options: {
      help: common.help,
      provider: { type: 'string' },
      domain: { type: 'string' },
      force: { type: 'boolean' },
    },
    async run(values, positionals, io) {
      if (positionals.length > 1) throw new UsageError(`init takes one folder, got ${positionals.join(' ')}`);
      if (values.force) {
        throw new UsageError(
          '--force is gone: init never replaces a file, it adds to package.json, .gitignore and README.md and keeps the rest; delete a file first to have init write it anew',
        );
      }
      const { init } = await import('./commands/init.js');
      const result = init({
        dir: positionals[0],
        provider: values.provider as string | undefined,
        domain: values.domain as string | undefined,
      });
      if (result.created.length > 0) io.out(`created ${result.created.join(', ')} in ${result.dir}`);
      for (const { file, added } of result.updated) io.out(`added to ${file}: ${added}`);
      if (result.kept.length > 0) io.out(`kept ${result.kept.join(', ')} as they were`);
      for (const note of result.notes) io.err(`note: ${note}`);
      io.out('next: npm install && npx ses-dns validate && npx ses-dns synth');
      return EXIT.ok;
    },
  },
  verify: {
    summary:
      'look the planned records up in live DNS: ok, missing, different, conflicting, misplaced, would-remove or would-duplicate',
    usage:
      'ses-dns verify [-c FILE] [--env NAME]... [--resolver HOST[:PORT]] [--tokens FILE] [--aws] [--strict] [--json]',
    details: [
      'Options:',
      '  -c, --config FILE    the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
      '  --env NAME           only this environment (repeatable; default: all)',
      ...RESOLVER_HELP,
      '  --tokens FILE        Easy DKIM tokens: { "example.com": ["t1","t2","t3"] } or `terraform output -json`',
      '  --aws                ask SES (GetEmailIdentity) for identity, DKIM and MAIL FROM status and the tokens',
      '  --timeout MS         milliseconds per DNS try (default 2000; two tries per lookup)',
      '  --concurrency N      lookups in flight at once (default 16)',
      '  --strict             a skipped row fails too (exit 1)',
      '  --json               the result as JSON',
      'Exit codes: 0 nothing failed; 1 a record missing, different, conflicting or misplaced, a live value the',
      'first apply would remove (would-remove: Route 53 replaces the whole record set) or a record it would add',
      'beside one of others (would-duplicate: Cloudflare), an identity not ready in SES, or (--strict) a row',
      'skipped; 2 could not check: bad input, a resolver that does not answer, SES not reachable with the',
      'credentials at hand, or no DKIM record checkable (no tokens)',
    ].join('\n'),
    options: {
      ...common,
      env: { type: 'string', multiple: true },
      resolver: { type: 'string' },
      tokens: { type: 'string' },
      aws: { type: 'boolean' },
      strict: { type: 'boolean' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      concurrency: { type: 'string' },
    },
    async run(values, _positionals, io) {
      const { verify, renderVerifyText, verifyJson, verifyExitCode, incompleteReason } =
        await import('./commands/verify.js');
      const { checkResolverFlag, couldNotCheck } = await import('./live-check.js');
      const timeoutMs = positiveInteger(values.timeout, '--timeout');
      const concurrency = positiveInteger(values.concurrency, '--concurrency');
      const resolver = values.resolver as string | undefined;
      checkResolverFlag(resolver);
      const strict = values.strict === true;
      const progress = progressLine(io);
      try {
        const outcome = await verify({
          config: values.config as string | undefined,
          environments: values.env as string[] | undefined,
          resolver,
          tokens: values.tokens as string | undefined,
          aws: values.aws === true,
          timeoutMs,
          concurrency,
          onProgress: progress.update,
        });
        progress.clear();
        io.out(values.json ? JSON.stringify(verifyJson(outcome), null, 2) : renderVerifyText(outcome));
        const code = verifyExitCode(outcome, strict);
        const reason = incompleteReason(outcome, strict);
        if (reason) io.err(`${code === EXIT.badInput ? 'could not check' : 'verify failed'}: ${reason}`);
        return code;
      } catch (error) {
        progress.clear();
        // The check itself could not run: exit 2, with what to fix.
        const message = couldNotCheck(error, resolver);
        if (message === undefined) throw error;
        io.err(message);
        return EXIT.badInput;
      }
    },
  },
  dmarc: {
    summary: 'read DMARC aggregate reports: per domain, what passes and whether the policy can move a step',
    usage: 'ses-dns dmarc [-c FILE] [--env NAME]... PATH... [--json] [--apply]',
    details: [
      'Arguments:',
      '  PATH                 report files (.xml, .xml.gz, .zip, .eml, mbox) or folders of them, read recursively',
      'Options:',
      '  -c, --config FILE    the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
      '  --env NAME           only this environment (repeatable; default: all)',
      '  --min-messages N     messages needed under the current policy (default 100)',
      '  --min-days N         days of reports needed under the current policy (default 14)',
      '  --min-pass PERCENT   share of messages that must pass DMARC (default 99)',
      '  --allow-mixed-sources  do not hold a domain back for an IP that sends both passing and failing mail',
      '  --apply              raise dmarc.policy one step for the ready domains, in the config, in place',
      '  --json               print {domains, files, thresholds, applied} as JSON on stdout',
      'Exit codes: 0 all files read, 1 a file could not be read, 2 bad input or a config --apply cannot edit',
    ].join('\n'),
    allowPositionals: true,
    options: {
      ...common,
      env: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      apply: { type: 'boolean' },
      'min-messages': { type: 'string' },
      'min-days': { type: 'string' },
      'min-pass': { type: 'string' },
      'allow-mixed-sources': { type: 'boolean' },
    },
    async run(values, positionals, io) {
      const { runDmarc } = await import('./commands/dmarc.js');
      return runDmarc(values, positionals, io);
    },
  },
  adopt: {
    summary:
      'find what already exists (DNS, SES, Route 53, Cloudflare) and propose or --write the import: and keepTxt entries',
    usage:
      'ses-dns adopt [-c FILE] [--env NAME]... [--resolver HOST[:PORT]] [--tokens FILE] [--aws] [--write] [--json]',
    details: [
      'Options:',
      '  -c, --config FILE    the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
      '  --env NAME           only this environment (repeatable; default: all)',
      ...RESOLVER_HELP,
      '  --tokens FILE        Easy DKIM tokens: { "example.com": ["t1","t2","t3"] } or `terraform output -json`',
      '  --aws                ask SES (GetEmailIdentity) and Route 53 (zone ids, record sets)',
      '  --write              write the proposal into the config, keeping its comments and layout',
      '  --json               the proposal as JSON',
      'Cloudflare record ids come from its API when CLOUDFLARE_API_TOKEN is set (CLOUDFLARE_BASE_URL overrides the endpoint).',
      'Exit codes: 0 everything adoptable; 1 something needs a person or an id is missing; 2 bad input, a',
      '--write the config cannot take, or could not check: a resolver that does not answer, AWS not reachable',
      'with the credentials at hand',
    ].join('\n'),
    options: {
      ...common,
      env: { type: 'string', multiple: true },
      resolver: { type: 'string' },
      tokens: { type: 'string' },
      aws: { type: 'boolean' },
      write: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    async run(values, _positionals, io) {
      const { runAdopt } = await import('./commands/adopt-run.js');
      return runAdopt(values, io);
    },
  },
  schema: {
    summary: 'print the JSON Schema of the config (also shipped as schema/ses-dns.schema.json)',
    usage: 'ses-dns schema',
    options: { help: common.help },
    async run(_values, _positionals, io) {
      const { schemaText } = await import('./commands/schema.js');
      io.out(schemaText());
      return EXIT.ok;
    },
  },
};

/** A flag value that must be a whole number of at least 1, or undefined when not given. */
function positiveInteger(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a whole number of at least 1, got "${String(value)}"`);
  return n;
}

/** A `verifying 120/400` line on stderr, only on a terminal and only for long runs. */
function progressLine(io: Output) {
  const tty = io === processOutput && process.stderr.isTTY;
  let shown = false;
  return {
    update: (done: number, total: number) => {
      if (!tty || total < 60) return;
      shown = true;
      process.stderr.write(`\rverifying ${done}/${total}`);
    },
    clear: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Colors the severity words of issue lines, when the output is a terminal without NO_COLOR. */
function paint(text: string, io: Output): string {
  if (io !== processOutput || !useColor(process.stderr)) return text;
  return text.replace(/^(error|warning)/gm, (word) =>
    word === 'error' ? `\x1b[31m${word}\x1b[0m` : `\x1b[33m${word}\x1b[0m`,
  );
}

const COMMANDS: Record<string, Command> = {
  synth: {
    summary: 'write cdktf.out/stacks/<env>/cdk.tf.json and RECORDS.md for each environment',
    usage: 'ses-dns synth [-c FILE] [-o DIR] [--env NAME]... [--check]',
    details: [
      'Options:',
      '  -c, --config FILE  the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
      '  -o, --output DIR   where stacks/<env>/ go (default: cdktf.out, or CDKTF_OUTDIR under cdktf)',
      '  --env NAME         only this environment (repeatable; default: all); other stacks stay as they are',
      '  --check            write nothing; exit 1 naming each generated file that differs, is missing or is stale',
      'synth replaces only the files it generates (manifest.json; cdk.tf.json, RECORDS.md, ACCOUNT.md per stack):',
      'Terraform state, .terraform/, .terraform.lock.hcl and your own files are never touched (docs/safety.md).',
    ].join('\n'),
    options: {
      ...common,
      output: { type: 'string', short: 'o' },
      env: { type: 'string', multiple: true },
      check: { type: 'boolean' },
    },
    async run(values, _positionals, io) {
      const { synth, synthCheck } = await import('./commands/synth.js');
      const options = {
        config: values.config as string | undefined,
        outdir: values.output as string | undefined,
        environments: values.env as string[] | undefined,
      };
      if (values.check) {
        const result = await synthCheck(options);
        for (const warning of result.warnings) io.err(`warning: ${warning}`);
        for (const d of result.differences) io.out(`${d.kind.padEnd(8)} ${d.file}${d.why ? ` (${d.why})` : ''}`);
        if (result.differences.length === 0) {
          io.out(`up to date: ${plural(result.stacks, 'stack')} as synth would write them`);
          return EXIT.ok;
        }
        const n = result.differences.length;
        io.err(
          `${plural(n, 'generated file')} ${n === 1 ? 'differs' : 'differ'} from what synth writes: run ses-dns synth and commit the result`,
        );
        return EXIT.checkFailed;
      }
      const result = await synth(options);
      for (const stack of result.stacks) {
        io.out(`${stack.name}: ${stack.domains} domain${stack.domains === 1 ? '' : 's'} -> ${stack.file}`);
      }
      for (const { file, why } of result.removed) io.out(`removed ${file} (${why})`);
      for (const warning of result.warnings) io.err(`warning: ${warning}`);
      return EXIT.ok;
    },
  },
  ...MORE_COMMANDS,
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
    if (!command) {
      const hint = closest(name, Object.keys(COMMANDS));
      throw new UsageError(
        `unknown command "${name}"${hint ? `; did you mean "${hint}"?` : '.'} Commands: ${Object.keys(COMMANDS).join(', ')}`,
      );
    }
    const { values, positionals } = parseFlags(command, rest);
    if (values.help) {
      io.out(
        [`Usage: ${command.usage}`, '', command.summary, ...(command.details ? ['', command.details] : [])].join('\n'),
      );
      return EXIT.ok;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    return report(error, io, name === 'synth' || name === 'init' || name === 'adopt');
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
    throw new UsageError(`${flagProblem(error as NodeJS.ErrnoException, command)}\nusage: ${command.usage}`);
  }
}

/** parseArgs's complaint, with the closest option of the command for a mistyped one. */
function flagProblem(error: NodeJS.ErrnoException, command: Command): string {
  const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(error.message);
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !unknown) return error.message;
  const flag = unknown[1]!.split('=')[0]!;
  const flags = Object.entries(command.options).flatMap(([long, o]) => [
    `--${long}`,
    ...(o.short ? [`-${o.short}`] : []),
  ]);
  const hint = flag.startsWith('--')
    ? closest(
        flag,
        flags.filter((f) => f.startsWith('--')),
      )
    : undefined;
  return `unknown option ${flag}${hint ? `; did you mean ${hint}?` : '.'} Options: ${flags.filter((f) => f.startsWith('--')).join(', ')}`;
}

/** Prints `error` the way its kind deserves and returns the exit code. */
function report(error: unknown, io: Output, writes: boolean): number {
  if (error instanceof ConfigError) {
    io.err(formatIssues(error.issues, error.file));
    const count = error.issues.filter((i) => i.severity === 'error').length;
    io.err(`${count} error${count === 1 ? '' : 's'}${writes ? ': nothing was written' : ''}`);
    return EXIT.badInput;
  }
  if (error instanceof UsageError) {
    io.err(`error: ${error.message.split('\n').map(printable).join('\n')}`);
    return EXIT.badInput;
  }
  // Anything else is our bug or the machine's (disk full): say so plainly.
  const err = error as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && err.syscall) {
    io.err(`error: ${printable(err.message)}`);
    return EXIT.checkFailed;
  }
  io.err(
    `internal error: ${err?.stack ?? String(error)}\nThis is a bug in ses-dns; please report it with the config that caused it.`,
  );
  return EXIT.checkFailed;
}
