/**
 * A reader that stops early (`ses-dns schema | head -1`) closes the pipe under the CLI. The
 * CLI must end quietly then: no unhandled `EPIPE` stack trace on stderr.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './run';

test('ses-dns schema into a pipe closed at once: no stack trace, the SIGPIPE exit code', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'ses-dns.js'), 'schema'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Close our end before the CLI writes: its first write fails with EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(141);
});
