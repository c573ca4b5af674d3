/**
 * `adopt` takes the live-lookup flags of `verify` (one definition, src/cli/live-lookup-flags.ts):
 * `--timeout` and `--concurrency` with the same help, defaults and validation, a timeout
 * honoured against a resolver that never answers, and lookups bounded by `--concurrency`.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { adopt } from '../../src/cli/commands/adopt';
import { adoptCommand } from '../../src/cli/commands/adopt-command';
import { verifyCommand } from '../../src/cli/commands/verify-command';
import { readLiveLookupFlags } from '../../src/cli/live-check';
import type { DnsLookup } from '../../src/verify/lookup';
import { run } from '../cli/run';

const CONFIG = {
  defaults: { region: 'eu-west-1' },
  environments: {
    production: {
      dns: { provider: 'route53' },
      domains: [
        { name: 'example.com', zone: { id: 'Z0123456789ABCDEFGHIJ' } },
        { name: 'example.org', tracking: {} },
        { name: 'example.net' },
      ],
    },
  },
};

function configFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-adopt-flags-')), 'ses-dns.yaml');
  writeFileSync(file, stringify(CONFIG));
  return file;
}

describe('verify and adopt share the live-lookup flags', () => {
  test.each(['resolver', 'timeout', 'concurrency', 'tokens', 'aws', 'env'])('--%s is defined once', (flag) => {
    expect(adoptCommand.options[flag]).toBeDefined();
    expect(adoptCommand.options[flag]).toEqual(verifyCommand.options[flag]);
  });

  test('with the same help lines, defaults included', () => {
    const lines = (details: string | undefined, flag: string) =>
      (details ?? '').split('\n').filter((line) => line.startsWith(`  --${flag} `));
    for (const flag of ['timeout', 'concurrency', 'resolver', 'tokens', 'env']) {
      expect(lines(adoptCommand.details, flag)).toEqual(lines(verifyCommand.details, flag));
      expect(lines(adoptCommand.details, flag)).toHaveLength(1);
    }
    expect(adoptCommand.details).toContain(
      '  --timeout MS         milliseconds per DNS try (default 2000; two tries per lookup)',
    );
    expect(adoptCommand.details).toContain('  --concurrency N      lookups in flight at once (default 16)');
    expect(adoptCommand.usage).toContain('[--timeout MS] [--concurrency N]');
  });

  test('read into the options both commands run with', () => {
    expect(
      readLiveLookupFlags({ timeout: '250', concurrency: '3', resolver: '127.0.0.1:5353', aws: true, env: ['a'] }),
    ).toEqual({
      config: undefined,
      environments: ['a'],
      resolver: '127.0.0.1:5353',
      tokens: undefined,
      aws: true,
      timeoutMs: 250,
      concurrency: 3,
    });
  });
});

describe('adopt --timeout and --concurrency', () => {
  test.each([
    ['--timeout', '0'],
    ['--timeout', '2s'],
    ['--concurrency', '-4'],
    ['--concurrency', '1.5'],
  ])('%s %s is bad input: exit 2, the flag named, nothing written', async (flag, value) => {
    const file = configFile();
    const before = readFileSync(file, 'utf8');
    const result = await run('adopt', '-c', file, '--write', `${flag}=${value}`);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${flag} must be a whole number of at least 1, got "${value}"\n`,
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('a resolver that never answers: the timeout is honoured, could not check (exit 2)', async () => {
    // A UDP socket that reads queries and never replies, as a firewalled or hung resolver does.
    const silent = createSocket('udp4');
    silent.on('message', () => {});
    await new Promise<void>((done) => silent.bind(0, '127.0.0.1', done));
    try {
      const resolver = `127.0.0.1:${silent.address().port}`;
      const file = configFile();
      const before = readFileSync(file, 'utf8');
      const result = await run('adopt', '-c', file, '--resolver', resolver, '--timeout', '100', '--concurrency', '1');
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        new RegExp(
          `^could not check: (TXT|MX|CNAME) \\S+: the resolver ${resolver.replace(/\./g, '\\.')} did not answer: timed out after 2 tries of 100 ms; pass --resolver`,
        ),
      );
      expect(readFileSync(file, 'utf8')).toBe(before);
    } finally {
      silent.close();
    }
  });

  /** A DNS that answers nothing, one turn of the event loop later, counting lookups in flight. */
  function countingDns() {
    const seen = { now: 0, most: 0, asked: 0 };
    const answer = async <T>(): Promise<T[]> => {
      seen.asked++;
      seen.most = Math.max(seen.most, ++seen.now);
      await new Promise((resolve) => setImmediate(resolve));
      seen.now--;
      return [];
    };
    const dns: DnsLookup = { txt: answer, mx: answer, cname: answer };
    return { dns, seen };
  }

  test.each([
    [1, 1],
    [2, 2],
    [undefined, 16],
  ])('--concurrency %s: at most %s lookups in flight', async (concurrency, most) => {
    const { dns, seen } = countingDns();
    await adopt({ config: configFile(), dns, env: {}, ...(concurrency && { concurrency }) });
    // Enough names that the bound, not the number of names, is what stops more at once.
    expect(seen.asked).toBeGreaterThan(16);
    expect(seen.most).toBe(most);
  });
});
