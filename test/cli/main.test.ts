import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, run } from './run';

const COMMANDS = ['synth', 'validate', 'records', 'init', 'verify', 'dmarc', 'adopt', 'schema'];

describe('ses-dns command line', () => {
  test.each(COMMANDS)('%s --help: usage and options, exit 0', async (command) => {
    const result = await run(command, '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: ses-dns ${command}`));
    expect(result.stderr).toBe('');
  });

  test('--help lists every command', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('an unknown command or flag: exit 2, message on stderr', async () => {
    expect(await run('valdate')).toMatchObject({ code: 2, stdout: '' });
    const flag = await run('validate', '--strikt');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: unknown option --strikt; did you mean --strict\?/);
  });

  test.each([
    [
      ['sinth'],
      'error: unknown command "sinth"; did you mean "synth"? Commands: synth, validate, records, init, verify, dmarc, adopt, schema\n',
    ],
    [
      ['frobnicate'],
      'error: unknown command "frobnicate". Commands: synth, validate, records, init, verify, dmarc, adopt, schema\n',
    ],
    [
      ['synth', '--envv', 'production'],
      'error: unknown option --envv; did you mean --env? Options: --config, --help, --output, --env, --check\nusage: ses-dns synth [-c FILE] [-o DIR] [--env NAME]... [--check]\n',
    ],
    [
      ['records', '--formt=json'],
      'error: unknown option --formt; did you mean --format? Options: --config, --help, --env, --format, --tokens\nusage: ses-dns records [-c FILE] [--env NAME]... [--format table|markdown|json|bind] [--tokens FILE]\n',
    ],
    [
      ['verify', '--resolvr', '127.0.0.1'],
      'error: unknown option --resolvr; did you mean --resolver? Options: --config, --help, --env, --resolver, --tokens, --aws, --strict, --json, --timeout, --concurrency\n',
    ],
    [
      ['adpot'],
      'error: unknown command "adpot"; did you mean "adopt"? Commands: synth, validate, records, init, verify, dmarc, adopt, schema\n',
    ],
    [
      ['adopt', '--wirte'],
      'error: unknown option --wirte; did you mean --write? Options: --config, --help, --env, --resolver, --tokens, --aws, --write, --json, --timeout, --concurrency\nusage: ses-dns adopt [-c FILE] [--env NAME]... [--resolver HOST[:PORT]] [--tokens FILE] [--aws] [--timeout MS] [--concurrency N] [--write] [--json]\n',
    ],
    [['validate', '--zzzzzz'], 'error: unknown option --zzzzzz. Options: --config, --help, --strict, --json\n'],
  ])('%j: a suggestion when one is close', async (argv, stderr) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(stderr)).toBe(true);
  });

  test('from a fresh process: exit codes, errors on stderr, no color with NO_COLOR', () => {
    const bin = join(ROOT, 'bin', 'ses-dns.js');
    const bad = spawnSync(process.execPath, [bin, 'validate', '-c', 'test/fixtures/bad-several-errors.yaml'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^error {3}test\/fixtures/);
    expect(bad.stderr).not.toContain('\x1b[');
    const strict = spawnSync(
      process.execPath,
      [bin, 'validate', '--strict', '-c', 'test/fixtures/warn-every-warning.yaml'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(strict.status).toBe(1);
  });
});
