/**
 * Code configs load without the repository's tooling: through Node's type stripping where the
 * running Node has it, through jiti otherwise and for syntax stripping refuses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCodeConfig, nodeStripsTypes } from '../../src/config/code-config';
import { readConfigFile } from '../../src/config/load';
import { ConfigError } from '../../src/config/issues';

const dir = mkdtempSync(join(tmpdir(), 'ses-dns-code-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const EXPECTED = { defaults: { region: 'eu-west-1', ttl: 300 } };

describe('loadCodeConfig', () => {
  test('TypeScript with annotations: by Node where it strips types, else by jiti', () => {
    const path = file(
      'plain.config.ts',
      [
        'interface Defaults { region: string; ttl: number }',
        "const defaults: Defaults = { region: 'eu-west-1', ttl: 300 };",
        'export default { defaults };',
      ].join('\n'),
    );
    const loaded = loadCodeConfig(path);
    expect(loaded.value).toEqual(EXPECTED);
    expect(loaded.loader).toBe(nodeStripsTypes() ? 'node' : 'jiti');
  });

  test('syntax that type stripping refuses (an enum) still loads, through jiti', () => {
    const path = file(
      'enum.config.ts',
      [
        "enum Region { Ireland = 'eu-west-1' }",
        'export default { defaults: { region: Region.Ireland, ttl: 300 } };',
      ].join('\n'),
    );
    expect(loadCodeConfig(path)).toEqual({ value: EXPECTED, loader: 'jiti' });
  });

  test('an extensionless import of a TypeScript helper resolves', () => {
    file('shared.ts', "export const region: string = 'eu-west-1';");
    const path = file(
      'import.config.ts',
      ["import { region } from './shared';", 'export default { defaults: { region, ttl: 300 } };'].join('\n'),
    );
    expect(loadCodeConfig(path).value).toEqual(EXPECTED);
  });

  test('CommonJS JavaScript loads through Node', () => {
    const path = file('plain.config.cjs', `module.exports = ${JSON.stringify(EXPECTED)};`);
    expect(loadCodeConfig(path)).toEqual({ value: EXPECTED, loader: 'node' });
  });
});

describe('readConfigFile with a code config that fails', () => {
  test.each([
    [
      'throws.config.ts',
      "const region: string = 'x';\nthrow new Error(`no region ${region}`);\n",
      'failed while it ran, at line 2: Error: no region x; fix the code there',
      ['2 | throw new Error(`no region ${region}`);'],
    ],
    [
      'syntax.config.ts',
      'export default { defaults: { region: };\n',
      // Babel's words through jiti, SWC's through Node's type stripping; the place is the same.
      `is not valid TypeScript: ${nodeStripsTypes() ? 'Expression expected' : 'Unexpected token'} at line 1, column 38; fix the syntax there (a missing comma, bracket or quote is the usual cause)`,
      ['1 | export default { defaults: { region: };', '  |                                      ^'],
    ],
  ])('%s is a config error naming the file and the place, not a stack trace', (name, text, message, excerpt) => {
    const path = file(name, text);
    let caught: unknown;
    try {
      readConfigFile(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).issues).toEqual([{ severity: 'error', path: '', message, excerpt }]);
    expect((caught as ConfigError).file).toBe(path);
  });
});
