/**
 * The package as users get it: `npm pack` (which builds on prepack), the tarball installed into
 * a fresh folder with `--omit=dev`, and the CLI and the library used from there, on the Node
 * that runs this test (CI runs it on the machine's Node and on Node 22 and 24).
 *
 * Slow (a build and an install of about 500 MB, mostly from npm's cache), so it runs under
 * `CI=true` or `SES_DNS_PACK_TEST=1` and is skipped, with a message, otherwise.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const enabled = process.env.CI === 'true' || process.env.SES_DNS_PACK_TEST === '1';
if (!enabled)
  console.warn('[package] skipping the pack-and-install test: set CI=true or SES_DNS_PACK_TEST=1 to run it');

const work = mkdtempSync(join(tmpdir(), 'ses-dns-pack-'));
const project = join(work, 'project');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** npm with output captured; the npm on PATH runs on the Node on PATH. */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return result;
}

/** The installed `ses-dns` bin, run by this test's Node. */
function sesDns(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(project, 'node_modules', '.bin', 'ses-dns'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CHECKPOINT_DISABLE: '1' },
  });
}

/** Which loader the installed package uses for a code config, asked in a fresh process. */
function loaderOf(file: string): string {
  const script =
    "const { loadCodeConfig } = require('ses-dns/dist/config/code-config'); process.stdout.write(loadCodeConfig(process.argv[1]).loader)";
  return spawnSync(process.execPath, ['-e', script, file], { cwd: project, encoding: 'utf8' }).stdout;
}

/** Whether this Node strips TypeScript types itself (22.18+, 23.6+, 24). */
const nodeStripsTypes = typeof (process.features as { typescript?: unknown }).typescript === 'string';

let packed: { filename: string; files: { path: string }[]; size: number; unpackedSize: number };
let installLog = '';

