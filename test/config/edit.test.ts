/**
 * Editing a config in place: only the edited span changes (comments, quoting, flow and
 * block style, blank lines kept), the result is checked, and the file is replaced
 * atomically.
 */
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ConfigEditError,
  configFormat,
  editConfigText,
  parseConfigPath,
  writeConfigAtomically,
} from '../../src/config/edit';

const YAML = `# yaml-language-server: $schema=./node_modules/ses-dns/schema/ses-dns.schema.json
defaults:
  region: eu-west-1 # SES region
  dmarc: { policy: none, rua: [dmarc@example.com] } # reports to us

environments:
  production:
    dns: { provider: route53 }
    dmarc: {}
    domains:
      - name: a.example # the main brand
        spf: { include: [_spf.google.com] }

      # b sends through a partner
      - name: b.example
        dmarc:
          rua: ["dmarc@b.example"]
      - { name: c.example }
  staging:
    dmarc:
      policy: 'none'
    domains: [{ name: d.example }]
`;

/** The one changed stretch of lines: what `before` had there and what `after` has. */
function diff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { removed: a.slice(start, a.length - end), added: b.slice(start, b.length - end) };
}

describe('YAML', () => {
  test.each([
    [
      'an existing scalar in a flow map',
      'defaults.dmarc.policy',
      ['  dmarc: { policy: none, rua: [dmarc@example.com] } # reports to us'],
      ['  dmarc: { policy: quarantine, rua: [dmarc@example.com] } # reports to us'],
    ],
    [
      'an existing quoted scalar keeps its quotes',
      'environments.staging.dmarc.policy',
      ["      policy: 'none'"],
      ["      policy: 'quarantine'"],
    ],
    [
      'a new key in an empty flow map',
      'environments.production.dmarc.policy',
      ['    dmarc: {}'],
      ['    dmarc: { policy: quarantine }'],
    ],
    [
      'a new map at the end of a block map entry, before the comment of the next entry',
      'environments.production.domains[0].dmarc.policy',
      [],
      ['        dmarc:', '          policy: quarantine'],
    ],
    [
      'a new key in a nested block map',
      'environments.production.domains[1].dmarc.policy',
      [],
      ['          policy: quarantine'],
    ],
    [
      'a new key in a flow map list item',
      'environments.production.domains[2].dmarc.policy',
      ['      - { name: c.example }'],
      ['      - { name: c.example, dmarc: { policy: quarantine } }'],
    ],
    [
      'a new key in a flow map inside a flow list',
      'environments.staging.domains[0].dmarc.policy',
      ['    domains: [{ name: d.example }]'],
      ['    domains: [{ name: d.example, dmarc: { policy: quarantine } }]'],
    ],
  ])('%s', (_label, path, removed, added) => {
    const after = editConfigText(YAML, 'yaml', [{ path, value: 'quarantine' }]);
    expect(diff(YAML, after)).toEqual({ removed, added });
  });

  test('a block insertion lands inside its entry, in order', () => {
    const after = editConfigText(YAML, 'yaml', [
      { path: 'environments.production.domains[0].dmarc.policy', value: 'reject' },
    ]);
    expect(after).toContain(
      [
        '      - name: a.example # the main brand',
        '        spf: { include: [_spf.google.com] }',
        '        dmarc:',
        '          policy: reject',
        '',
        '      # b sends through a partner',
      ].join('\n'),
    );
  });

  test('several edits in one go; a string that plain YAML would misread is quoted', () => {
    const after = editConfigText(YAML, 'yaml', [
      { path: 'defaults.dmarc.policy', value: 'reject' },
      { path: 'defaults.region', value: 'true' },
    ]);
    expect(diff(YAML, after).added).toEqual([
      '  region: "true" # SES region',
      '  dmarc: { policy: reject, rua: [dmarc@example.com] } # reports to us',
    ]);
  });

  test('a list item is appended at the list indentation', () => {
    const after = editConfigText(YAML, 'yaml', [
      { path: 'environments.production.domains[3]', value: { name: 'e.example' } },
    ]);
    expect(after).toContain('      - { name: c.example }\n      - name: e.example\n  staging:');
  });

  test('CRLF files stay CRLF', () => {
    const crlf = YAML.replace(/\n/g, '\r\n');
    const after = editConfigText(crlf, 'yaml', [
      { path: 'environments.production.domains[0].dmarc.policy', value: 'quarantine' },
    ]);
    expect(after.split('\r\n').join('\n')).toBe(
      editConfigText(YAML, 'yaml', [{ path: 'environments.production.domains[0].dmarc.policy', value: 'quarantine' }]),
    );
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
  });

  test.each([
    [
      'a path through a scalar',
      'defaults.region.name',
      'cannot set defaults.region.name: defaults.region is not a map there; make the change by hand',
    ],
    [
      'a path through a list by name',
      'environments.production.domains.first',
      'cannot set environments.production.domains.first: environments.production.domains is a list there; make the change by hand',
    ],
  ])('refused: %s', (_label, path, message) => {
    expect(() => editConfigText(YAML, 'yaml', [{ path, value: 'x' }])).toThrow(new ConfigEditError(message));
  });

  test('several YAML documents are refused', () => {
    expect(() => editConfigText('a: 1\n---\nb: 2\n', 'yaml', [{ path: 'a', value: 2 }])).toThrow(
      'holds several YAML documents: ses-dns edits single-document files only',
    );
  });
});

