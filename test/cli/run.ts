/**
 * Runs the built CLI (`dist/`, as `bin/ses-dns.js` does) in-process with captured output.
 * The CLI loads its commands lazily with `require`, which only the compiled JavaScript can
 * serve: `npm test` builds first; after a change, `npm run build` before `npx vitest run`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

type Main = (argv: readonly string[], io: { out(t: string): void; err(t: string): void }) => Promise<number>;

const MAIN = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');

export async function run(...argv: string[]): Promise<Run> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const { main } = require(MAIN) as { main: Main };
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    out: (text) => (stdout += text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => (stderr += text.endsWith('\n') ? text : `${text}\n`),
  });
  return { code, stdout, stderr };
}

/** The repository root: CLI tests run with paths relative to it. */
export const ROOT = join(__dirname, '..', '..');
