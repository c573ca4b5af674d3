/** Crashes the fuzz tests and their review found, kept as exact regressions. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cli } from './dist';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function synth(text: string, name = 'ses-dns.yaml') {
  const file = join(work, name);
  writeFileSync(file, text);
  const err: string[] = [];
  const code = await cli.main(['synth', '-c', file, '-o', join(work, 'out')], {
    out: () => {},
    err: (t) => err.push(t),
  });
  return { code, err: err.join('\n').replaceAll(file, 'FILE') };
}

test('an alias used inside its own anchor is refused, not a stack overflow', async () => {
  const result = await synth(
    'defaults: &d\n  region: eu-west-1\n  dmarc: *d\nenvironments: {p: {dns: {provider: route53}, domains: [{name: example.com}]}}\n',
  );
  expect(result).toEqual({
    code: 2,
    err: [
      'error   FILE: defaults.dmarc: refers to a value that contains it (a YAML alias *name used inside its own &name anchor): a config must be a tree; copy the values instead',
      '1 error: nothing was written',
    ].join('\n'),
  });
});

test('an alias bomb is refused, not an internal error', async () => {
  const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (const [name, from] of [
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'c'],
    ['e', 'd'],
  ]) {
    rows.push(`${name}: &${name} [${Array(9).fill(`*${from}`).join(',')}]`);
  }
  const result = await synth(rows.join('\n'));
  expect(result).toEqual({
    code: 2,
    err: [
      'error   FILE: (top level): is not usable YAML: Excessive alias count indicates a resource exhaustion attack',
      '1 error: nothing was written',
    ].join('\n'),
  });
});

test('thousands of nested lists are refused, not a stack overflow', async () => {
  // YAML's own parser stops at its depth limit; JSON.parse does not.
  const result = await synth(`${'['.repeat(5000)}${']'.repeat(5000)}`, 'ses-dns.json');
  expect(result.code).toBe(2);
  expect(result.err).toMatch(
    /^error {3}FILE: (\[0\]){64}: nests deeper than 64 levels: no ses-dns key takes values this deep; remove the nesting\n1 error: nothing was written$/,
  );
});
