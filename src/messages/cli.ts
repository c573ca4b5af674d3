/**
 * What the command line says when it cannot do what it was asked, kept apart by whose
 * the problem is (as src/cli/errors.ts maps them to exit codes):
 *
 * - usage errors: a flag, an argument or an input file the user can fix (exit 2);
 * - could not check: the world a check needs (a resolver, AWS) did not answer (exit 2);
 * - failures of the machine (a full disk) and bugs of ours (exit 1).
 *
 * Each command's own help (usage, options, examples) stays in its module under
 * src/cli/commands/, beside the flags it describes.
 */
import { notOneOf, show } from './words';

// ---------------------------------------------------------------------------------------
// The command line itself (src/cli/main.ts)
// ---------------------------------------------------------------------------------------

/** `ses-dns --help`: `commands` as `[name, summary]`. */
export const mainHelp = (commands: readonly (readonly [string, string])[]) =>
  [
    'ses-dns: Amazon SES identities and their DNS records as CDK for Terraform stacks',
    '',
    'Usage: ses-dns <command> [options]',
    '',
    'Commands:',
    ...commands.map(([name, summary]) => `  ${name.padEnd(10)} ${summary}`),
    '',
    'Options: -h, --help  help for a command;  --version  print the version',
    'Exit codes: 0 success, 1 a check failed, 2 bad input or config',
  ].join('\n');

/** `ses-dns <command> --help`. */
export const commandHelp = (usage: string, summary: string, details?: string) =>
  [`Usage: ${usage}`, '', summary, ...(details ? ['', details] : [])].join('\n');

export const unknownCommand = (name: string, hint: string | undefined, commands: readonly string[]) =>
  `unknown command "${name}"${hint ? `; did you mean "${hint}"?` : '.'} Commands: ${commands.join(', ')}`;

export const unknownOption = (flag: string, hint: string | undefined, flags: readonly string[]) =>
  `unknown option ${flag}${hint ? `; did you mean ${hint}?` : '.'} Options: ${flags.join(', ')}`;

/** A flag problem, followed by the command's usage line. */
export const withUsage = (problem: string, usage: string) => `${problem}\nusage: ${usage}`;

// ---------------------------------------------------------------------------------------
// Usage errors: flags, arguments and input files (exit 2)
// ---------------------------------------------------------------------------------------

/** An `--env` that names no environment (a located issue, at `environments.<name>`). */
export const noSuchEnvironment = (name: string, known: readonly string[]) =>
  `--env ${name}: no such environment; the config has ${known.join(', ')}`;

export const notPositiveInteger = (flag: string, value: unknown) =>
  `${flag} must be a whole number of at least 1, got "${String(value)}"`;

export const notPercentage = (flag: string, value: unknown) =>
  `${flag} must be a percentage from 0 to 100, got "${String(value)}"`;

export const notAFormat = (allowed: readonly string[], format: string) => `--format ${notOneOf(allowed, format)}`;

export const noReportPaths = 'give at least one report file or folder: ses-dns dmarc reports/';

export const reportPathsMissing = (paths: readonly string[]) =>
  `${paths.join(', ')} ${paths.length === 1 ? 'does' : 'do'} not exist: give report files (.xml, .xml.gz, .zip, .eml, mbox) or folders of them`;

export const hclOutput =
  'ses-dns writes stacks as JSON only (cdk.tf.json): run cdktf synth without --hcl, since HCL output renders some Cloudflare v5 attributes as blocks';

export const initTakesOneFolder = (given: readonly string[]) => `init takes one folder, got ${given.join(' ')}`;

export const initForceIsGone =
  '--force is gone: init never replaces a file, it adds to package.json, .gitignore and README.md and keeps the rest; delete a file first to have init write it anew';

export const notAProvider = (allowed: readonly string[], provider: string) =>
  `--provider ${notOneOf(allowed, provider)}`;

export const notADomainName = (domain: string) =>
  `--domain ${show(domain)} is not a domain name: give a lowercase name such as example.com, without a trailing dot`;

/** `-o DIR` that cannot be made or written: the errno code, in words. */
export const outputUnusable = (outdir: string, code: string) =>
  `-o ${outdir}: the output folder cannot be made or written there (${
    {
      ENOTDIR: 'a part of the path is a file, not a folder',
      ENOENT: 'a part of the path is missing, or a link there points nowhere',
      EACCES: 'no permission',
      EPERM: 'the system does not allow it',
      EROFS: 'the file system is read-only',
      EEXIST: 'something that is not a folder is in the way',
      ELOOP: 'links that loop',
      ENAMETOOLONG: 'the path is too long',
    }[code] ?? code
  }, ${code}): choose another folder with -o`;

export const initDirIsAFile = (dir: string) => `${dir} is a file: give the project folder (created if missing)`;

/** A file of the user's that init cannot read; `why` is the input-file reason. */
export const initCannotRead = (path: string, why: string) =>
  `${path}: ${why}; init adds to it only when it is a text file; nothing was written`;

export const initCannotAddTo = (path: string, why: string) =>
  `${path} cannot be added to: ${why}; fix it and run init again; nothing was written`;

export const writeNeedsDataConfig = (file: string) =>
  `--write edits YAML and JSON configs; ${file} is code: run adopt without --write and copy the proposal into it`;

export const proposalNotWritten = (why: string) => `error: cannot write the proposal: ${why}; nothing was written`;

