/**
 * Where the CLI writes: results to stdout, problems to stderr. Commands return text or
 * data; only this module touches the streams, so tests can call handlers directly.
 */

import { isAbsolute, relative } from 'node:path';

/** A sink for command output; the default writes to the process streams. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Writes to process.stdout and process.stderr. */
export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Whether colors may be used on stream `fd`: never with NO_COLOR set, only on a terminal. */
export function useColor(stream: NodeJS.WriteStream = process.stderr): boolean {
  return !('NO_COLOR' in process.env) && Boolean(stream.isTTY);
}

/** Colors the severity words of issue lines, when `io` is a terminal without NO_COLOR. */
export function paintSeverities(text: string, io: Output): string {
  if (io !== processOutput || !useColor(process.stderr)) return text;
  return text.replace(/^(error|warning)/gm, (word) =>
    word === 'error' ? `\x1b[31m${word}\x1b[0m` : `\x1b[33m${word}\x1b[0m`,
  );
}

/**
 * `file` as the user names it: relative to the working folder when it lies inside it,
 * absolute otherwise; every command prints config paths this one way.
 */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
