/**
 * Bounded input (issue #12): a config over the size limit, binary bytes, text that makes
 * thousands of errors, control characters, a folder given as -c. Each ends with exit 2 and
 * a short message that names the file, never a crash, a stack trace or raw bytes.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MAX_SHOWN_ISSUES } from '../../src/config/issues';
import { REPO_ROOT } from './dist';

const BIN = join(REPO_ROOT, 'bin', 'ses-dns.js');
const work = mkdtempSync(join(tmpdir(), 'ses-dns-bounded-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 512 * 1024 * 1024,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Only printable text, tabs and newlines: no escape sequence, no NUL, no stray byte. */
const PRINTABLE = /^[\t\n\x20-\x7e\u00a0-\uffff]*$/u;

/** A config of `domains` generated domain entries, as a user's would look. */
function bigConfig(domains: number): string {
  const lines = [
    'defaults:',
    '  region: eu-west-1',
    'environments:',
    '  production:',
    '    dns: { provider: route53 }',
    '    domains:',
  ];
  for (let i = 0; i < domains; i++)
    lines.push(`      - name: d${i}.example-${i % 10}.com`, `        zone: example-${i % 10}.com`);
  return `${lines.join('\n')}\n`;
}

describe('ses-dns refuses input it cannot read safely, with exit 2 and one short message', () => {
  test('a 50 MB config: over the size limit, refused before it is parsed', () => {
    const file = join(work, 'big.yaml');
    let text = bigConfig(800_000);
    expect(text.length).toBeGreaterThan(50_000_000);
    writeFileSync(file, text);
    text = '';
    const result = cli('synth', '-c', file, '-o', join(work, 'out'));
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          // Named as the user gave it, relative to the working folder (where the CLI runs).
          `^error {3}big\\.yaml: \\(top level\\): is \\d+\\.\\d MiB, more than the 8\\.0 MiB limit; ses-dns reads configs of up to 8 MiB \\(some 100,000 domains\\): check that -c names the config$`,
        ),
      ),
      '1 error: nothing was written',
      '',
    ]);
  });

  test('50 MB of random bytes: refused by size, no byte of it echoed', () => {
    const file = join(work, 'random.yaml');
    writeFileSync(file, randomBytes(50 * 1024 * 1024));
    const result = cli('validate', '-c', file);
    expect(result.code).toBe(2);
    expect(result.stderr.length).toBeLessThan(400);
    expect(result.stderr).toMatch(PRINTABLE);
    expect(result.stderr).toContain('more than the 8.0 MiB limit');
  });

  test('random bytes under the limit: refused as binary, no byte of it echoed', () => {
    const file = join(work, 'random-small.json');
    const bytes = randomBytes(1024 * 1024);
    bytes[10] = 0;
    writeFileSync(file, bytes);
    const result = cli('validate', '-c', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(PRINTABLE);
    expect(result.stderr).toMatch(
      /: \(top level\): it holds a NUL byte at offset \d+, so it is a binary file, not text; a config is YAML, JSON or TypeScript text/,
    );
    expect(result.stderr.split('\n')).toHaveLength(3);
  });

  test('text in another encoding (Latin-1) is refused as not UTF-8', () => {
    const file = join(work, 'latin1.yaml');
    writeFileSync(file, Buffer.from('defaults:\n  region: caf\xe9\n', 'latin1'));
    const result = cli('validate', '-c', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it is not UTF-8 text (a binary file, or text in another encoding)');
  });

  test(
    'a stream with no size up front (/dev/zero) is read only up to the limit',
    { skip: process.platform === 'win32' },
    () => {
      const result = cli('validate', '-c', '/dev/zero');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('/dev/zero: (top level): is more than the 8.0 MiB limit');
    },
  );

  test(`thousands of errors: the first ${MAX_SHOWN_ISSUES}, then a count of the rest`, () => {
    const file = join(work, 'many-errors.yaml');
    const lines = [
      'defaults:',
      '  region: eu-west-1',
      'environments:',
      '  production:',
      '    dns: { provider: route53 }',
      '    domains:',
    ];
    for (let i = 0; i < 3000; i++) lines.push(`      - name: Bad_${i}.Example.com`);
    writeFileSync(file, lines.join('\n'));
    const result = cli('validate', '-c', file);
    expect(result.code).toBe(2);
    const out = result.stderr.trimEnd().split('\n');
    expect(out).toHaveLength(MAX_SHOWN_ISSUES + 2);
    expect(out.slice(0, MAX_SHOWN_ISSUES).every((line) => line.startsWith('error   '))).toBe(true);
    expect(out[MAX_SHOWN_ISSUES]).toMatch(/^\.\.\. {5}and \d+ more errors not shown: fix these first$/);
    const total = Number(/: (\d+) errors, 0 warnings$/.exec(out[MAX_SHOWN_ISSUES + 1]!)?.[1]);
    expect(total).toBeGreaterThanOrEqual(3000);
    expect(out[MAX_SHOWN_ISSUES]).toContain(`and ${total - MAX_SHOWN_ISSUES} more errors`);
  });

  test('text that is not YAML at all: errors capped, every line printable', () => {
    const file = join(work, 'noise.yaml');
    // Printable noise full of YAML indicators: one syntax error every few bytes.
    const alphabet = ':{}[]&*!|>\'"%@`#,- \n\tabc';
    const bytes = randomBytes(2 * 1024 * 1024);
    writeFileSync(file, [...bytes].map((b) => alphabet[b % alphabet.length]).join(''));
    const result = cli('validate', '-c', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(PRINTABLE);
    expect(result.stderr.split('\n').length).toBeLessThanOrEqual(MAX_SHOWN_ISSUES + 3);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  test('control characters in keys and values are escaped, long ones cut', () => {
    const file = join(work, 'escapes.json');
    writeFileSync(
      file,
      JSON.stringify({
        defaults: { region: 'eu-west-1', '\u001b[2J\u001b[31mred': 1, [`x${'k'.repeat(5000)}`]: 2 },
        environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } },
      }),
    );
    const result = cli('validate', '-c', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(PRINTABLE);
    expect(result.stderr).toContain('unknown key "\\x1b[2J\\x1b[31mred"');
    for (const line of result.stderr.split('\n')) expect(line.length).toBeLessThan(1100);
    expect(result.stderr).toMatch(/\.\.\. \(\d+ more characters\)/);
  });
});

describe('exit codes as documented', () => {
  test.each(['validate', 'synth', 'records'])('%s -c FOLDER: exit 2 naming the config in it', (command) => {
    const folder = join(work, 'project');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'ses-dns.yaml'), 'defaults: {}\n');
    const result = cli(command, '-c', 'project');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'project is a folder, not a config file: pass the config in it, -c project/ses-dns.yaml\n',
    );
    expect(result.stderr).toMatch(/^(project: )?1 error/m);
    expect(result.stderr).not.toContain('EISDIR');
  });

  test.each([
    [
      'under a file',
      (dir: string) => join(dir, 'a-file', 'out'),
      'a part of the path is a file, not a folder, ENOTDIR',
    ],
    [
      'a link to nowhere',
      (dir: string) => {
        symlinkSync(join(dir, 'nowhere', 'x'), join(dir, 'dangling'));
        return join(dir, 'dangling');
      },
      'a part of the path is missing, or a link there points nowhere, ENOENT',
    ],
  ])('-o %s: exit 2, naming -o and the cause, no errno dump', (_title, outOf, cause) => {
    const dir = mkdtempSync(join(work, 'bad-out-'));
    writeFileSync(join(dir, 'a-file'), 'mine\n');
    writeFileSync(
      join(dir, 'ses-dns.yaml'),
      'defaults: { region: eu-west-1 }\nenvironments:\n  production:\n    dns: { provider: route53 }\n    domains: [{ name: example.com }]\n',
    );
    const out = outOf(dir);
    const result = cli('synth', '-c', join(dir, 'ses-dns.yaml'), '-o', out);
    expect(result.stderr).toBe(
      `error: -o ${out}: the output folder cannot be made or written there (${cause}): choose another folder with -o\n`,
    );
    expect(result.code).toBe(2);
  });

  test('-c FOLDER without a config in it: exit 2, and what it looked for', () => {
    mkdirSync(join(work, 'empty'), { recursive: true });
    const result = cli('validate', '-c', 'empty');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'empty is a folder, not a config file, and holds none of ses-dns.yaml, ses-dns.yml, ses-dns.json, ses-dns.config.{ts,mts,cts,js,mjs,cjs}: pass a config file with -c FILE',
    );
  });
});