export const cloudflareBaseUrlNotUrl = (raw: string) =>
  `CLOUDFLARE_BASE_URL "${raw}" is not a URL; unset it to use Cloudflare's API`;

export const cloudflareBaseUrlNotHttps = (raw: string) =>
  `CLOUDFLARE_BASE_URL "${raw}" must be an https URL (plain http only on localhost): the API token travels with every request`;

/** How a tokens file should look, ending every `--tokens` problem. */
const TOKENS_SHAPE =
  '{ "example.com": ["t1", "t2", "t3"] }, per SES region { "example.com": { "us-east-2": ["t1", "t2", "t3"] } }, or the output of terraform output -json';

/** A tokens file that cannot be read; `why` is the input-file reason. */
export const tokensFileUnreadable = (file: string, why: string) =>
  `--tokens ${file} ${why}; expected a JSON file such as ${TOKENS_SHAPE}`;
export const tokensFileNotJson = (file: string, why: string) => `--tokens ${file}: is not valid JSON: ${why}`;
/** A tokens file of the wrong shape; `problem` is one of the `tokens*` words below. */
export const badTokensFile = (file: string, problem: string) =>
  `--tokens ${file}: ${problem}; expected ${TOKENS_SHAPE}`;
export const tokensNotAnObject = 'must be a JSON object';
export const tokensOutputUnknown = (key: string, known: string) =>
  `output "${key}" names no Easy DKIM domain of this config (known: ${known})`;
export const tokensForByoDkim = (domain: string) =>
  `"${domain}" uses BYODKIM in every environment of this config, so SES gives it no tokens: remove it from the file`;
export const tokensDomainUnknown = (domain: string, known: string) =>
  `"${domain}" is not a domain of this config (Easy DKIM domains: ${known})`;
export const tokensRegionUnknown = (domain: string, region: string, regions: readonly string[]) =>
  `"${domain}" has no Easy DKIM identity in ${JSON.stringify(region)} in this config (its regions: ${regions.join(', ')})`;
export const badTokens = (domain: string | undefined, count: number, got: unknown) =>
  `the tokens of ${domain} must be a list of ${count} DNS labels (SES gives 32 letters and digits each), got ${JSON.stringify(got) ?? 'nothing'}`;

// ---------------------------------------------------------------------------------------
// Could not check: the live world did not answer (src/cli/live-check.ts; exit 2)
// ---------------------------------------------------------------------------------------

/** A resolver that does not answer; `resolver` is the `--resolver` flag, when given. */
export const resolverUnanswered = (why: string, resolver: string | undefined) =>
  `could not check: ${why}; ${
    resolver
      ? 'pass --resolver with a DNS server that answers from here, or leave it out to use the system resolver'
      : 'check the network and the system resolver, or pass --resolver HOST[:PORT]'
  }`;

/** AWS could not be asked; `why` names the fix (src/verify/aws-unavailable.ts). */
export const awsUnanswered = (why: string) => `could not check: ${why}`;

/** An AWS resource the new stack file moves to another region (src/output/region-moves.ts). */
export const regionMoved = (stack: string, move: { type: string; name: string; from: string; to: string }) =>
  `stack ${stack}: ${move.type}.${move.name} was in ${move.from} at the last synth and is now in ${move.to}. Terraform does not take that as a move: its plan would create (or take over) the resource in ${move.to} and stop managing the one in ${move.from}${move.type === 'aws_sesv2_email_identity' ? ', and an identity created anew has other DKIM tokens: mail fails DKIM until DNS follows' : ''}. If you reordered a region list, list ${move.from} first again: the first region is the home region, whose resources keep the unsuffixed addresses. If the move is meant, append ${move.to} to the list, move sending, then retire ${move.from} (docs/regions.md)`;

/** Without the API, the ids can still be copied by hand. */
const CLOUDFLARE_BY_HAND = 'or unset CLOUDFLARE_API_TOKEN and copy each record id from the dashboard';

/**
 * Cloudflare's API could not tell adopt `what` (the zone, or its DNS records) for the reason
 * `why` (the API's own error); the fix follows the kind of failure (src/adopt/cloudflare-api.ts).
 */
export const cloudflareUnanswered = (
  what: string,
  why: string,
  failure: 'token' | 'network' | 'answer',
  zone: string,
) => {
  const fix = {
    token: `set CLOUDFLARE_API_TOKEN to an API token with the permissions Zone:Read and DNS:Read on ${zone}`,
    network: 'check the network from here to the API (and CLOUDFLARE_BASE_URL, when set), then run adopt again',
    answer: "if CLOUDFLARE_BASE_URL is set, it must point at Cloudflare's v4 API; otherwise run adopt again later",
  }[failure];
  return `could not check: Cloudflare could not be asked for ${what} (${why}); ${fix}, ${CLOUDFLARE_BY_HAND}`;
};

// ---------------------------------------------------------------------------------------
// How an error ends a run (src/cli/errors.ts)
// ---------------------------------------------------------------------------------------

/** The last line after a config's issues. */
export const errorCount = (count: number, writes: boolean) =>
  `${count} error${count === 1 ? '' : 's'}${writes ? ': nothing was written' : ''}`;

/** A usage error or a failure of the machine, one `error:` line. */
export const errorLine = (message: string) => `error: ${message}`;

export const internalError = (detail: string) =>
  `internal error: ${detail}\nThis is a bug in ses-dns; please report it with the config that caused it.`;