describe('JSON', () => {
  const JSON_TEXT = `{
    "defaults": { "region": "eu-west-1", "dmarc": { "policy": "none" } },
    "environments": {
        "production": {
            "dns": { "provider": "route53" },
            "domains": [
                { "name": "a.example" }
            ]
        }
    }
}
`;

  test('an existing value changes in place; the rest keeps its layout', () => {
    const after = editConfigText(JSON_TEXT, 'json', [{ path: 'defaults.dmarc.policy', value: 'quarantine' }]);
    expect(after).toBe(JSON_TEXT.replace('"policy": "none"', '"policy": "quarantine"'));
  });

  test("a new key is inserted with the file's indentation", () => {
    const after = editConfigText(JSON_TEXT, 'json', [
      { path: 'environments.production.domains[0].dmarc.policy', value: 'quarantine' },
    ]);
    expect(JSON.parse(after).environments.production.domains[0]).toEqual({
      name: 'a.example',
      dmarc: { policy: 'quarantine' },
    });
    expect(after.split('\n').slice(0, 5)).toEqual(JSON_TEXT.split('\n').slice(0, 5));
  });
});

test('TypeScript configs are never edited', () => {
  expect(configFormat('ses-dns.config.ts')).toBe('code');
  expect(() => editConfigText('export default {}', 'code', [{ path: 'defaults.region', value: 'x' }])).toThrow(
    'is TypeScript: ses-dns cannot edit code safely; make the change by hand, or keep the config in ses-dns.yaml',
  );
});

test('config paths', () => {
  expect(parseConfigPath('environments.production.domains[12].dmarc.policy')).toEqual([
    'environments',
    'production',
    'domains',
    12,
    'dmarc',
    'policy',
  ]);
  expect(() => parseConfigPath('a..b')).toThrow('"a..b" is not a config path');
});

describe('atomic write', () => {
  test('replaces the file, keeps its mode, leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-edit-'));
    const file = join(dir, 'ses-dns.yaml');
    writeFileSync(file, 'a: 1\n');
    chmodSync(file, 0o640);
    writeConfigAtomically(file, 'a: 2\n', 'a: 1\n');
    expect(readFileSync(file, 'utf8')).toBe('a: 2\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['ses-dns.yaml']);
  });

  test('a symlinked config is written at its target, the link stays a link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-edit-'));
    writeFileSync(join(dir, 'real.yaml'), 'a: 1\n');
    symlinkSync(join(dir, 'real.yaml'), join(dir, 'ses-dns.yaml'));
    writeConfigAtomically(join(dir, 'ses-dns.yaml'), 'a: 2\n', 'a: 1\n');
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toBe('a: 2\n');
    expect(readdirSync(dir).sort()).toEqual(['real.yaml', 'ses-dns.yaml']);
  });

  test('a file changed since it was read is not overwritten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-edit-'));
    const file = join(dir, 'ses-dns.yaml');
    writeFileSync(file, 'a: 3\n');
    expect(() => writeConfigAtomically(file, 'a: 2\n', 'a: 1\n')).toThrow(
      'changed while ses-dns was reading it: nothing was written; run the command again',
    );
    expect(readFileSync(file, 'utf8')).toBe('a: 3\n');
  });
});
