/**
 * stableJson writes what cdktf writes with `json-stable-stringify` (its dependency), byte for
 * byte: the synthesized stacks of ses-dns, and the shapes that make the two writers differ
 * most easily (empty lists and objects at every depth, brackets inside strings, key order).
 */
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { validateConfig } from '../src/checks/validate';
import { App } from '../src/cdktf';
import { EnvironmentStack } from '../src/stacks/environment-stack';
import { stableJson } from '../src/terraform/stable-json';

const { mixedConfig } = require('../bench/config') as { mixedConfig: (n: number) => unknown };
const fromCdktf = createRequire(require.resolve('cdktf'));
const stableStringify = fromCdktf('json-stable-stringify') as (value: unknown, options: { space: number }) => string;

describe('stableJson', () => {
  test.each([
    ['empty object', {}],
    ['empty list', []],
    ['empty containers at every depth', { a: [], b: {}, c: [[], {}, [[]], [{}]], d: { e: { f: [] } }, '': {} }],
    ['brackets and quotes inside strings', { 'k[]': '[]', 'k{}': '{}', q: 'say "[]"', n: '\\[]', list: ['[]', '{}'] }],
    ['key order by code unit', { b: 1, B: 2, a: 3, _: 4, '10': 5, '9': 6, é: 7, z: { y: 1, x: 2 } }],
    ['undefined dropped from objects, null in lists', { a: undefined, b: [1, undefined, null], c: null }],
    ['an object of undefined values only', { a: { b: undefined }, c: [{ d: undefined }], e: () => 1 }],
    ['already sorted, reused', { a: { b: [{ c: 1, d: [2] }] }, z: 'x' }],
    ['numbers and booleans', { n: [0, -1, 1.5, 1e21, 0.05, 2147483647], t: true, f: false }],
    ['toJSON', { d: new Date(0), o: { toJSON: () => ({ z: [], a: 1 }) } }],
    ['index-like keys, written the slow way', { x: { '10': [], '9': {}, a: [{ '0': 1, '00': 2 }] } }],
  ])('%s', (_name, value) => {
    expect(stableJson(value)).toBe(stableStringify(value, { space: 2 }));
  });

  test('every stack of a config with every feature', () => {
    const { config } = validateConfig(mixedConfig(30));
    const app = new App({ stackTraces: false });
    for (const environment of config.environments) {
      const tf = new EnvironmentStack(app, { environment }).toTerraform();
      expect(stableJson(tf)).toBe(stableStringify(tf, { space: 2 }));
    }
  });
});