describe.skipIf(!enabled)('the packed package, installed with --omit=dev', () => {
  beforeAll(() => {
    // Pack a copy: prepack deletes and rebuilds dist/, which other test files use meanwhile.
    const source = join(work, 'source');
    cpSync(ROOT, source, {
      recursive: true,
      filter: (path) => !/^(node_modules|dist|cdktf\.out|\.git|coverage)(\/|$)/.test(relative(ROOT, path)),
    });
    symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'dir');
    const out = npm(['pack', '--json', '--pack-destination', work], source);
    packed = (JSON.parse(out.stdout) as (typeof packed)[])[0]!;

    mkdirSync(project);
    // A user's infrastructure repository, with a file of theirs that nothing may touch.
    writeFileSync(join(project, 'package.json'), '{ "name": "infra", "private": true }\n');
    const install = npm(['install', join(work, packed.filename), '--omit=dev'], project);
    installLog = `${install.stdout}\n${install.stderr}`;
  }, 600_000);

  test('the tarball holds the build, schema, templates and LICENSE, and no tests, bench or fixtures', () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const file of [
      'LICENSE',
      'README.md',
      'CHANGELOG.md',
      'package.json',
      'bin/ses-dns.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'schema/ses-dns.schema.json',
      'templates/init/ses-dns.yaml.hbs',
      'templates/RECORDS.md.hbs',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^(test|bench|examples|src|scripts|\.ci|docs)\//.test(f) || /\.test\./.test(f))).toEqual(
      [],
    );
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004/);
  });

  test('installs clean: no engine, peer or install-script warning; peers installed once, beside it', () => {
    expect(installLog).not.toMatch(/EBADENGINE|ERESOLVE|install-scripts|peer dep|deprecated|npm warn/i);
    const modules = join(project, 'node_modules');
    for (const peer of ['cdktf', 'constructs']) {
      expect(existsSync(join(modules, peer, 'package.json')), peer).toBe(true);
      expect(existsSync(join(modules, 'ses-dns', 'node_modules', peer)), `nested ${peer}`).toBe(false);
    }
    // The provider packages are optional peers: ses-dns writes its resources itself, so the
    // CLI needs neither (some 470 MB); an app of the user's that has them shares one copy.
    for (const optional of ['@cdktf/provider-aws', '@cdktf/provider-cloudflare']) {
      expect(existsSync(join(modules, optional)), optional).toBe(false);
    }
    // No development tooling: typed configs must load without it.
    for (const dev of ['tsx', 'typescript', 'vitest', 'esbuild'])
      expect(existsSync(join(modules, dev)), dev).toBe(false);
    const manifest = JSON.parse(readFileSync(join(modules, 'ses-dns', 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.scripts).not.toHaveProperty('prepare');
    expect(manifest.scripts).not.toHaveProperty('postinstall');
  });

  test('init, validate, synth, records and verify --help with a YAML config', () => {
    const init = sesDns(project, 'init', 'infra', '--domain', 'example.com');
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const infra = join(project, 'infra');
    for (const file of ['package.json', 'cdktf.json', 'ses-dns.yaml', '.gitignore', 'README.md']) {
      expect(existsSync(join(infra, file)), file).toBe(true);
    }

    const validate = sesDns(infra, 'validate', '--strict');
    expect(validate.stdout).toMatch(/ses-dns\.yaml: valid, 1 environment, 1 domain, 0 warnings/);
    expect(validate.status).toBe(0);

    const synth = sesDns(infra, 'synth');
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    const stack = JSON.parse(readFileSync(join(infra, 'cdktf.out', 'stacks', 'production', 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(stack.resource.aws_sesv2_email_identity!)).toEqual(['example_com__identity']);
    expect(Object.keys(stack.resource.aws_route53_record!)).toHaveLength(6);
    expect(existsSync(join(infra, 'cdktf.out', 'stacks', 'production', 'RECORDS.md'))).toBe(true);

    const records = sesDns(infra, 'records', '--format', 'json');
    expect(records.status).toBe(0);
    const planned = JSON.parse(records.stdout) as { environments: { records: { name: string }[] }[] };
    expect(planned.environments[0]!.records.map((r) => r.name)).toContain('_dmarc.example.com');

    const help = sesDns(infra, 'verify', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ses-dns verify /);
    expect(help.stdout).toContain('--timeout MS');
  });

  test('the installed command runs its bundles, whatever times npm gave the files', () => {
    // npm unpacks files with the time each was written, in no set order: a dist/cli/main.js
    // newer than the bundle must not send the installed command back to the 150 modules of
    // dist/cli and the 380 of node_modules/cdktf (it did, after some installs).
    const installed = join(project, 'node_modules', 'ses-dns');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(installed, 'dist', 'cli', 'main.js'), later, later);
    const infra = join(project, 'infra');
    const record = join(work, 'loaded.txt');
    const synth = spawnSync(
      process.execPath,
      [
        '--require',
        join(ROOT, 'test', 'cli', 'support', 'loaded-modules.cjs'),
        join(installed, 'bin', 'ses-dns.js'),
        'synth',
        '-o',
        join(work, 'bundled.out'),
      ],
      { cwd: infra, encoding: 'utf8', env: { ...process.env, LOADED_MODULES_FILE: record } },
    );
    expect(synth.status, synth.stderr).toBe(0);
    const modules = readFileSync(record, 'utf8').split('\n').filter(Boolean);
    expect(modules.filter((file) => file.includes('/ses-dns/dist/'))).toEqual([]);
    expect(modules.filter((file) => /node_modules\/(cdktf|constructs)\//.test(file))).toEqual([]);
    expect(readFileSync(`${record}.bundles`, 'utf8').split('\n').filter(Boolean)).toEqual([
      join(installed, 'dist', 'cli', 'bundle.js'),
      join(installed, 'dist', 'cli', 'cdktf-bundle.js'),
    ]);
  });

  test('a typed ses-dns.config.ts importing defineConfig from ses-dns: same records and stack as the YAML', () => {
    const yamlProject = join(project, 'infra');
    const tsProject = join(project, 'infra-ts');
    mkdirSync(tsProject);
    const value = parse(readFileSync(join(yamlProject, 'ses-dns.yaml'), 'utf8')) as unknown;
    writeFileSync(
      join(tsProject, 'ses-dns.config.ts'),
      [
        "import { defineConfig } from 'ses-dns';",
        "import type { SesDnsConfig } from 'ses-dns';",
        '',
        `const config: SesDnsConfig = ${JSON.stringify(value, null, 2)};`,
        '',
        'export default defineConfig(config);',
        '',
      ].join('\n'),
    );
    const validate = sesDns(tsProject, 'validate');
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toMatch(/ses-dns\.config\.ts: valid, 1 environment, 1 domain/);
    expect(validate.status).toBe(0);

    expect(sesDns(tsProject, 'records', '--format', 'json').stdout).toBe(
      sesDns(yamlProject, 'records', '--format', 'json').stdout,
    );
    const synth = sesDns(tsProject, 'synth');
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(loaderOf(join(tsProject, 'ses-dns.config.ts'))).toBe(nodeStripsTypes ? 'node' : 'jiti');
    const stackFile = join('cdktf.out', 'stacks', 'production', 'cdk.tf.json');
    expect(readFileSync(join(tsProject, stackFile), 'utf8')).toBe(readFileSync(join(yamlProject, stackFile), 'utf8'));
  });

  test('a typed config with syntax type stripping refuses (an enum) loads too', () => {
    const dir = join(project, 'infra-enum');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'ses-dns.config.ts'),
      [
        "import { defineConfig } from 'ses-dns';",
        "enum Region { Ireland = 'eu-west-1' }",
        'export default defineConfig({',
        '  defaults: { region: Region.Ireland },',
        "  environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } },",
        '});',
        '',
      ].join('\n'),
    );
    const validate = sesDns(dir, 'validate');
    expect(validate.stderr).toBe('');
    expect(validate.status).toBe(0);
    expect(loaderOf(join(dir, 'ses-dns.config.ts'))).toBe('jiti');
  });

  test('a hand-written cdktf app: the exported constructs next to its own resources, one cdktf', () => {
    // The app's own resources come from the AWS provider package, which such an app installs
    // itself (an optional peer of ses-dns): the version the repository tests with.
    const provider = `@cdktf/provider-aws@${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@cdktf/provider-aws']}`;
    const add = npm(['install', provider, '--omit=dev'], project);
    expect(`${add.stdout}\n${add.stderr}`).not.toMatch(/ERESOLVE|peer dep|npm warn/i);
    expect(existsSync(join(project, 'node_modules', 'ses-dns', 'node_modules', 'cdktf')), 'nested cdktf').toBe(false);
    writeFileSync(
      join(project, 'main.js'),
      `'use strict';
const { App, TerraformOutput, TerraformResource, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { S3Bucket } = require('@cdktf/provider-aws/lib/s3-bucket');
const { EmailIdentity, EnvironmentStack, loadConfig } = require('ses-dns');
const { dirname } = require('node:path');

const app = new App({ outdir: 'app.out', stackTraces: false });
const { config } = loadConfig('infra/ses-dns.yaml');

// ses-dns's own stacks, one per environment, in this app.
const stacks = config.environments.map((environment) => new EnvironmentStack(app, { environment }));

// A stack of the app's own: its resources, and an SES identity from ses-dns beside them.
const mail = new TerraformStack(app, 'mail');
new AwsProvider(mail, 'aws', { region: 'eu-west-1' });
const reports = new S3Bucket(mail, 'reports', { bucketPrefix: 'dmarc-reports-' });
const example = new EmailIdentity(mail, 'example', { domain: config.environments[0].domains[0] });
new TerraformOutput(mail, 'identity_arn', { value: example.identity.arn });
new TerraformOutput(mail, 'reports_bucket', { value: reports.bucket });
app.synth();

const ours = require.resolve('cdktf');
const theirs = require.resolve('cdktf', { paths: [dirname(require.resolve('ses-dns'))] });
console.log(JSON.stringify({
  oneCdktf: ours === theirs,
  stackIsTerraformStack: stacks.every((s) => s instanceof TerraformStack),
  identityIsTerraformResource: example.identity instanceof TerraformResource,
  stacks: app.node.children.map((c) => c.node.id),
}));
`,
    );
    const result = spawnSync(process.execPath, ['main.js'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      oneCdktf: true,
      stackIsTerraformStack: true,
      identityIsTerraformResource: true,
      stacks: ['production', 'mail'],
    });

    const mail = JSON.parse(readFileSync(join(project, 'app.out', 'stacks', 'mail', 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
      output: Record<string, { value: string }>;
    };
    expect(Object.keys(mail.resource).sort()).toEqual([
      'aws_s3_bucket',
      'aws_sesv2_email_identity',
      'aws_sesv2_email_identity_mail_from_attributes',
    ]);
    expect(mail.resource.aws_sesv2_email_identity!.example_com__identity).toMatchObject({
      email_identity: 'example.com',
    });
    expect(mail.output.identity_arn!.value).toBe('${aws_sesv2_email_identity.example_com__identity.arn}');
    expect(mail.output.reports_bucket!.value).toBe('${aws_s3_bucket.reports.bucket}');

    // ses-dns's stack in the app holds what `ses-dns synth` writes for that environment.
    const inApp = JSON.parse(readFileSync(join(project, 'app.out', 'stacks', 'production', 'cdk.tf.json'), 'utf8')) as {
      resource: object;
      output: object;
    };
    const fromCli = JSON.parse(
      readFileSync(join(project, 'infra', 'cdktf.out', 'stacks', 'production', 'cdk.tf.json'), 'utf8'),
    ) as { resource: object; output: object };
    expect(inApp.resource).toEqual(fromCli.resource);
    expect(inApp.output).toEqual(fromCli.output);
  });
});
