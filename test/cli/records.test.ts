import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from './run';

const TOKENS = [
  'abcdefghijklmnopqrstuvwxyz012345',
  'bcdefghijklmnopqrstuvwxyz0123456',
  'cdefghijklmnopqrstuvwxyz01234567',
];

function tmpFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-records-')), name);
  writeFileSync(file, text);
  return file;
}

/** Every example config: the bundled one, examples/<name>/ses-dns.yaml, and valid fixtures. */
function exampleConfigs(): string[] {
  const examples = existsSync('examples')
    ? readdirSync('examples')
        .map((name) => join('examples', name, 'ses-dns.yaml'))
        .filter((file) => existsSync(file))
    : [];
  return [
    'ses-dns.yaml',
    ...examples,
    'test/fixtures/warn-every-warning.yaml',
    'test/fixtures/report-auth.yaml',
    'test/fixtures/zone-by-id.yaml',
  ];
}

function hasNamedCheckzone(): boolean {
  return spawnSync('named-checkzone', ['-v']).status === 0;
}

describe('ses-dns records', () => {
  test('table: one block per environment, placeholders for unknown tokens', async () => {
    const result = await run('records', '-c', 'ses-dns.yaml', '--env', 'staging');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'Environment staging (Cloudflare): 7 records',
        'TYPE   NAME                                   VALUE                                                            TTL   REQUIRED',
        'CNAME  {dkim-token-0}._domainkey.example.dev  {dkim-token-0}.dkim.amazonses.com                                auto  yes',
        'CNAME  {dkim-token-1}._domainkey.example.dev  {dkim-token-1}.dkim.amazonses.com                                auto  yes',
        'CNAME  {dkim-token-2}._domainkey.example.dev  {dkim-token-2}.dkim.amazonses.com                                auto  yes',
        'MX     mail.example.dev                       10 feedback-smtp.eu-west-1.amazonses.com                         auto  yes',
        'TXT    mail.example.dev                       v=spf1 include:amazonses.com ~all                                auto  yes',
        'TXT    _dmarc.example.dev                     v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:dmarc@example.dev  auto  yes',
        'CNAME  track.example.dev                      r.eu-west-1.awstrack.me                                          auto  no',
        '',
      ].join('\n'),
    );
  });

  test('json: stable keys, addresses, every record', async () => {
    const result = await run('records', '-c', 'ses-dns.yaml', '--format', 'json', '--env', 'production');
    const json = JSON.parse(result.stdout) as { environments: { name: string; records: Record<string, unknown>[] }[] };
    expect(json.environments.map((e) => e.name)).toEqual(['production']);
    const records = json.environments[0]!.records;
    expect(records).toHaveLength(11);
    expect(records[3]).toEqual({
      domain: 'example.com',
      role: 'mail-from-mx',
      address: 'example_com__mail_from_mx',
      zone: { name: 'example.com' },
      name: 'mail.example.com',
      type: 'MX',
      value: 'feedback-smtp.eu-central-1.amazonses.com',
      priority: 10,
      ttl: 600,
      required: true,
      purpose: 'Custom MAIL FROM: where receivers send bounces and complaints back to SES',
    });
  });

  test('markdown: the RECORDS.md table of each environment', async () => {
    const result = await run('records', '-c', 'ses-dns.yaml', '--format', 'markdown', '--env', 'staging');
    expect(result.stdout).toContain('# DNS records of environment `staging`');
    expect(result.stdout).toContain('| CNAME | `track.example.dev` | `r.eu-west-1.awstrack.me` | auto |');
  });

  test.each([
    ['a domain map', { 'example.dev': TOKENS }],
    [
      'terraform output -json',
      {
        example_dev__identity_arn: {
          sensitive: false,
          type: 'string',
          value: 'arn:aws:ses:eu-west-1:1:identity/example.dev',
        },
        example_dev__dkim_tokens: { sensitive: false, type: ['list', 'string'], value: TOKENS },
      },
    ],
  ])('--tokens as %s fills the DKIM names', async (_kind, tokens) => {
    const file = tmpFile('tokens.json', JSON.stringify(tokens));
    const result = await run('records', '-c', 'ses-dns.yaml', '--env', 'staging', '--format', 'json', '--tokens', file);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { environments: { records: { name: string; value: string }[] }[] };
    expect(json.environments[0]!.records[0]).toMatchObject({
      name: `${TOKENS[0]}._domainkey.example.dev`,
      value: `${TOKENS[0]}.dkim.amazonses.com`,
    });
    expect(result.stdout).not.toContain('{dkim-token-');
  });

  test.each([
    ['not JSON', '{', /^error: --tokens .*tokens.json: is not valid JSON: /],
    [
      'an unknown domain',
      JSON.stringify({ 'example.org': TOKENS }),
      /: "example.org" is not a domain of this config \(Easy DKIM domains: example.com, example.dev\); expected \{ "example.com": \["t1", "t2", "t3"\] \}, per SES region \{ "example.com": \{ "us-east-2": \["t1", "t2", "t3"\] \} \}, or the output of terraform output -json\n$/,
    ],
    [
      'two tokens',
      JSON.stringify({ 'example.dev': TOKENS.slice(0, 2) }),
      /: the tokens of example.dev must be a list of 3 DNS labels \(SES gives 32 letters and digits each\), got \["abcdefghijklmnopqrstuvwxyz012345","bcdefghijklmnopqrstuvwxyz0123456"\]; expected/,
    ],
    [
      'an output of no domain',
      JSON.stringify({ example_org__dkim_tokens: { value: TOKENS } }),
      /: output "example_org__dkim_tokens" names no Easy DKIM domain of this config \(known: example_com__dkim_tokens, example_dev__dkim_tokens\)/,
    ],
  ])('a bad tokens file (%s): exit 2 with the reason', async (_why, text, message) => {
    const result = await run('records', '-c', 'ses-dns.yaml', '--tokens', tmpFile('tokens.json', text));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  test('an unknown format: exit 2', async () => {
    const result = await run('records', '-c', 'ses-dns.yaml', '--format', 'yaml');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --format must be one of table, markdown, json, bind, got "yaml"\n',
    });
  });

  test('bind: one section per zone, relative names, long TXT split, auto TTL as 300', async () => {
    const result = await run('records', '-c', 'ses-dns.yaml', '--format', 'bind');
    const sections = result.stdout.split(/\n(?=\$ORIGIN )/);
    expect(sections.map((s) => s.split('\n')[0])).toEqual(['$ORIGIN example.com.', '$ORIGIN example.dev.']);
    expect(result.stdout).toContain('mail.notify 600 IN MX 10 feedback-smtp.eu-central-1.amazonses.com.\n');
    expect(result.stdout).toMatch(/\ns1\._domainkey\.notify 600 IN TXT "v=DKIM1; k=rsa; p=[^"]{237}" "[^"]+"\n/);
    expect(result.stdout).toContain(
      "; Open and click tracking on a custom domain [TTL auto, Cloudflare's automatic TTL, written as 300]\ntrack 300 IN CNAME r.eu-west-1.awstrack.me.\n",
    );
  });

  test('bind: the report authorization record goes to the report domain zone', async () => {
    const result = await run('records', '-c', 'test/fixtures/report-auth.yaml', '--format', 'bind');
    expect(result.stdout).toContain('$ORIGIN example.net.\n');
    expect(result.stdout).toContain('example.com._report._dmarc 600 IN TXT "v=DMARC1"\n');
  });

  test.each(exampleConfigs())('bind output of %s passes named-checkzone', async (config) => {
    if (!hasNamedCheckzone()) {
      if (process.env.CI === 'true') throw new Error('named-checkzone is missing: apt-get install -y bind9-utils');
      console.warn('skipped: named-checkzone is missing (apt-get install -y bind9-utils)');
      return;
    }
    const result = await run('records', '-c', config, '--format', 'bind');
    expect(result.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-zone-'));
    const sections = result.stdout.split(/\n(?=\$ORIGIN )/);
    expect(sections.length).toBeGreaterThan(0);
    sections.forEach((section, i) => {
      const origin = /^\$ORIGIN (\S+)\.\n/.exec(section)?.[1];
      expect(origin, `section ${i} starts with $ORIGIN`).toBeDefined();
      const file = join(dir, `${i}.zone`);
      writeFileSync(file, section.endsWith('\n') ? section : `${section}\n`);
      // -i local: do not look up out-of-zone MX and CNAME targets (no network in tests).
      const out = execFileSync('named-checkzone', ['-i', 'local', '-k', 'fail', origin!, file], { encoding: 'utf8' });
      expect(out).toMatch(/\nOK\n$/);
    });
  });
});

