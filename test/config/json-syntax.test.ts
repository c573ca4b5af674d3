/**
 * A JSON config that is not JSON: one error with the line and column of the first fault,
 * the line quoted with a caret under the column, what is wrong in words (a trailing comma
 * named as such), and exit 2, the same on every Node (`JSON.parse` says only "at position N"
 * on Node 20). Through the built command line; `npm test` builds first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { jsonDuplicateKeys, jsonSyntaxFault } from '../../src/config/json-syntax';

const BIN = join(__dirname, '..', '..', 'bin', 'ses-dns.js');
const work = mkdtempSync(join(tmpdir(), 'ses-dns-json-syntax-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FIX = 'fix the syntax there (a missing or extra comma, a quote, a bracket)';

function validate(text: string) {
  const dir = mkdtempSync(join(work, 'p-'));
  writeFileSync(join(dir, 'ses-dns.json'), text);
  const result = spawnSync(process.execPath, [BIN, 'validate', '-c', 'ses-dns.json'], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('a JSON config with a syntax error', () => {
  test('a trailing comma: named as such, at its line and column, with the line quoted', () => {
    const text = [
      '{',
      '  "defaults": { "region": "eu-west-1" },',
      '  "environments": {',
      '    "production": { "dns": { "provider": "route53" }, "domains": [ { "name": "example.com", } ] }',
      '  }',
      '}',
      '',
    ].join('\n');
    const result = validate(text);
    expect(result.stderr).toBe(
      [
        `error   ses-dns.json: (top level): is not valid JSON: a comma before } (JSON allows none there) at line 4, column 93; ${FIX}`,
        '        4 |     "production": { "dns": { "provider": "route53" }, "domains": [ { "name": "example.com", } ] }',
        '          |                                                                                             ^',
        'ses-dns.json: 1 error, 0 warnings',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(2);
  });

  test.each([
    ['a missing comma', '{ "defaults": {}\n  "environments": {} }', 'a comma was expected', 2, 3],
    ['a comment', '{\n  // production only\n  "environments": {}\n}', 'JSON allows no comments', 2, 3],
    ['a file cut short', '{ "environments": {', 'a closing } was expected', 1, 20],
    ['a single-quoted name', "{ 'environments': {} }", 'a character JSON does not allow here', 1, 3],
    ['a second value', '{}\n{}', 'the file should end here (a second value, or a stray character)', 2, 1],
    ['CRLF line ends', '{\r\n  "a": 1\r\n  "b": 2\r\n}', 'a comma was expected', 3, 3],
  ])('%s', (_title, text, reason, line, column) => {
    expect(jsonSyntaxFault(text)).toMatchObject({ reason, line, column });
    const result = validate(text);
    expect(result.stderr).toContain(`is not valid JSON: ${reason} at line ${line}, column ${column}; ${FIX}`);
    expect(result.stderr).toContain(`\n        ${line} | `);
    expect(result.stderr).not.toMatch(/\bat position\b|\n\s+at /);
    expect(result.code).toBe(2);
  });

  test('valid JSON is not looked at', () => {
    expect(jsonSyntaxFault('{"a": [1, 2, {"b": null}]}')).toBeUndefined();
  });
});

describe('a JSON config with a key written twice (YAML refuses it; JSON.parse keeps the last, silently)', () => {
  test('each second writing is an error at its config path, with its line quoted', () => {
    const text = [
      '{',
      '  "defaults": { "region": "eu-west-1",',
      '    "region": "eu-central-1" },',
      '  "environments": { "production": { "dns": { "provider": "route53" },',
      '    "domains": [ { "name": "example.com", "dmarc": { "policy": "none" },',
      '                   "dmarc": { "policy": "reject" } } ] } }',
      '}',
      '',
    ].join('\n');
    const result = validate(text);
    expect(result.stderr).toBe(
      [
        'error   ses-dns.json: defaults.region: "region" is written twice in this object, at line 2 and again at line 3, column 5: JSON would keep only the last value, so keep one of them',
        '        3 |     "region": "eu-central-1" },',
        '          |     ^',
        'error   ses-dns.json: environments.production.domains[0].dmarc: "dmarc" is written twice in this object, at line 5 and again at line 6, column 20: JSON would keep only the last value, so keep one of them',
        '        6 |                    "dmarc": { "policy": "reject" } } ] } }',
        '          |                    ^',
        'ses-dns.json: 2 errors, 0 warnings',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(2);
  });

  test('the same key in two objects is no duplicate', () => {
    expect(jsonDuplicateKeys('{"a": {"name": 1}, "b": {"name": 2}, "c": [{"name": 3}, {"name": 4}]}')).toEqual([]);
  });
});
