/**
 * The flags of the commands that look the plan up in live DNS (`verify`, `adopt`), defined
 * once: both take the same flags, with the same help, defaults and validation. This module
 * stays light (it is loaded for `--help`); the flags are read and checked by
 * src/cli/live-check.ts `readLiveLookupFlags`, which loads with the command's work.
 */
import { CONFIG_FLAGS } from './command';
import type { Flags } from './command';

/** The defaults the help states; src/verify/lookup.ts applies them. */
const TIMEOUT_HELP = '  --timeout MS         milliseconds per DNS try (default 2000; two tries per lookup)';
const CONCURRENCY_HELP = '  --concurrency N      lookups in flight at once (default 16)';

/** `--resolver` in the help of the commands that look names up. */
const RESOLVER_HELP = [
  '  --resolver HOST:PORT ask this DNS server (default: the system resolver): an IP address with an',
  '                       optional port, e.g. 127.0.0.1:5353, ::1 or [::1]:5353',
];

/**
 * The flags of a live-lookup command: `-c`, `--env`, `--resolver`, `--tokens`, `--aws`, then
 * the command's `own` flags, then `--timeout` and `--concurrency` (the order the "did you
 * mean" list names them in).
 */
export function liveLookupFlags<Own extends Flags>(own: Own) {
  return {
    ...CONFIG_FLAGS,
    env: { type: 'string', multiple: true },
    resolver: { type: 'string' },
    tokens: { type: 'string' },
    aws: { type: 'boolean' },
    ...own,
    timeout: { type: 'string' },
    concurrency: { type: 'string' },
  } as const satisfies Flags;
}

/** What differs in the help of one live-lookup command. */
export interface LiveLookupHelp {
  /** What `--aws` asks, after the flag's column. */
  readonly aws: string;
  /** The help lines of the command's own flags, listed last. */
  readonly own: readonly string[];
}

/** The `Options:` lines of a live-lookup command's `--help`. */
export function liveLookupHelp(help: LiveLookupHelp): string[] {
  return [
    'Options:',
    '  -c, --config FILE    the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
    '  --env NAME           only this environment (repeatable; default: all)',
    ...RESOLVER_HELP,
    '  --tokens FILE        Easy DKIM tokens: { "example.com": ["t1","t2","t3"] } or `terraform output -json`',
    `  --aws                ${help.aws}`,
    TIMEOUT_HELP,
    CONCURRENCY_HELP,
    ...help.own,
  ];
}
