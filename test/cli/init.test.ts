import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findConfigFile } from '../../src/config/load';
import { ROOT, run } from './run';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const emptyDir = () => mkdtempSync(join(tmpdir(), 'ses-dns-init-'));

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
}

/** Whether git ignores `path` (relative to the repository `dir`). */
function ignored(dir: string, path: string): boolean {
  try {
    git(dir, 'check-ignore', '-q', '--no-index', path);
    return true;
  } catch {
    return false;
  }
}

/** The scaffold's .gitignore, as git reads it: state and working files out, the stacks and lock file in. */
function expectIgnores(dir: string) {
  if (!existsSync(join(dir, '.git'))) git(dir, 'init', '-q');
  for (const path of [
    '.terraform/providers/x',
    'cdktf.out/stacks/production/.terraform/terraform.tfstate',
    'terraform.production.tfstate',
    'terraform.production.tfstate.backup',
    'cdktf.out/stacks/production/.terraform.tfstate.lock.info',
    'secrets.tfvars',
  ]) {
    expect(ignored(dir, path), path).toBe(true);
  }
  for (const path of [
    'cdktf.out/manifest.json',
    'cdktf.out/stacks/production/cdk.tf.json',
    'cdktf.out/stacks/production/RECORDS.md',
    'cdktf.out/stacks/production/.terraform.lock.hcl',
    'ses-dns.stacks.json',
  ]) {
    expect(ignored(dir, path), path).toBe(false);
  }
}