test('bind: a zone given by id is named after its domains', async () => {
  const result = await run('records', '-c', 'test/fixtures/zone-by-id.yaml', '--format', 'bind');
  expect(result.stdout.split('\n').slice(0, 3)).toEqual([
    '$ORIGIN example.com.',
    '; generated by ses-dns: records of environment production (Cloudflare), zone example.com',
    '; zone id 0123456789abcdef0123456789abcdef; its name is not in the config, so names are relative to example.com',
  ]);
  expect(result.stdout).toContain('\nclick.news 300 IN CNAME r.eu-south-1.awstrack.me.\n');
});

test('bind: a zone given by id that holds the report authorization of another domain is named after its own', async () => {
  const config = tmpFile(
    'ses-dns.yaml',
    [
      'defaults: { region: eu-west-1, dmarc: { rua: [dmarc-reports@acme-test.com] } }',
      'environments:',
      '  production:',
      '    dns: { provider: route53 }',
      '    domains:',
      '      - { name: acme-test.com, zone: { id: Z0123456789ABCDEFGHIJ } }',
      '      - { name: acme-shop.io, zone: { id: Z9876543210ZYXWVUTSRQ } }',
      '',
    ].join('\n'),
  );
  const result = await run('records', '-c', config, '--format', 'bind');
  const section = result.stdout.split(/\n(?=\$ORIGIN )/).find((s) => s.includes('Z0123456789ABCDEFGHIJ'))!;
  expect(section.split('\n').slice(0, 3)).toEqual([
    '$ORIGIN acme-test.com.',
    '; generated by ses-dns: records of environment production (Route 53), zone acme-test.com',
    '; zone id Z0123456789ABCDEFGHIJ; its name is not in the config, so names are relative to acme-test.com',
  ]);
  expect(section).toContain('\nacme-shop.io._report._dmarc 600 IN TXT "v=DMARC1"\n');
});

