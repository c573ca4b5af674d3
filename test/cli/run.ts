/**
 * Runs the CLI in-process (from src/, through vitest) with captured output.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function run(...argv: string[]): Promise<Run> {
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
