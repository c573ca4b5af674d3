/**
 * A TypeScript or JavaScript config with a mistake, through the built command line (issue
 * #20): a syntax error gives the file, line and column, the line with a caret under the
 * column, the loader's own words for what it expected, and exit 2; an error thrown while the
 * config runs gives the line of the user's file and the fix; an export that is no config
 * object says what was found and what is expected. Never a stack trace.
 *
 * The place comes from the loader's error, so it is asserted per loader: jiti (Node 20, or
 * what type stripping declines) and Node's type stripping (22.18+, 24). The words for what
 * was expected are each loader's own; line, column and excerpt must be the same for both.
 * .ci/run runs this file on Node 22 and 24 too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { nodeStripsTypes } from '../../src/config/code-config';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ses-dns.js');

/** Outside the repository, so no node_modules above it holds ses-dns. */
const work = mkdtempSync(join(tmpdir(), 'ses-dns-code-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Which loader this Node uses for a `.ts` config that type stripping takes. */
const loader = nodeStripsTypes() ? 'node' : 'jiti';

/** A folder holding `files`, the config among them. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(work, 'p-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The built command line in `dir`, on the Node running the tests. */
function sesDns(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  // Node's own warnings (a .cjs file with import) are not ours to assert.
  const stderr = result.stderr.replace(/^\(node:\d+\) .*\n(?:\(Use `node --trace-warnings .*\n)?/gm, '');
  return { code: result.status, stdout: result.stdout, stderr };
}

/** The lines `validate` prints for one error in `file`. */
const oneError = (file: string, ...lines: string[]) =>
  `error   ${file}: (top level): ${lines.join('\n')}\n${file}: 1 error, 0 warnings\n`;

const SYNTAX_FIX = 'fix the syntax there (a missing comma, bracket or quote is the usual cause)';

/** The config of issue #20: `]` where `}` closes the domain entry first. */
const ISSUE_20 = [
  'export default {',
  '  environments: {',
  "    production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com', zone: 'example.com' ]} },",
  '  },',
  '};',
  '',
].join('\n');

/** A config that is valid once its mistake is fixed; `line` replaces its domain line. */
const config = (...body: string[]) =>
  [
    'const defineConfig = <T>(config: T): T => config;',
    'export default defineConfig({',
    "  defaults: { region: 'eu-west-1' },",
    ...body,
    '});',
    '',
  ].join('\n');

describe(`syntax errors (${loader})`, () => {
  test('the config of issue #20: file, line, column, the line with a caret, exit 2', () => {
    const dir = project({ 'ses-dns.config.ts': ISSUE_20 });
    const result = sesDns(dir, 'validate');
    const reason = { jiti: 'Unexpected token, expected ","', node: "Expected ',', got ']'" }[loader];
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.ts',
        `is not valid TypeScript: ${reason} at line 3, column 102; ${SYNTAX_FIX}`,
        "        3 |     production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com', zone: 'example.com' ]} },",
        '          |                                                                                                      ^',
      ),
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(2);
  });

  test('synth: the same message, exit 2, nothing written', () => {
    const dir = project({ 'ses-dns.config.ts': ISSUE_20 });
    const result = sesDns(dir, 'synth');
    expect(result.stderr).toMatch(
      /^error {3}ses-dns\.config\.ts: \(top level\): is not valid TypeScript: .* at line 3, column 102; /,
    );
    expect(result.stderr).toMatch(/\n {10}\| {102}\^\n1 error: nothing was written\n$/);
    expect(result.code).toBe(2);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  test('validate --json: the place in the message', () => {
    const dir = project({ 'ses-dns.config.ts': ISSUE_20 });
    const result = sesDns(dir, 'validate', '--json');
    const { errors } = JSON.parse(result.stdout) as { errors: { path: string; message: string }[] };
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^is not valid TypeScript: .* at line 3, column 102; fix the syntax there/);
    expect(result.code).toBe(2);
  });

  test('a type annotation without a type', () => {
    const dir = project({
      'ses-dns.config.ts': "const region: = 'eu-west-1';\nexport default { defaults: { region } };\n",
    });
    const result = sesDns(dir, 'validate');
    const reason = {
      jiti: 'Unexpected token',
      node: 'Unexpected token `=`. Expected an identifier, void, yield, null, await, break, a string literal, a numeric literal, true, false, `, -, import, this, typeof, {, [, (',
    }[loader];
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.ts',
        `is not valid TypeScript: ${reason} at line 1, column 15; ${SYNTAX_FIX}`,
        "        1 | const region: = 'eu-west-1';",
        '          |               ^',
      ),
    );
    expect(result.code).toBe(2);
  });

  test('tabs and wide characters before the mistake: the column counts characters, the caret stands under it', () => {
    const dir = project({
      'ses-dns.config.ts': config(
        "\tenvironments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'bücher.example', tags: '日本' } } },",
      ),
    });
    const result = sesDns(dir, 'validate');
    const reason = { jiti: 'Unexpected token, expected ","', node: "Expected ',', got '}'" }[loader];
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.ts',
        `is not valid TypeScript: ${reason} at line 4, column 111; ${SYNTAX_FIX}`,
        "        4 |     environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'bücher.example', tags: '日本' } } },",
        // A tab is drawn as four cells, each of 日 and 本 as two.
        `          | ${' '.repeat(4 + 109 + 2)}^`,
      ),
    );
    expect(result.code).toBe(2);
  });

  test('a brace never closed: the end of the file', () => {
    const dir = project({ 'ses-dns.config.ts': "export default {\n  defaults: { region: 'eu-west-1' },\n\n" });
    const result = sesDns(dir, 'validate');
    const reason = {
      jiti: 'Unexpected token',
      node: 'Unexpected token `<eof>`. Expected identifier, string literal, numeric literal or [ for the computed key',
    }[loader];
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.ts',
        `is not valid TypeScript: ${reason} at the end of the file; a bracket, brace, string or comment opened above is never closed: close it`,
      ),
    );
    expect(result.code).toBe(2);
  });

  test('a mistake in a file the config imports: that file named, its line shown', () => {
    const dir = project({
      'regions.ts': "export const home = {\n  region: 'eu-west-1'\n  ttl: 300,\n};\n",
      'ses-dns.config.ts': "import { home } from './regions';\nexport default { defaults: home };\n",
    });
    const result = sesDns(dir, 'validate');
    // Type stripping declines the extensionless import: jiti loads both files.
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.ts',
        `imports ./regions.ts, which is not valid TypeScript: Unexpected token, expected "," at line 3, column 3; ${SYNTAX_FIX}`,
        '        3 |   ttl: 300,',
        '          |   ^',
      ),
    );
    expect(result.code).toBe(2);
  });

  test('an ES module in JavaScript: located through jiti, since Node gives no place', () => {
    const dir = project({
      'ses-dns.config.js': "export default {\n  defaults: { region: 'eu-west-1' }\n  environments: {},\n};\n",
    });
    const result = sesDns(dir, 'validate', '-c', 'ses-dns.config.js');
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.js',
        `is not valid JavaScript: Unexpected token, expected "," at line 3, column 3; ${SYNTAX_FIX}`,
        '        3 |   environments: {},',
        '          |   ^',
      ),
    );
    expect(result.code).toBe(2);
  });

  test('an .mjs config loads as an ES module (before: read as YAML), and its syntax errors are placed', () => {
    const config =
      "export default {\n  defaults: { region: 'eu-west-1' },\n  environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } },\n};\n";
    const good = project({ 'ses-dns.config.mjs': config });
    const valid = sesDns(good, 'validate', '-c', 'ses-dns.config.mjs');
    expect(valid.stdout).toBe('ses-dns.config.mjs: valid, 1 environment, 1 domain, 0 warnings\n');
    expect(valid.code).toBe(0);
    const bad = project({ 'ses-dns.config.mjs': config.replace("'eu-west-1' },", "'eu-west-1' }") });
    const result = sesDns(bad, 'validate', '-c', 'ses-dns.config.mjs');
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.mjs',
        `is not valid JavaScript: Unexpected token, expected "," at line 3, column 3; ${SYNTAX_FIX}`,
        "        3 |   environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } },",
        '          |   ^',
      ),
    );
    expect(result.code).toBe(2);
  });

  test('__dirname in a .ts config: fine where it runs as CommonJS (Node 20), the fix where it runs as an ES module', () => {
    const dir = project({
      'ses-dns.config.ts': [
        "import { readFileSync } from 'node:fs';",
        "const domains = JSON.parse(readFileSync(__dirname + '/domains.json', 'utf8'));",
        "export default { defaults: { region: 'eu-west-1' }, environments: { production: { dns: { provider: 'route53' }, domains } } };",
        '',
      ].join('\n'),
      'domains.json': '[{ "name": "example.com" }]\n',
    });
    const result = sesDns(dir, 'validate', '-c', 'ses-dns.config.ts');
    if (loader === 'jiti') {
      expect(result.code, result.stderr).toBe(0);
      return;
    }
    expect(result.stderr).toContain(
      "failed while it ran, at line 2: ReferenceError: __dirname is not defined in ES module scope; __dirname is CommonJS, but Node runs this config as an ES module (a .ts config on Node 22.18 and later; Node 20 runs it as CommonJS): read a file beside the config with new URL('./file.json', import.meta.url), which works on every Node",
    );
    expect(result.code).toBe(2);
  });

  test('CommonJS: V8 places the error', () => {
    const dir = project({
      'ses-dns.config.cjs': "module.exports = {\n  defaults: { region: 'eu-west-1' }\n  environments: {},\n};\n",
    });
    const result = sesDns(dir, 'validate', '-c', 'ses-dns.config.cjs');
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.cjs',
        `is not valid JavaScript: Unexpected identifier 'environments' at line 3, column 3; ${SYNTAX_FIX}`,
        '        3 |   environments: {},',
        '          |   ^',
      ),
    );
    expect(result.code).toBe(2);
  });

  test('import in a .cjs file: CommonJS, and how to keep import', () => {
    const dir = project({ 'ses-dns.config.cjs': "import { home } from './regions.cjs';\nmodule.exports = home;\n" });
    const result = sesDns(dir, 'validate', '-c', 'ses-dns.config.cjs');
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.cjs',
        'uses import or export, which Node does not take in a .cjs file (it is CommonJS): Cannot use import statement outside a module at line 1, column 1; write module.exports = { ... } and require(), or rename the file to .ts to keep import and export',
        "        1 | import { home } from './regions.cjs';",
        '          | ^',
      ),
    );
    expect(result.code).toBe(2);
  });
});

