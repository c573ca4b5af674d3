/**
 * Editing a config in place: every byte the edits do not reach stays as written (comments,
 * flow collections, blank lines), the result means what the edits say, and the file is
 * replaced atomically.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  ConfigEditError,
  applyEditsToValue,
  editConfigText,
  editableFormatOf,
  writeFileAtomically,
} from '../../src/config/edit';
import type { ConfigEdit } from '../../src/config/edit';

const CONFIG = `# yaml-language-server: $schema=./node_modules/ses-dns/schema/ses-dns.schema.json
defaults:
  region: eu-west-1 # SES region
  dmarc: { policy: none, rua: [dmarc@example.com] }

environments:
  production:
    dns: { provider: route53 }
    domains:
      # the main domain
      - name: example.com
        spf: { include: [_spf.google.com] } # one root SPF
        keepTxt:
          - google-site-verification=abc
      - { name: example.org, zone: example.org }
      - name: example.net
        import:
  staging:
    dns: { provider: cloudflare }
    domains:
      - name: example.dev
`;

const D0 = ['environments', 'production', 'domains', 0];

function edited(edits: ConfigEdit[]): string {
  return editConfigText(CONFIG, 'yaml', edits);
}

/** The lines of `after` that are not in `before`, and the other way round (as multisets). */
function lineDiff(before: string, after: string) {
  const minus = (a: string[], b: string[]) => {
    const left = [...b];
    return a.filter((line) => {
      const i = left.indexOf(line);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
  };
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: minus(a, b), added: minus(b, a) };
}

describe('YAML: only what the edits reach changes', () => {
  test('a new key of a block mapping: new lines at its end, at its column', () => {
    const out = edited([{ op: 'set', path: [...D0, 'import', 'spf'], value: 'Z0123456789ABCDEFGHIJ_example.com_TXT' }]);
    expect(out).toBe(
      CONFIG.replace(
        '          - google-site-verification=abc\n',
        '          - google-site-verification=abc\n        import:\n          spf: Z0123456789ABCDEFGHIJ_example.com_TXT\n',
      ),
    );
  });

  test('a key added to a flow mapping rewrites that mapping alone, in flow style', () => {
    const out = edited([{ op: 'set', path: [...D0, 'spf', 'includeAmazonSes'], value: false }]);
    expect(lineDiff(CONFIG, out)).toEqual({
      removed: ['        spf: { include: [_spf.google.com] } # one root SPF'],
      added: ['        spf: { include: [_spf.google.com], includeAmazonSes: false } # one root SPF'],
    });
  });

  test('a changed scalar replaces only its characters', () => {
    const out = edited([{ op: 'set', path: ['defaults', 'dmarc', 'policy'], value: 'quarantine' }]);
    expect(lineDiff(CONFIG, out)).toEqual({
      removed: ['  dmarc: { policy: none, rua: [dmarc@example.com] }'],
      added: ['  dmarc: { policy: quarantine, rua: [dmarc@example.com] }'],
    });
  });

  test('an item appended to a block list, once', () => {
    const edit: ConfigEdit = { op: 'append', path: [...D0, 'keepTxt'], value: { name: '_dmarc', value: 'v=x; y' } };
    const out = edited([edit, edit]);
    expect(lineDiff(CONFIG, out).added).toEqual(['          - name: _dmarc', '            value: v=x; y']);
    expect(parse(out).environments.production.domains[0].keepTxt).toEqual([
      'google-site-verification=abc',
      { name: '_dmarc', value: 'v=x; y' },
    ]);
  });

  test('an existing equal item is not appended again', () => {
    expect(edited([{ op: 'append', path: [...D0, 'keepTxt'], value: 'google-site-verification=abc' }])).toBe(CONFIG);
  });

  test('a flow domain entry and an empty key', () => {
    const out = edited([
      { op: 'set', path: ['environments', 'production', 'domains', 1, 'mailFrom', 'spfAll'], value: 'fail' },
      { op: 'set', path: ['environments', 'production', 'domains', 2, 'import', 'identity'], value: 'example.net' },
      { op: 'append', path: ['environments', 'staging', 'domains', 0, 'keepTxt'], value: 'MS=ms12345678' },
    ]);
    expect(lineDiff(CONFIG, out)).toEqual({
      removed: ['      - { name: example.org, zone: example.org }', '        import:'],
      added: [
        '      - { name: example.org, zone: example.org, mailFrom: { spfAll: fail } }',
        '        import: { identity: example.net }',
        '        keepTxt: [MS=ms12345678]',
      ],
    });
  });

  test('values that need quotes get them', () => {
    const out = edited([{ op: 'append', path: [...D0, 'keepTxt'], value: 'a: b # not a comment' }]);
    expect(parse(out).environments.production.domains[0].keepTxt).toContain('a: b # not a comment');
  });

  test('an alias on the path is refused, not followed', () => {
    const text =
      'defaults: &d { region: eu-west-1 }\nenvironments:\n  p: { dns: { provider: route53 }, domains: [{ name: a.com }] }\nother: *d\n';
    expect(() => editConfigText(text, 'yaml', [{ op: 'set', path: ['other', 'ttl'], value: 300 }])).toThrow(
      new ConfigEditError('other is an alias (*name)'),
    );
  });

  test('the edits mean the same on the text and on the plain value', () => {
    const edits: ConfigEdit[] = [
      { op: 'set', path: [...D0, 'dmarc', 'policy'], value: 'reject' },
      { op: 'set', path: [...D0, 'dmarc', 'rua'], value: ['a@example.com', 'mailto:b@example.net!10m'] },
      { op: 'append', path: [...D0, 'keepTxt'], value: 'MS=ms1' },
    ];
    expect(parse(edited(edits))).toEqual(applyEditsToValue(parse(CONFIG), edits));
  });
});

describe('JSON', () => {
  test('keys set, indentation kept', () => {
    const text = '{\n    "environments": {\n        "p": { "domains": [{ "name": "a.com" }] }\n    }\n}\n';
    const out = editConfigText(text, 'json', [
      { op: 'set', path: ['environments', 'p', 'domains', 0, 'import', 'identity'], value: 'a.com' },
    ]);
    expect(out).toBe(
      '{\n    "environments": {\n        "p": {\n            "domains": [\n                {\n                    "name": "a.com",\n                    "import": {\n                        "identity": "a.com"\n                    }\n                }\n            ]\n        }\n    }\n}\n',
    );
  });
});

test('formats: YAML and JSON can be edited, code configs cannot', () => {
  expect(['a.yaml', 'b.YML', 'c.json', 'd.config.ts'].map(editableFormatOf)).toEqual([
    'yaml',
    'yaml',
    'json',
    undefined,
  ]);
});

describe('writeFileAtomically', () => {
  test('replaces the file, keeps its mode, leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-edit-'));
    const file = join(dir, 'ses-dns.yaml');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    writeFileAtomically(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['ses-dns.yaml']);
  });

  test('through a symlink, the target is replaced and the link stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-edit-'));
    writeFileSync(join(dir, 'real.yaml'), 'old\n');
    symlinkSync(join(dir, 'real.yaml'), join(dir, 'ses-dns.yaml'));
    writeFileAtomically(join(dir, 'ses-dns.yaml'), 'new\n');
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toBe('new\n');
    expect(readdirSync(dir).sort()).toEqual(['real.yaml', 'ses-dns.yaml']);
  });
});

test('a block mapping replaced whole keeps its place and column', () => {
  const text = 'domains:\n  - name: a.com\n    dkim:\n      type: easy\n      keyLength: 1024\n    spf: {}\n';
  const out = editConfigText(text, 'yaml', [
    { op: 'set', path: ['domains', 0, 'dkim'], value: { type: 'byodkim', selector: 's1', publicKey: 'MIIB' } },
  ]);
  expect(out).toBe(
    'domains:\n  - name: a.com\n    dkim:\n      type: byodkim\n      selector: s1\n      publicKey: MIIB\n    spf: {}\n',
  );
});
