import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, run } from './run';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const emptyDir = () => mkdtempSync(join(tmpdir(), 'ses-dns-init-'));

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
      expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^cdktf\.out\/$/m);
      expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\*\.tfstate$/m);

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

  test('refuses to overwrite, writes nothing, exit 2', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'ses-dns.yaml'), 'mine\n');
    const result = await run('init', dir);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${dir} already has ses-dns.yaml; nothing was written: choose an empty folder, or pass --force to replace it\n`,
    });
    expect(readdirSync(dir)).toEqual(['ses-dns.yaml']);
    expect(readFileSync(join(dir, 'ses-dns.yaml'), 'utf8')).toBe('mine\n');
  });

  test('--force replaces existing files', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'ses-dns.yaml'), 'mine\n');
    expect((await run('init', dir, '--force')).code).toBe(0);
    expect(readFileSync(join(dir, 'ses-dns.yaml'), 'utf8')).toContain('- name: example.com');
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