describe('records include the TXT values kept beside ours (keepTxt)', () => {
  const config = tmpFile(
    'ses-dns.yaml',
    [
      'defaults: { region: eu-west-1 }',
      'environments:',
      '  production:',
      '    dns: { provider: route53 }',
      '    domains:',
      '      - name: example.com',
      '        spf: { include: [_spf.google.com] }',
      '        keepTxt:',
      '          - google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ',
      '          - { name: _dmarc, value: "rua=mailto:reports@dmarc.example.net" }',
      '',
    ].join('\n'),
  );

  test('table: a row marked kept after the record whose set holds it', async () => {
    const result = await run('records', '-c', config);
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\n').map((line) => line.replace(/\s+/g, ' '));
    const spf = rows.findIndex((r) => r.startsWith('TXT example.com v=spf1'));
    expect(rows[spf + 1]).toBe(
      'TXT example.com google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ 600 kept',
    );
    const dmarc = rows.findIndex((r) => r.startsWith('TXT _dmarc.example.com v=DMARC1'));
    expect(rows[dmarc + 1]).toBe('TXT _dmarc.example.com rua=mailto:reports@dmarc.example.net 600 kept');
    expect(result.stdout).toContain('Environment production (Route 53): 7 records, 2 kept values of others\n');
  });

  test('json: the owning record lists them in kept', async () => {
    const result = await run('records', '-c', config, '--format', 'json');
    const json = JSON.parse(result.stdout) as { environments: { records: Record<string, unknown>[] }[] };
    const records = json.environments[0]!.records;
    expect(records.find((r) => r.role === 'spf')!.kept).toEqual([
      'google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ',
    ]);
    expect(records.find((r) => r.role === 'dmarc')!.kept).toEqual(['rua=mailto:reports@dmarc.example.net']);
    expect(records.find((r) => r.role === 'mail-from-spf')).not.toHaveProperty('kept');
  });

  test('bind: a TXT line with its own comment, which named-checkzone accepts', async () => {
    const result = await run('records', '-c', config, '--format', 'bind');
    expect(result.stdout).toContain(
      '; Not ours, kept (keepTxt): written into the same Route 53 record set as the spf record\n@ 600 IN TXT "google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ"\n',
    );
    expect(result.stdout).toContain('\n_dmarc 600 IN TXT "rua=mailto:reports@dmarc.example.net"\n');
    if (!hasNamedCheckzone()) return;
    const file = tmpFile('example.com.zone', result.stdout);
    const out = execFileSync('named-checkzone', ['-i', 'local', '-k', 'fail', 'example.com', file], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/\nOK\n$/);
  });
});
