import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, run } from './run';

const BAD = 'test/fixtures/bad-several-errors.yaml';
const WARN = 'test/fixtures/warn-every-warning.yaml';

describe('ses-dns validate', () => {
  test('the bundled example is valid', async () => {
    const result = await run('validate', '-c', 'ses-dns.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ses-dns.yaml: valid, 2 environments, 3 domains, 0 warnings\n');
  });

  test('a broken config: every error with its path on stderr, exit 2', async () => {
    const result = await run('validate', '-c', BAD);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const regions =
      'af-south-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-southeast-5, ca-central-1, ca-west-1, eu-central-1, eu-central-2, eu-north-1, eu-south-1, eu-west-1, eu-west-2, eu-west-3, il-central-1, me-central-1, me-south-1, sa-east-1, us-east-1, us-east-2, us-gov-east-1, us-gov-west-1, us-west-1, us-west-2';
    expect(result.stderr.split('\n')).toEqual([
      `error   ${BAD}: defaults.region: must be one of ${regions}, got "eu-west-9"; did you mean "eu-west-1"?`,
      `error   ${BAD}: defaults.dmarc.policy: must be one of none, quarantine, reject, got "rejct"; did you mean "reject"?`,
      `error   ${BAD}: environments.production.domains[0].mailFrom.subdomain: "mail.example.com." is not allowed: must be lowercase labels put in front of the domain, such as "mail"; write only the labels: "mail", not "mail.example.com."; {region} stands for the region, as in "feedback-smtp-{region}-amazonses"`,
      `error   ${BAD}: environments.production.domains[0].tracking.subdomian: unknown key "subdomian"; did you mean "subdomain"? Allowed keys: subdomain, httpsPolicy. Remove it or fix its spelling.`,
      `error   ${BAD}: environments.production.ttl: "auto" is a Cloudflare TTL, but environment "production" uses Route 53: give a number of seconds, such as 300`,
      `error   ${BAD}: environments.production.domains[1].name: "example.com" is already configured at environments.production.domains[0]; list each domain once per environment and put its settings in that one entry`,
      `${BAD}: 6 errors, 0 warnings`,
      '',
    ]);
  });

  test('a YAML syntax slip: one error naming the line at fault and what to fix, not the errors that follow from it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-yaml-')), 'ses-dns.yaml');
    // `domains` indented one space short of `dns`: the yaml parser reports three errors.
    writeFileSync(
      file,
      'environments:\n  production:\n    dns: { provider: route53 }\n   domains:\n      - name: example.com\n',
    );
    const result = await run('validate', '-c', file);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `error   ${file}: (top level): is not valid YAML: All mapping items must start at the same column at line 4, column 1 ("   domains:"); fix the syntax there (indentation, quotes, a missing colon)`,
      `${file}: 1 error, 0 warnings`,
    ]);
  });

  test.each([
    ['ses-dns.yaml', ''],
    ['ses-dns.yaml', '# only a comment\n'],
    ['ses-dns.json', '  \n'],
  ])('an empty config (%s %j) is said to be empty, exit 2', async (name, text) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-empty-')), name);
    writeFileSync(file, text);
    const result = await run('validate', '-c', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}: (top level): the file holds no config (it is empty, or only comments): a config needs at least environments with their domains; ses-dns init writes a commented one to start from`,
    );
  });

  test('a value refused by an error gets no warning in other words at the same path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-refused-')), 'ses-dns.yaml');
    writeFileSync(
      file,
      'environments:\n  production:\n    region: eu-west-1\n    dns: { provider: route53 }\n    dmarc: { pct: 150, rua: [not-an-email] }\n    domains:\n      - name: example.com\n',
    );
    const result = await run('validate', '-c', file);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `error   ${file}: environments.production.dmarc.rua[0]: "not-an-email" is not allowed: must be an address such as dmarc@example.com, or a mailto: URI`,
      `error   ${file}: environments.production.dmarc.pct: must be at most 100, got 150`,
      `${file}: 2 errors, 0 warnings`,
    ]);
  });

  test('validate and synth name a config inside the working folder the same way, relative to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-paths-'));
    writeFileSync(
      join(dir, 'ses-dns.yaml'),
      'environments:\n  production:\n    region: eu-west-1\n    dns: { provider: route53 }\n    domains: [{ name: Example.com }]\n',
    );
    for (const command of ['validate', 'synth']) {
      const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'ses-dns.js'), command], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^error {3}ses-dns\.yaml: environments\.production\.domains\[0\]\.name: /);
    }
  });

  test('--json: the same errors as stable JSON on stdout', async () => {
    const result = await run('validate', '-c', BAD, '--json');
    expect(result.code).toBe(2);
    const json = JSON.parse(result.stdout) as { valid: boolean; errors: { path: string }[]; warnings: unknown[] };
    expect(json.valid).toBe(false);
    expect(json.errors.map((e) => e.path)).toEqual([
      'defaults.region',
      'defaults.dmarc.policy',
      'environments.production.domains[0].mailFrom.subdomain',
      'environments.production.domains[0].tracking.subdomian',
      'environments.production.ttl',
      'environments.production.domains[1].name',
    ]);
    expect(Object.keys(json)).toEqual(['file', 'valid', 'errors', 'warnings', 'notes']);
  });

  test('every kind of warning, each at the path where the value is written; exit 0', async () => {
    const result = await run('validate', '-c', WARN, '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { valid: boolean; warnings: { path: string; message: string }[] };
    expect(json.valid).toBe(true);
    expect(json.warnings.map((w) => [w.path, w.message.split(' ').slice(0, 3).join(' ')])).toEqual([
      ['defaults.dmarc.alignment.dkim', 'strict DKIM alignment'],
      ['defaults.dmarc.alignment.spf', 'strict SPF alignment'],
      ['defaults.dmarc.pct', 'pct is removed'],
      ['defaults.dmarc.reportInterval', 'reportInterval (ri) is'],
      ['defaults.dmarc.rua[0]', 'DMARC reports of'],
      ['defaults.region', 'eu-central-2 has no'],
      ['environments.production.domains[0].spf', 'the root SPF'],
      ['environments.production.domains[2].dmarc', 'dmarc is false'],
      ['environments.production.domains[1].mailFrom', 'mailFrom is off'],
      ['defaults.dmarc.alignment.dkim', 'strict DKIM alignment'],
      ['defaults.dmarc.rua[0]', 'DMARC reports of'],
      ['environments.production.domains[1].spf', 'the root SPF'],
      ['environments.staging.dmarc.pct', 'pct is removed'],
      ['defaults.dmarc.rua[0]', 'DMARC reports of'],
      ['environments.staging.domains[0].name', 'example.com is also'],
    ]);
  });

  test('--strict: a warning fails with exit 1', async () => {
    const result = await run('validate', '-c', WARN, '--strict');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^warning test\/fixtures\/warn-every-warning.yaml: defaults.dmarc.alignment.dkim: /);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
      'test/fixtures/warn-every-warning.yaml: 0 errors, 15 warnings (--strict: warnings fail)',
    );
  });

  test('a missing file: exit 2 with the reason', async () => {
    const result = await run('validate', '-c', 'test/fixtures/no-such-file.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error {3}test\/fixtures\/no-such-file.yaml: \(top level\): config file .*no-such-file.yaml does not exist/,
    );
  });

  test('a provider audit error is an error of validate too', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-')), 'ses-dns.yaml');
    // A tracking CNAME of one domain at the MAIL FROM name of another: one record set.
    writeFileSync(
      file,
      [
        'defaults: { region: eu-west-1 }',
        'environments:',
        '  production:',
        '    dns: { provider: route53 }',
        '    domains:',
        '      - name: example.com',
        '        mailFrom: { subdomain: bounce.notify }',
        '      - name: notify.example.com',
        '        zone: example.com',
        '        mailFrom: { subdomain: bounce }',
      ].join('\n'),
    );
    const result = await run('validate', '-c', file, '--json');
    const json = JSON.parse(result.stdout) as { errors: { path: string; message: string }[] };
    expect(result.code).toBe(2);
    // Both MAIL FROM names are bounce.notify.example.com: one error, naming both paths.
    expect(json.errors.map((e) => e.path)).toEqual(['environments.production.domains[1].mailFrom.subdomain']);
    expect(json.errors[0]!.message).toContain('environments.production.domains[0].mailFrom.subdomain');
  });
});
