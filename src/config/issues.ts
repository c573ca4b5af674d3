/**
 * Config problems: where each is, how bad it is, and how a list of them is printed. The
 * words of every message are built in src/messages/config.ts.
 */
import { printable } from '../messages/words';

export { closest, notOneOf, printable, show, unknownKey } from '../messages/words';

/** How bad a problem is: errors stop generation (exit 2), warnings do not. */
export type Severity = 'error' | 'warning';

/** One problem in a config file, located at the path where the value is written. */
export interface ConfigIssue {
  readonly severity: Severity;
  /** Config path: `environments.production.domains[0].dmarc.policy`. */
  readonly path: string;
  readonly message: string;
  /**
   * Lines of the user's file that show where the problem is (a line and a caret under its
   * column, src/messages/code-frame.ts), printed under the message.
   * @default none
   */
  readonly excerpt?: readonly string[];
}

/** An error issue at `path`, with the lines of the file that show it when there are some. */
export const errorAt = (path: string, message: string, excerpt?: readonly string[]): ConfigIssue =>
  excerpt === undefined ? { severity: 'error', path, message } : { severity: 'error', path, message, excerpt };

/** A warning issue at `path`. */
export const warningAt = (path: string, message: string): ConfigIssue => ({ severity: 'warning', path, message });

/** A usage error: bad input the user can fix. The CLI prints it and exits 2. */
export class ConfigError extends Error {
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly file?: string,
  ) {
    super(formatIssues(issues, file));
    this.name = 'ConfigError';
  }
}

/** How many issues are printed at most; a count stands for the rest. */
export const MAX_SHOWN_ISSUES = 50;

/** How far an issue's excerpt is indented: past the severity column. */
const EXCERPT_INDENT = ' '.repeat(8);

/**
 * One line per issue, `error   environments.x.dmarc.policy: must be ...` (and the lines of its
 * excerpt, indented, under it), the first {@link MAX_SHOWN_ISSUES} of them and then how many
 * more there are.
 */
export function formatIssues(issues: readonly ConfigIssue[], file?: string): string {
  const where = file ? `${file}: ` : '';
  const shown = issues.slice(0, MAX_SHOWN_ISSUES);
  const lines = shown.flatMap((i) => [
    printable(`${i.severity.padEnd(7)} ${where}${i.path || '(top level)'}: ${i.message}`),
    ...(i.excerpt ?? []).map((line) => printable(`${EXCERPT_INDENT}${line}`)),
  ]);
  const rest = issues.length - shown.length;
  if (rest > 0) {
    const errors = issues.slice(MAX_SHOWN_ISSUES).filter((i) => i.severity === 'error').length;
    const warnings = rest - errors;
    const counted = [
      errors ? `${errors} more error${errors === 1 ? '' : 's'}` : '',
      warnings ? `${warnings} more warning${warnings === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    lines.push(`...     and ${counted} not shown: fix these first`);
  }
  return lines.join('\n');
}

/** Joins a parent path and a key or index into a config path. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}