/** Every file under `dir`, relative path -> bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path));
  }
  return files;
}

function sameTree(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  return a.size === b.size && [...a].every(([name, bytes]) => b.get(name)?.equals(bytes));
}

describe('ses-dns init', () => {
  test.each(['route53', 'cloudflare'])(
    'into an empty folder (%s): a project whose config validates and synthesizes as is',
    async (provider) => {
      const dir = join(emptyDir(), 'mail-dns');
      const result = await run('init', dir, '--provider', provider, '--domain', 'acme.test');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        `created package.json, cdktf.json, ses-dns.yaml, .gitignore, README.md in ${dir}\nnext: npm install && npx ses-dns validate && npx ses-dns synth\n`,
      );
      expect(result.stderr).toBe('');
      expect(readdirSync(dir).sort()).toEqual([
        '.gitignore',
        'README.md',
        'cdktf.json',
        'package.json',
        'ses-dns.yaml',
      ]);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
      expect(pkg.name).toBe('mail-dns');
      expect(pkg.dependencies).toEqual({ 'ses-dns': `^${version}` });
      expect(JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8'))).toMatchObject({
        app: 'npx ses-dns synth -c ses-dns.yaml',
        output: 'cdktf.out',
      });
      const yaml = readFileSync(join(dir, 'ses-dns.yaml'), 'utf8');
      expect(yaml.split('\n')[0]).toBe(
        '# yaml-language-server: $schema=./node_modules/ses-dns/schema/ses-dns.schema.json',
      );
      expect(yaml).toContain(`dns: { provider: ${provider} }`);
      expectIgnores(dir);

      const validated = await run('validate', '-c', join(dir, 'ses-dns.yaml'), '--strict');
      expect(validated.stderr).toBe('');
      expect(validated.code).toBe(0);

      // Through the real command line, as a user would after npm install.
      const out = join(emptyDir(), 'cdktf.out');
      execFileSync(
        process.execPath,
        [join(ROOT, 'bin', 'ses-dns.js'), 'synth', '-c', join(dir, 'ses-dns.yaml'), '-o', out],
        {
          encoding: 'utf8',
        },
      );
      const stack = JSON.parse(readFileSync(join(out, 'stacks', 'production', 'cdk.tf.json'), 'utf8')) as {
        resource: Record<string, Record<string, unknown>>;
      };
      expect(Object.keys(stack.resource.aws_sesv2_email_identity!)).toEqual(['acme_test__identity']);
      expect(existsSync(join(out, 'stacks', 'production', 'RECORDS.md'))).toBe(true);
    },
  );

  test("in an existing repo: nothing of the user's is lost, package.json keeps every key in its order", async () => {
    const dir = emptyDir();
    git(dir, 'init', '-q');
    const pkg = [
      '{',
      '    "name": "infra",',
      '    "private": true,',
      '    "type": "module",',
      '    "scripts": {',
      '        "build": "tsc",',
      '        "synth": "cdktf synth"',
      '    },',
      '    "dependencies": {',
      '        "lodash": "^4.17.21"',
      '    },',
      '    "prettier": {',
      '        "singleQuote": true',
      '    }',
      '}',
      '',
    ].join('\n');
    const files: Record<string, string> = {
      'package.json': pkg,
      'README.md': '# Infra\n\nOur infrastructure.\n',
      '.gitignore': 'node_modules\ncdktf.out/\n',
      'main.ts': 'export {};\n',
      'terraform.production.tfstate': '{"version":4}\n',
      '.terraform.lock.hcl': '# lock\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const before = readTree(join(dir, '.git'));

    const result = await run('init', dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `created cdktf.json, ses-dns.yaml in ${dir}`,
        'added to package.json: dependency ses-dns, script validate, script records, script ses-dns:synth, script synth:check',
        'added to .gitignore: .terraform/ *.tfstate *.tfstate.* *.tfplan *.tfvars crash.log',
        'added to README.md: a section "Email sending domains (ses-dns)" at the end',
        'next: npm install && npx ses-dns validate && npx ses-dns synth',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe(
      [
        'note: package.json already has a script "synth": kept, and ses-dns\'s is "ses-dns:synth"',
        'note: .gitignore ignores "cdktf.out/", which holds what you commit and review (the generated stacks, RECORDS.md, .terraform.lock.hcl): remove that line',
        '',
      ].join('\n'),
    );

    // package.json: the same keys in the same order, the same indentation, ours added.
    const merged = readFileSync(join(dir, 'package.json'), 'utf8');
    const parsed = JSON.parse(merged) as Record<string, Record<string, string>>;
    expect(Object.keys(parsed)).toEqual(['name', 'private', 'type', 'scripts', 'dependencies', 'prettier']);
    expect(parsed.scripts).toEqual({
      build: 'tsc',
      synth: 'cdktf synth',
      validate: 'ses-dns validate --strict',
      records: 'ses-dns records',
      'ses-dns:synth': 'ses-dns synth',
      'synth:check': 'ses-dns synth --check',
    });
    expect(parsed.dependencies).toEqual({ lodash: '^4.17.21', 'ses-dns': `^${version}` });
    expect(parsed.prettier).toEqual({ singleQuote: true });
    expect(merged).toMatch(/^ {4}"name": "infra",$/m);
    expect(merged.endsWith('}\n')).toBe(true);

    // README.md and .gitignore: the user's text first, byte for byte, then ours, marked.
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme.startsWith(files['README.md']!)).toBe(true);
    expect(readme).toContain('<!-- added by ses-dns init -->\n## Email sending domains (ses-dns)');
    const ignore = readFileSync(join(dir, '.gitignore'), 'utf8');
    expect(ignore.startsWith(files['.gitignore']!)).toBe(true);
    expect(ignore).toContain('# added by ses-dns init');
    // The user's other files, the state and the repository are untouched.
    for (const name of ['main.ts', 'terraform.production.tfstate', '.terraform.lock.hcl']) {
      expect(readFileSync(join(dir, name), 'utf8')).toBe(files[name]);
    }
    expect(sameTree(readTree(join(dir, '.git')), before)).toBe(true);

    // Run twice: the second run adds nothing and changes no byte.
    const snapshot = readTree(dir);
    const again = await run('init', dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      `kept package.json, cdktf.json, ses-dns.yaml, .gitignore, README.md as they were\nnext: npm install && npx ses-dns validate && npx ses-dns synth\n`,
    );
    expect(sameTree(readTree(dir), snapshot)).toBe(true);
  });

  test.each(['ses-dns.json', 'ses-dns.config.ts', 'ses-dns.config.mjs'])(
    'a config already there (%s): kept, no ses-dns.yaml beside it, and cdktf.json runs synth on it',
    async (config) => {
      const dir = emptyDir();
      const text = config.endsWith('.json')
        ? '{ "defaults": { "region": "eu-west-1" }, "environments": { "production": { "dns": { "provider": "route53" }, "domains": [ { "name": "example.com" } ] } } }\n'
        : "export default { defaults: { region: 'eu-west-1' }, environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } } };\n";
      writeFileSync(join(dir, config), text);
      const result = await run('init', dir);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`kept ${config} as they were`);
      expect(existsSync(join(dir, 'ses-dns.yaml'))).toBe(false);
      const app = (JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8')) as { app: string }).app;
      expect(app).toBe(`npx ses-dns synth -c ${config}`);
      // The commands find it without -c, and read it.
      expect(findConfigFile(undefined, dir)).toBe(join(dir, config));
      const validate = await run('validate', '-c', join(dir, config));
      expect(validate.code, validate.stderr).toBe(0);
      expect(readFileSync(join(dir, config), 'utf8')).toBe(text);
    },
  );

  test('an existing config of any name and a cdktf.json of another app are kept', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'ses-dns.yml'), 'mine\n');
    writeFileSync(join(dir, 'cdktf.json'), '{ "app": "npx ts-node main.ts" }\n');
    const result = await run('init', dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('kept cdktf.json, ses-dns.yml as they were');
    expect(result.stderr).toContain(
      'note: cdktf.json exists and was kept: to let cdktf synth and cdktf deploy run ses-dns',
    );
    expect(existsSync(join(dir, 'ses-dns.yaml'))).toBe(false);
    expect(readFileSync(join(dir, 'ses-dns.yml'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'cdktf.json'), 'utf8')).toBe('{ "app": "npx ts-node main.ts" }\n');
  });

  test.each([
    [
      'package.json',
      '{ "name": "x", ',
      /package\.json cannot be added to: .*; fix it and run init again; nothing was written/,
    ],
    ['package.json', '[1, 2]', /package\.json cannot be added to: it is not a JSON object; fix it/],
    [
      'README.md',
      'a\u0000b',
      /README\.md: it holds a NUL byte at offset 1, so it is a binary file, not text; init adds to it only when it is a text file; nothing was written/,
    ],
  ])('a %s init cannot add to (%j): exit 2, nothing written', async (file, text, message) => {
    const dir = emptyDir();
    writeFileSync(join(dir, file), text);
    const result = await run('init', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual([file]);
    expect(readFileSync(join(dir, file), 'utf8')).toBe(text);
  });

  test('the commented region list of the config, uncommented, gives an SES identity in each region', async () => {
    const dir = join(emptyDir(), 'regions');
    expect((await run('init', dir, '--domain', 'acme.test')).code).toBe(0);
    const file = join(dir, 'ses-dns.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(
      "        # region: [eu-west-1, eu-central-1]\n        # mailFrom: { subdomain: 'mail-{region}' }\n",
    );
    writeFileSync(file, text.replace('# region:', 'region:').replace('# mailFrom:', 'mailFrom:'));
    const records = await run('records', '-c', file);
    expect(records.code).toBe(0);
    expect(records.stdout).toContain('eu-west-1     MX     mail-eu-west-1.acme.test');
    expect(records.stdout).toContain('eu-central-1  MX     mail-eu-central-1.acme.test');
  });

  test('--force is refused: init never replaces a file', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'package.json'), '{"name":"mine"}');
    const result = await run('init', dir, '--force');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --force is gone: init never replaces a file, it adds to package.json, .gitignore and README.md and keeps the rest; delete a file first to have init write it anew\n',
    });
    expect(readdirSync(dir)).toEqual(['package.json']);
  });

  test.each([
    [
      ['--provider', 'route54'],
      'error: --provider must be one of route53, cloudflare, got "route54"; did you mean "route53"?\n',
    ],
    [
      ['--domain', 'Example.com.'],
      'error: --domain "Example.com." is not a domain name: give a lowercase name such as example.com, without a trailing dot\n',
    ],
  ])('bad option %j: exit 2', async (args, stderr) => {
    const dir = emptyDir();
    expect(await run('init', dir, ...args)).toEqual({ code: 2, stdout: '', stderr });
    expect(readdirSync(dir)).toEqual([]);
  });
});
