/**
 * Editing a config in place: only the edited span changes (comments, quoting, flow and
 * block style, blank lines kept), the result means what the edits say (checked against
 * the same edits on the plain value), and the file is replaced atomically.
 */
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  ConfigEditError,
  applyEditsToValue,
  configFormat,
  editConfigText,
  parseConfigPath,
  writeConfigAtomically,
} from '../../src/config/edit';
import type { ConfigEdit } from '../../src/config/edit';

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

/** A config as `adopt --write` meets it: keepTxt lists, an empty `import:`, flow entries. */
const ADOPT = `# yaml-language-server: $schema=./node_modules/ses-dns/schema/ses-dns.schema.json
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

const D0 = 'environments.production.domains[0]';

function edited(edits: ConfigEdit[]): string {
  return editConfigText(ADOPT, 'yaml', edits);
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

describe('YAML: the edits adopt makes', () => {
  test('a new key of a block mapping: new lines at its end, at its column', () => {
    const out = edited([{ path: `${D0}.import.spf`, value: 'Z0123456789ABCDEFGHIJ_example.com_TXT' }]);
    expect(out).toBe(
      ADOPT.replace(
        '          - google-site-verification=abc\n',
        '          - google-site-verification=abc\n        import:\n          spf: Z0123456789ABCDEFGHIJ_example.com_TXT\n',
      ),
    );
  });

  test('a key added to a flow mapping rewrites that mapping alone, in flow style', () => {
    const out = edited([{ path: `${D0}.spf.includeAmazonSes`, value: false }]);
    expect(lineDiff(ADOPT, out)).toEqual({
      removed: ['        spf: { include: [_spf.google.com] } # one root SPF'],
      added: ['        spf: { include: [_spf.google.com], includeAmazonSes: false } # one root SPF'],
    });
  });

  test('a changed scalar replaces only its characters', () => {
    const out = edited([{ path: 'defaults.dmarc.policy', value: 'quarantine' }]);
    expect(lineDiff(ADOPT, out)).toEqual({
      removed: ['  dmarc: { policy: none, rua: [dmarc@example.com] }'],
      added: ['  dmarc: { policy: quarantine, rua: [dmarc@example.com] }'],
    });
  });

  test('an item appended to a block list, once', () => {
    const edit: ConfigEdit = { op: 'append', path: `${D0}.keepTxt`, value: { name: '_dmarc', value: 'v=x; y' } };
    const out = edited([edit, edit]);
    expect(lineDiff(ADOPT, out).added).toEqual(['          - name: _dmarc', '            value: v=x; y']);
    expect(parse(out).environments.production.domains[0].keepTxt).toEqual([
      'google-site-verification=abc',
      { name: '_dmarc', value: 'v=x; y' },
    ]);
  });

  test('an existing equal item is not appended again; setting a value it has already changes nothing', () => {
    expect(edited([{ op: 'append', path: `${D0}.keepTxt`, value: 'google-site-verification=abc' }])).toBe(ADOPT);
    expect(edited([{ path: 'defaults.region', value: 'eu-west-1' }])).toBe(ADOPT);
  });

  test('a flow domain entry, an empty key, a list created', () => {
    const out = edited([
      { path: 'environments.production.domains[1].mailFrom.spfAll', value: 'fail' },
      { path: 'environments.production.domains[2].import.identity', value: 'example.net' },
      { op: 'append', path: 'environments.staging.domains[0].keepTxt', value: 'MS=ms12345678' },
    ]);
    expect(lineDiff(ADOPT, out)).toEqual({
      removed: ['      - { name: example.org, zone: example.org }', '        import:'],
      added: [
        '      - { name: example.org, zone: example.org, mailFrom: { spfAll: fail } }',
        '        import: { identity: example.net }',
        '        keepTxt: [MS=ms12345678]',
      ],
    });
  });

  test('an item appended to a flow list, and to an empty value', () => {
    const text = 'a:\n  keepTxt: [x, y] # kept\n  empty:\n  b: 1\n';
    const out = editConfigText(text, 'yaml', [
      { op: 'append', path: 'a.keepTxt', value: 'z' },
      { op: 'append', path: 'a.empty', value: 'w' },
    ]);
    expect(out).toBe('a:\n  keepTxt: [x, y, z] # kept\n  empty: [w]\n  b: 1\n');
  });

  test('values that need quotes get them', () => {
    const out = edited([
      { op: 'append', path: `${D0}.keepTxt`, value: 'a: b # not a comment' },
      { path: 'defaults.dmarc.policy', value: 'none, or not' },
    ]);
    expect(parse(out).environments.production.domains[0].keepTxt).toContain('a: b # not a comment');
    expect(parse(out).defaults.dmarc.policy).toBe('none, or not');
  });

  test('a number replacing a quoted string loses the quotes', () => {
    expect(editConfigText("ttl: '600' # seconds\n", 'yaml', [{ path: 'ttl', value: 300 }])).toBe(
      'ttl: 300 # seconds\n',
    );
  });

  test('an alias on the path is refused, not followed', () => {
    const text =
      'defaults: &d { region: eu-west-1 }\nenvironments:\n  p: { dns: { provider: route53 }, domains: [{ name: a.com }] }\nother: *d\n';
    expect(() => editConfigText(text, 'yaml', [{ path: 'other.ttl', value: 300 }])).toThrow(
      new ConfigEditError(
        'cannot set other.ttl: other is an alias (*d): editing through it would change &d; make the change by hand',
      ),
    );
  });

  test('appending to a value that is not a list is refused', () => {
    expect(() => edited([{ op: 'append', path: 'defaults.region', value: 'x' }])).toThrow(
      new ConfigEditError('cannot append to defaults.region: it is not a map, not a list; make the change by hand'),
    );
  });

  test('the edits mean the same on the text and on the plain value', () => {
    const edits: ConfigEdit[] = [
      { path: `${D0}.dmarc.policy`, value: 'reject' },
      { path: `${D0}.dmarc.rua`, value: ['a@example.com', 'mailto:b@example.net!10m'] },
      { op: 'append', path: `${D0}.keepTxt`, value: 'MS=ms1' },
    ];
    expect(parse(edited(edits))).toEqual(applyEditsToValue(parse(ADOPT), edits));
  });

  test('a block mapping replaced whole keeps its place and column', () => {
    const text = 'domains:\n  - name: a.com\n    dkim:\n      type: easy\n      keyLength: 1024\n    spf: {}\n';
    const out = editConfigText(text, 'yaml', [
      { path: 'domains[0].dkim', value: { type: 'byodkim', selector: 's1', publicKey: 'MIIB' } },
    ]);
    expect(out).toBe(
      'domains:\n  - name: a.com\n    dkim:\n      type: byodkim\n      selector: s1\n      publicKey: MIIB\n    spf: {}\n',
    );
  });
});

describe('applyEditsToValue', () => {
  test('copies what it changes, leaves the input as it was', () => {
    const raw = { environments: { p: { domains: [{ name: 'a.com', keepTxt: ['x'] }] } } };
    const before = structuredClone(raw);
    const after = applyEditsToValue(raw, [
      { op: 'append', path: 'environments.p.domains[0].keepTxt', value: 'y' },
      { op: 'append', path: 'environments.p.domains[0].keepTxt', value: 'x' },
      { path: 'environments.p.domains[0].import.identity', value: 'a.com' },
    ]);
    expect(raw).toEqual(before);
    expect(after).toEqual({
      environments: { p: { domains: [{ name: 'a.com', keepTxt: ['x', 'y'], import: { identity: 'a.com' } }] } },
    });
  });

  test.each([
    ['a path through a scalar', 'a.b.c', 'cannot set a.b.c: a.b is not a map there; make the change by hand'],
    ['a list by name', 'l.name', 'cannot set l.name: l is a list there; make the change by hand'],
    ['an index past the end', 'l[3]', 'cannot set l[3]: l has 1 items; make the change by hand'],
    ['an index into a map', 'a[0]', 'cannot set a[0]: a is a map there; make the change by hand'],
  ])('refused: %s', (_label, path, message) => {
    expect(() => applyEditsToValue({ a: { b: 1 }, l: [1] }, [{ path, value: 2 }])).toThrow(
      new ConfigEditError(message),
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

  test('keys set in a one-line object: that object is laid out in the indentation of the file', () => {
    const text = '{\n    "environments": {\n        "p": { "domains": [{ "name": "a.com" }] }\n    }\n}\n';
    const out = editConfigText(text, 'json', [{ path: 'environments.p.domains[0].import.identity', value: 'a.com' }]);
    expect(out).toBe(
      '{\n    "environments": {\n        "p": {\n            "domains": [\n                {\n                    "name": "a.com",\n                    "import": {\n                        "identity": "a.com"\n                    }\n                }\n            ]\n        }\n    }\n}\n',
    );
  });

  test('append: to a list, once; a missing list is created; a null value becomes a map', () => {
    const text = '{\n  "a": {\n    "keepTxt": ["x"],\n    "import": null\n  },\n  "b": {}\n}\n';
    const out = editConfigText(text, 'json', [
      { op: 'append', path: 'a.keepTxt', value: 'y' },
      { op: 'append', path: 'a.keepTxt', value: 'x' },
      { op: 'append', path: 'b.keepTxt', value: { name: '_dmarc', value: 'v=DMARC1; p=none' } },
      { path: 'a.import.identity', value: 'a.com' },
    ]);
    expect(JSON.parse(out)).toEqual({
      a: { keepTxt: ['x', 'y'], import: { identity: 'a.com' } },
      b: { keepTxt: [{ name: '_dmarc', value: 'v=DMARC1; p=none' }] },
    });
    expect(out.split('\n')[1]).toBe('  "a": {');
  });

  test('a path through a scalar is refused', () => {
    expect(() => editConfigText('{ "a": 1 }\n', 'json', [{ path: 'a.b', value: 2 }])).toThrow(
      new ConfigEditError('cannot set a.b: a is not a map there; make the change by hand'),
    );
  });
});

test('formats: YAML and JSON can be edited, TypeScript configs never are', () => {
  expect(['a.yaml', 'b.YML', 'c.json', 'd.config.ts', 'e.js'].map(configFormat)).toEqual([
    'yaml',
    'yaml',
    'json',
    'code',
    'code',
  ]);
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
      'changed while ses-dns was reading it; run the command again',
    );
    expect(readFileSync(file, 'utf8')).toBe('a: 3\n');
  });

  test('without the text it was based on, it replaces the file all the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-edit-'));
    const file = join(dir, 'ses-dns.yaml');
    writeFileSync(file, 'old\n');
    writeConfigAtomically(file, 'new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
  });

  test('the mode is kept exactly, not narrowed by the umask', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-edit-'));
    const file = join(dir, 'ses-dns.yaml');
    writeFileSync(file, 'a: 1\n');
    chmodSync(file, 0o666);
    writeConfigAtomically(file, 'a: 2\n', 'a: 1\n');
    expect(statSync(file).mode & 0o777).toBe(0o666);
  });
});