describe(`errors while the config runs (${loader})`, () => {
  test.each([
    [
      'a throw: the line of the config that threw',
      "const region: string = '';\nif (!region) {\n  throw new Error('no region set');\n}\nexport default { defaults: { region } };\n",
      [
        'failed while it ran, at line 3: Error: no region set; fix the code there',
        "        3 |   throw new Error('no region set');",
      ],
    ],
    [
      'an undefined name: declare, import or spell it',
      'export default {\n  defaults: { region: homeRegion },\n};\n',
      [
        'failed while it ran, at line 2: ReferenceError: homeRegion is not defined; declare or import homeRegion, or correct its spelling',
        '        2 |   defaults: { region: homeRegion },',
      ],
    ],
    [
      'a package that is not installed',
      "import { regions } from '@acme/mail-regions';\nexport default { defaults: { region: regions.home } };\n",
      [
        `imports "@acme/mail-regions" at line 1, which is not installed in the config's folder or a folder above it: run npm install --save-dev @acme/mail-regions there, or remove the import`,
        "        1 | import { regions } from '@acme/mail-regions';",
      ],
    ],
    [
      'ses-dns itself, in a folder where it is not installed',
      "import { defineConfig } from 'ses-dns';\n\nexport default defineConfig({ defaults: { region: 'eu-west-1' } });\n",
      [
        `imports "ses-dns" at line 1, which is not installed in the config's folder or a folder above it: run npm install --save-dev ses-dns there, or remove the import and export the object itself (defineConfig only adds types)`,
        "        1 | import { defineConfig } from 'ses-dns';",
      ],
    ],
    [
      'a file that does not exist',
      "import { home } from './shared/regions';\nexport default { defaults: home };\n",
      [
        `imports "./shared/regions" at line 1, which does not exist: correct the path (relative to the importing file's folder)`,
        "        1 | import { home } from './shared/regions';",
      ],
    ],
    [
      'a value thrown that is no Error',
      "throw 'not configured yet';\n",
      // A value without a stack has no place.
      [`failed while it ran: "not configured yet" (thrown as it is, not as an Error); fix the code that throws it`],
    ],
  ])('%s', (_name, text, lines) => {
    const dir = project({ 'ses-dns.config.ts': text });
    const result = sesDns(dir, 'validate');
    expect(result.stderr).toBe(oneError('ses-dns.config.ts', ...lines));
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(2);
  });

  test('thrown in a file the config imports: that file and its line', () => {
    const dir = project({
      'regions.ts': "export function home(): string {\n  throw new RangeError('no home region');\n}\n",
      'ses-dns.config.ts': "import { home } from './regions.ts';\nexport default { defaults: { region: home() } };\n",
    });
    const result = sesDns(dir, 'validate');
    expect(result.stderr).toBe(
      oneError(
        'ses-dns.config.ts',
        'failed while it ran, at line 2 of ./regions.ts: RangeError: no home region; fix the code there',
        "        2 |   throw new RangeError('no home region');",
      ),
    );
    expect(result.code).toBe(2);
  });

  test('top-level await: ses-dns cannot wait for it', () => {
    const dir = project({
      'ses-dns.config.ts':
        "const region = await Promise.resolve('eu-west-1');\nexport default { defaults: { region } };\n",
    });
    const result = sesDns(dir, 'validate');
    const why =
      'which ses-dns cannot wait for: it reads the config synchronously; compute the values without await (readFileSync rather than readFile, for example)';
    // jiti's CommonJS output meets the await at its line; Node refuses the module as a whole.
    expect(result.stderr).toBe(
      loader === 'jiti'
        ? oneError(
            'ses-dns.config.ts',
            `uses await at the top level at line 1, ${why}`,
            "        1 | const region = await Promise.resolve('eu-west-1');",
          )
        : oneError('ses-dns.config.ts', `uses await at the top level, ${why}`),
    );
    expect(result.code).toBe(2);
  });
});

