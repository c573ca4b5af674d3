/**
 * `ses-dns dmarc` as a user runs it: `--apply` edits the config in place (YAML and JSON),
 * keeps everything it does not change, refuses TypeScript, and bad flags exit 2.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, run } from './run';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'dmarc');
/** Only readable reports: acme.example is ready for quarantine, shop and legacy are not. */
const BUILT = join(FIXTURES, 'mixed', 'built');

function scratch(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ses-dns-dmarc-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('--apply', () => {
  test('YAML: the ready domain gets its own policy (the default is shared with domains that are not ready)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-dmarc-cli-'));
    const file = join(dir, 'ses-dns.yaml');
    copyFileSync(join(FIXTURES, 'ses-dns.yaml'), file);
    const before = readFileSync(file, 'utf8');
    const result = await run('dmarc', '-c', file, BUILT, '--apply');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      [
        `--apply: changed ${file}:`,
        '  environments.production.domains[0].dmarc.policy: none -> quarantine (acme.example (production))',
        'next: ses-dns synth, review the DMARC record change, terraform apply; then collect reports under the new policy',
      ].join('\n'),
    );
    expect(readFileSync(file, 'utf8')).toBe(
      before.replace(
        '      - name: acme.example\n',
        '      - name: acme.example\n        dmarc:\n          policy: quarantine\n',
      ),
    );

    // Run again with the same reports: they were published under none, so nothing moves.
    const again = await run('dmarc', '-c', file, BUILT, '--apply');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      '  -> stay at quarantine: no reports under p=quarantine yet: receivers saw p=none (reports up to 2026-03-16); apply the config (ses-dns synth, terraform apply) and collect reports under quarantine',
    );
    expect(again.stdout).toContain('--apply: no domain is ready for its next step; the config is unchanged');
  });

  test('YAML: the environment value changes when every domain reading it is ready; comments stay', async () => {
    const text = [
      'defaults:',
      '  region: eu-west-1',
      '  dmarc: { rua: [dmarc@acme.example] }',
      'environments:',
      '  production:',
      '    dns: { provider: route53 }',
      '    dmarc: { policy: none } # raised by ses-dns dmarc --apply',
      '    domains:',
      '      - name: acme.example',
      '  staging:',
      '    dns: { provider: route53 }',
      '    domains: [{ name: acme-staging.example }]',
      '',
    ].join('\n');
    const file = scratch('ses-dns.yaml', text);
    const result = await run('dmarc', '-c', file, BUILT, '--apply', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).applied).toEqual({
      file,
      written: true,
      changes: [
        {
          path: 'environments.production.dmarc.policy',
          from: 'none',
          to: 'quarantine',
          domains: ['acme.example (production)'],
        },
      ],
    });
    expect(readFileSync(file, 'utf8')).toBe(
      text.replace('dmarc: { policy: none } # raised', 'dmarc: { policy: quarantine } # raised'),
    );
  });

  test('JSON: edited with its own indentation', async () => {
    const config = {
      defaults: { region: 'eu-west-1', dmarc: { policy: 'none', rua: ['dmarc@acme.example'] } },
      environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'acme.example' }] } },
    };
    const text = `${JSON.stringify(config, null, 4)}\n`;
    const file = scratch('ses-dns.json', text);
    const result = await run('dmarc', '-c', file, BUILT, '--apply');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  defaults.dmarc.policy: none -> quarantine (acme.example (production))');
    expect(readFileSync(file, 'utf8')).toBe(text.replace('"policy": "none"', '"policy": "quarantine"'));
  });

  test('TypeScript: nothing is written; exit 2 with the values to set by hand', async () => {
    const text = `export default {
  defaults: { region: 'eu-west-1', dmarc: { policy: 'none', rua: ['dmarc@acme.example'] } },
  environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'acme.example' }] } },
};
`;
    const file = scratch('ses-dns.config.ts', text);
    const result = await run('dmarc', '-c', file, BUILT, '--apply');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error   --apply: ${file} is TypeScript, which ses-dns cannot edit safely: set defaults.dmarc.policy to "quarantine" by hand (or keep the config in ses-dns.yaml)`,
    );
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('thresholds and usage', () => {
  test('thresholds are options: more days needed keeps acme.example at none', async () => {
    const result = await run('dmarc', '-c', join(FIXTURES, 'ses-dns.yaml'), BUILT, '--min-days', '20', '--json');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.thresholds).toEqual({ minMessages: 100, minDays: 20, minPassPercent: 99, allowMixedSources: false });
    expect(out.domains.find((d: { domain: string }) => d.domain === 'acme.example').recommendation.reason).toBe(
      '15 days of reports under p=none, fewer than the 20 needed',
    );
  });

  test('--allow-mixed-sources lets shop.acme.example move', async () => {
    const result = await run('dmarc', '-c', join(FIXTURES, 'ses-dns.yaml'), BUILT, '--allow-mixed-sources', '--json');
    const shop = JSON.parse(result.stdout).domains.find((d: { domain: string }) => d.domain === 'shop.acme.example');
    expect(shop.recommendation.action).toBe('quarantine');
  });

  test('--env limits the domains judged', async () => {
    const result = await run('dmarc', '-c', join(FIXTURES, 'ses-dns.yaml'), '--env', 'staging', BUILT, '--json');
    const out = JSON.parse(result.stdout);
    expect(
      out.domains.filter((d: { inConfig: boolean }) => d.inConfig).map((d: { domain: string }) => d.domain),
    ).toEqual(['acme-staging.example']);
  });

  test.each([
    [
      ['dmarc', '-c', 'test/fixtures/dmarc/ses-dns.yaml'],
      'error: give at least one report file or folder: ses-dns dmarc reports/',
    ],
    [
      ['dmarc', '-c', 'test/fixtures/dmarc/ses-dns.yaml', BUILT, '--min-pass', '120'],
      'error: --min-pass must be a percentage from 0 to 100, got "120"',
    ],
    [
      ['dmarc', '-c', 'test/fixtures/dmarc/ses-dns.yaml', BUILT, '--min-days', '0'],
      'error: --min-days must be a whole number of at least 1, got "0"',
    ],
    [
      ['dmarc', '-c', 'test/fixtures/dmarc/ses-dns.yaml', BUILT, 'reprots/'],
      'error: reprots/ does not exist: give report files (.xml, .xml.gz, .zip, .eml, mbox) or folders of them',
    ],
    [
      ['dmarc', '-c', 'test/fixtures/dmarc/ses-dns.yaml', BUILT, '--env', 'prod'],
      'error   environments.prod: --env prod: no such environment; the config has production, staging',
    ],
  ])('%j exits 2', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    // A usage error is said before any analysis: no verdict is printed.
    expect(result.stdout).toBe('');
  });

  test('--help describes the thresholds and the exit codes', async () => {
    const result = await run('dmarc', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: ses-dns dmarc [-c FILE] [--env NAME]... PATH... [--json] [--apply]');
    expect(result.stdout).toContain('--min-pass PERCENT');
    expect(result.stdout).toContain('Exit codes: 0 all files read, 1 a file could not be read');
  });
});
