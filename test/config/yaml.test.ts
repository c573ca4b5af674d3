/**
 * A YAML config reads the same whichever library reads it: js-yaml for plain documents,
 * `yaml` (the reference, with its errors and alias limit) for the rest.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError } from '../../src/config/issues';
import { readPlain, readYaml } from '../../src/config/yaml';

const ROOT = join(__dirname, '..', '..');

/** What `yaml` alone makes of `text`: its value, or its first error line. */
function reference(text: string): unknown {
  try {
    return { value: parse(text, { uniqueKeys: true, logLevel: 'error' }) as unknown };
  } catch (error) {
    // Its first line, without the colon its code frame follows.
    return { error: (error as Error).message.split('\n')[0]!.replace(/:\s*$/, '') };
  }
}

function ours(text: string): unknown {
  try {
    return { value: readYaml(text, 'ses-dns.yaml') };
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    // Our words around yaml's: the line at fault, quoted, and what to fix.
    const message = (error as ConfigError).issues[0]!.message;
    return {
      error: message
        .replace(/^is not (valid|usable) YAML: /, '')
        .replace(/ \(".*"\)(?=; fix the syntax there)/, '')
        .replace(/; fix the syntax there \(indentation, quotes, a missing colon\)$/, ''),
    };
  }
}

const yamlFiles = [
  join(ROOT, 'ses-dns.yaml'),
  ...readdirSync(join(ROOT, 'examples')).map((e) => join(ROOT, 'examples', e, 'ses-dns.yaml')),
  ...readdirSync(join(ROOT, 'test', 'fixtures')).map((f) => join(ROOT, 'test', 'fixtures', f)),
].filter((file) => /\.ya?ml$/.test(file) && existsSync(file));

describe('readYaml', () => {
  test.each(yamlFiles.map((f) => [f.slice(ROOT.length + 1), f]))('%s reads as yaml reads it', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(ours(text)).toEqual(reference(text));
  });

  test.each([
    ['numbers of YAML 1.2', 'a: [0o17, 0x1F, 012, 1e3, .5, +12, -0, .inf, -.Inf, 12:30, 1_000, 0b101]'],
    ['booleans and nulls of YAML 1.2 only', 'a: [true, True, TRUE, tRUE, yes, on, ~, null, Null, ""]'],
    ['dates stay strings', 'a: 2024-01-01'],
    ['block scalars and escapes', 'a: |\n  x\n  y\nb: >-\n  x\n  y\nc: "\\u00e9"'],
    ['flow collections', '{a: 1, b: [2, 3], c: {d: e}}'],
    ['core tags', 'a: !!str 12\nb: !!int "7"'],
  ])('%s: read by js-yaml, as yaml reads it', (_name, text) => {
    expect(readPlain(text)).toBeDefined();
    expect(ours(text)).toEqual(reference(text));
  });

  test.each([
    ['a YAML 1.1 directive', '%YAML 1.1\n---\na: yes'],
    ['an alias', 'a: &x 1\nb: *x'],
    ['a merge key with an alias', 'base: &b {x: 1}\nc:\n  <<: *b'],
    ['an unknown tag', 'a: !foo x'],
    ['a complex key', '? [a, b]\n: c'],
    ['an empty document', ''],
    ['only a comment', '# nothing'],
    ['two documents', 'a: 1\n---\nb: 2'],
    ['a duplicate key', 'a: 1\na: 2'],
    ['a syntax error', 'a: [1, 2'],
    ['nesting deeper than any config', `${'['.repeat(200)}${']'.repeat(200)}`],
  ])('%s: left to yaml, with its result or error', (_name, text) => {
    expect(readPlain(text)).toBeUndefined();
    expect(ours(text)).toEqual(reference(text));
  });

  test('config-like documents of any shape read the same', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom('true', 'no', '~', '0x10', '1e3', '2024-01-01', 'a: b', '- x', '#c', "it's", '"q"', '12:30'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(fc.string({ minLength: 1 }), tie('node'), { maxKeys: 4 }),
    })).node;
    fc.assert(
      fc.property(value, fc.constantFrom('block', 'flow'), (doc, style) => {
        const text = stringify(doc, { collectionStyle: style, lineWidth: 0 });
        expect(ours(text)).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
