/**
 * The excerpt under a code config's error (src/messages/code-frame.ts), and the places read
 * from each loader's error (src/config/code-config-errors.ts). The errors of Node's type
 * stripping are built here from stacks recorded from Node 22.23 and 24.22, so the suite on
 * Node 20 (which has no type stripping) reads them too; test/config/code-config-errors.test.ts
 * meets the real ones when it runs on Node 22 and 24.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { locatedSyntaxError, needsLocating } from '../../src/config/code-config-errors';
import { codeFrame, columnAtDisplay, displayColumns } from '../../src/messages/code-frame';

const dir = mkdtempSync(join(tmpdir(), 'ses-dns-code-frame-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('codeFrame', () => {
  test.each([
    ['a plain line', "  zone: 'example.com' ]", 3, 23, ["3 |   zone: 'example.com' ]", `  | ${' '.repeat(22)}^`]],
    ['the first column', 'enum Region {}', 12, 1, ['12 | enum Region {}', '   | ^']],
    ['tabs drawn to stops of four', '\ta:\t1 ]', 2, 7, ['2 |     a:  1 ]', `  | ${' '.repeat(10)}^`]],
    ['wide characters take two cells', "{ name: '日本' ]", 1, 14, ["1 | { name: '日本' ]", `  | ${' '.repeat(15)}^`]],
    [
      'an emoji takes two, a combining mark none',
      "'🎉e\u0301' ]",
      1,
      8,
      ["1 | '🎉e\u0301' ]", `  | ${' '.repeat(6)}^`],
    ],
    ['control characters shown escaped', "'\u001b[31m' ]", 1, 9, ["1 | '\\x1b[31m' ]", `  | ${' '.repeat(11)}^`]],
    ['no column: the line alone', 'const a = `abc', 1, undefined, ['1 | const a = `abc']],
  ])('%s', (_name, text, line, column, lines) => {
    expect(codeFrame(text, line, column)).toEqual(lines);
  });

  test('a line wider than 120 cells: a window around the caret', () => {
    const text = `export default ${'{ a: 1 }, '.repeat(20)}] ${'x'.repeat(200)}`;
    const [shown, caret] = codeFrame(text, 1, text.indexOf(']') + 1);
    expect(shown).toBe(`1 | ...${text.slice(text.indexOf(']') - 57, text.indexOf(']'))}] ${'x'.repeat(55)}...`);
    expect(caret).toBe(`  | ${' '.repeat(60)}^`);
    expect(shown!.length).toBeLessThanOrEqual(4 + 120);
  });
});

describe('display columns', () => {
  test('each UTF-16 position: tab stops of four, wide characters two, surrogate halves together', () => {
    expect(displayColumns('\tx日🎉.')).toEqual([0, 4, 5, 7, 7, 9, 10]);
  });

  test.each([
    ['\t  a', 6, 4],
    ["'日本' ]", 7, 6],
    ["'🎉' ]", 5, 6],
    ['abc', 9, undefined],
  ])('%j: cell %i is column %s', (text, display, column) => {
    expect(columnAtDisplay(text, display)).toBe(column);
  });
});

/** An error as Node's type stripping throws it: the stack headed by `<file>:<line>` and SWC's snippet. */
function typeStrippingError(head: string, snippet: string, message: string): Error {
  const error = new SyntaxError(message) as SyntaxError & { code: string };
  error.code = 'ERR_INVALID_TYPESCRIPT_SYNTAX';
  error.stack = `${head}\n${snippet}\n\nSyntaxError [ERR_INVALID_TYPESCRIPT_SYNTAX]: ${message}\n    at parseTypeScript (node:internal/modules/typescript:72:36)`;
  return error;
}

describe('locatedSyntaxError', () => {
  const tabbed = join(dir, 'tab.config.ts');
  writeFileSync(tabbed, 'export default {\n\tdefaults: { region: "é🎉", ttl: 300 ]\n};\n');

  test.each([
    // Node 22.23: the file's path.
    [`${tabbed}:2`],
    // Node 24.22: its file URL.
    [`${pathToFileURL(tabbed).href}:2`],
  ])('type stripping, stack headed %s: the column where the caret stands, counted in characters', (head) => {
    const snippet =
      'export default {\n    defaults: { region: "é🎉", ttl: 300 ]\n                                        ^\n};\n';
    expect(locatedSyntaxError(typeStrippingError(head, snippet, "Expected ',', got ']'"))).toEqual({
      reason: "Expected ',', got ']'",
      place: { file: tabbed, line: 2, column: 38 },
    });
  });

  test('type stripping, a span over several lines (no caret): the line alone', () => {
    const file = join(dir, 'template.config.ts');
    writeFileSync(file, 'const a = `abc\n\nexport default {};\n');
    const snippet = '  > const a = `abc\n    \n  > export default {};\n';
    expect(locatedSyntaxError(typeStrippingError(`${file}:1`, snippet, 'Unterminated template'))).toEqual({
      reason: 'Unterminated template',
      place: { file, line: 1 },
    });
  });

  test("jiti's parse error: Babel's column counts from 0", () => {
    const error = new Error(`ParseError: Unexpected token, expected ","  \n ${tabbed}:2:37`);
    expect(locatedSyntaxError(error)).toEqual({
      reason: 'Unexpected token, expected ","',
      place: { file: tabbed, line: 2, column: 38 },
    });
  });

  test("V8's syntax error of code jiti compiled: the line, not the column of its output", () => {
    const error = new SyntaxError('await is only valid in async functions and the top level bodies of modules');
    error.stack = `${tabbed}:2\n(function (exports) { "use strict"; const x = await y;\n                                          ^^^^^\n\nSyntaxError: ${error.message}`;
    expect(locatedSyntaxError(error)?.place).toEqual({ file: tabbed, line: 2 });
  });

  test("an ES module's syntax error has no place: jiti is asked; a SyntaxError the config threw is not", () => {
    const compile = new SyntaxError("Unexpected identifier 'environments'");
    compile.stack = `SyntaxError: ${compile.message}\n    at compileSourceTextModule (node:internal/modules/esm/utils:346:16)`;
    expect(needsLocating(compile)).toBe(true);
    const thrown = new SyntaxError('Unexpected end of JSON input');
    thrown.stack = `SyntaxError: ${thrown.message}\n    at JSON.parse (<anonymous>)\n    at ${pathToFileURL(tabbed).href}:1:11`;
    expect(needsLocating(thrown)).toBe(false);
    const link = new SyntaxError("The requested module './helper.ts' does not provide an export named 'defineConfg'");
    link.stack = `SyntaxError: ${link.message}\n    at ModuleJobSync.runSync (node:internal/modules/esm/module_job:458:37)`;
    expect(needsLocating(link)).toBe(false);
  });
});