describe(`an export that is no config object (${loader})`, () => {
  test.each([
    [
      'ses-dns.config.ts',
      'const defineConfig = (config: object) => config;\nexport default defineConfig;\n',
      'exports a function (defineConfig) instead of a config object: export the object, export default defineConfig({ ... })',
    ],
    [
      'ses-dns.config.ts',
      "const config = { defaults: { region: 'eu-west-1' } };\n",
      'exports nothing: a config file ends with export default defineConfig({ ... })',
    ],
    [
      'ses-dns.config.ts',
      "export const config = { defaults: { region: 'eu-west-1' } };\n",
      'has no default export (it exports config): export the config as the default, export default defineConfig({ ... })',
    ],
    [
      'ses-dns.config.ts',
      "export default Promise.resolve({ defaults: { region: 'eu-west-1' } });\n",
      'exports a Promise instead of a config object: ses-dns reads a config synchronously, without await; export default defineConfig({ ... })',
    ],
    [
      'ses-dns.config.ts',
      "export default [{ defaults: { region: 'eu-west-1' } }];\n",
      'exports a list instead of a config object: export default defineConfig({ ... })',
    ],
    [
      'ses-dns.config.ts',
      'export default null;\n',
      'exports null instead of a config object: export default defineConfig({ ... })',
    ],
    [
      'ses-dns.config.cjs',
      'module.exports = 5;\n',
      'exports 5 instead of a config object: module.exports = defineConfig({ ... })',
    ],
  ])('%s: %j', (file, text, message) => {
    const dir = project({ [file]: text });
    const result = sesDns(dir, 'validate', '-c', file);
    expect(result.stderr).toBe(oneError(file, message));
    expect(result.code).toBe(2);
  });
});

describe(`through the library, from a script of the user's (${loader})`, () => {
  test("the place is the config's, not the script's that called loadConfig", () => {
    const dir = project({
      'ses-dns.config.js': "export default {\n  defaults: { region: 'eu-west-1' }\n  environments: {},\n};\n",
      'build.js': [
        `const { loadConfig } = require(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});`,
        'try {',
        "  loadConfig('ses-dns.config.js');",
        '} catch (error) {',
        '  process.stdout.write(error.message);',
        '}',
        '',
      ].join('\n'),
    });
    const result = spawnSync(process.execPath, ['build.js'], { cwd: dir, encoding: 'utf8' });
    expect(result.stdout).toBe(
      [
        `error   ${join(dir, 'ses-dns.config.js')}: (top level): is not valid JavaScript: Unexpected token, expected "," at line 3, column 3; ${SYNTAX_FIX}`,
        '        3 |   environments: {},',
        '          |   ^',
      ].join('\n'),
    );
  });
});
