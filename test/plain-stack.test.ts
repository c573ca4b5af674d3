/**
 * PlainStack and PlainResource skip cdktf's token resolution for JSON without tokens. Their
 * result must be what cdktf's own `toTerraform()` makes of the same constructs, for stacks
 * that ses-dns builds and for stacks a hand-written app extends with tokens of its own.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  App,
  Aspects,
  DefaultTokenResolver,
  StringConcat,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Tokenization,
} from '../src/cdktf';
import { validateConfig } from '../src/checks/validate';
import type { ResolvedConfig, ResolvedEnvironment } from '../src/config/model';
import { EnvironmentStack, withHeader } from '../src/stacks/environment-stack';
import { PlainOutput, PlainResource } from '../src/terraform/elements';
import { publicKeyBase64 } from './support/synth';

const { mixedConfig } = require('../bench/config') as { mixedConfig: (n: number) => unknown };

/** Keys sorted at every level, so that two JSON values compare by content. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(sort(value), null, 1);
}

function resolved(scope: TerraformStack, value: unknown): unknown {
  return Tokenization.resolve(value, {
    scope,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
}

/** cdktf's own `toTerraform` of the stack (with ses-dns's header, as EnvironmentStack adds it). */
function cdktfJson(stack: TerraformStack): string {
  return canonical(withHeader(TerraformStack.prototype.toTerraform.call(stack) as Record<string, unknown>));
}

function elementsOf(stack: TerraformStack): TerraformElement[] {
  return stack.node.findAll().filter((c): c is TerraformElement => TerraformElement.isTerraformElement(c));
}

function resolvedConfig(raw: unknown): ResolvedConfig {
  const { config, issues } = validateConfig(raw);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return config;
}

const EVERY_FEATURE = {
  defaults: { region: 'eu-west-1', dmarc: { policy: 'reject', rua: ['dmarc@example.com'] } },
  environments: {
    production: {
      dns: { provider: 'route53', profile: 'dns' },
      backend: { type: 's3', bucket: 'acme-state', key: 'ses/production.tfstate', region: 'eu-west-1' },
      account: { suppression: ['BOUNCE'], alarms: {}, vdm: { dashboard: true, guardian: true } },
      domains: [
        {
          name: 'example.com',
          spf: { include: ['_spf.google.com'] },
          tracking: { subdomain: 'track' },
          keepTxt: ['google-site-verification=abc'],
          configurationSet: {
            name: 'main',
            events: [
              { name: 'made', types: ['BOUNCE'], sns: { create: true } },
              {
                name: 'cw',
                types: ['SEND'],
                cloudwatch: { dimensions: [{ name: 'd', source: 'messageTag', default: 'x' }] },
              },
            ],
          },
          import: { identity: 'example.com', dmarc: 'Z0123456789ABCDEFGHIJ__dmarc.example.com_TXT' },
        },
        {
          name: 'milan.example.com',
          zone: 'example.com',
          region: 'eu-south-1',
          dkim: { type: 'byodkim', selector: 's1', publicKey: publicKeyBase64() },
        },
        { name: 'example.org', zone: { id: 'Z0123456789ABCDEFGHIJ' }, mailFrom: false },
      ],
    },
    staging: { dns: { provider: 'cloudflare' }, ttl: 'auto', domains: [{ name: 'example.dev', spf: {} }] },
  },
};

describe('PlainStack.toTerraform', () => {
  test.each([
    ['every feature, both providers', EVERY_FEATURE],
    ['the generated mixed config', mixedConfig(25)],
  ])('equals cdktf’s own toTerraform: %s', (_name, raw) => {
    const app = new App({ stackTraces: false });
    const stacks = resolvedConfig(raw).environments.map((environment) => new EnvironmentStack(app, { environment }));
    for (const stack of stacks) expect(canonical(stack.toTerraform())).toBe(cdktfJson(stack));
  });

  test('each PlainResource and PlainOutput gives what cdktf’s toTerraform of its base class resolves to', () => {
    // Stack traces on, as a hand-written app has them: they are part of each resource's JSON.
    const app = new App();
    const stacks = resolvedConfig(EVERY_FEATURE).environments.map(
      (environment) => new EnvironmentStack(app, { environment }),
    );
    let count = 0;
    for (const stack of stacks) {
      for (const element of elementsOf(stack)) {
        const cdktfs =
          element instanceof PlainResource
            ? TerraformResource.prototype.toTerraform
            : element instanceof PlainOutput
              ? TerraformOutput.prototype.toTerraform
              : undefined;
        if (!cdktfs) continue;
        const plain = (element as PlainResource | PlainOutput).plainJson();
        expect(plain, element.node.path).toBeDefined();
        expect(canonical(plain)).toBe(canonical(resolved(stack, cdktfs.call(element))));
        count++;
      }
    }
    expect(count).toBeGreaterThan(40);
  });

  test('a hand-written app that adds tokens, overrides and its own resources gets cdktf’s result', () => {
    const app = new App();
    const environment = resolvedConfig(EVERY_FEATURE).environments[0]!;
    const stack = new EnvironmentStack(app, { environment });
    const elements = elementsOf(stack);
    const identity = elements.find((e) => e.node.path.endsWith('example.com/identity')) as PlainResource;
    const dmarc = elements.find((e) => e.node.path.endsWith('example_com__dmarc')) as PlainResource;

    // A token in a value, an override and depends_on: these leave the fast path.
    const ttl = new TerraformVariable(stack, 'ttl', { type: 'number' });
    new PlainResource(stack, 'user-record', 'aws_route53_record', 'user_record', {
      name: 'x.example.com',
      ttl: ttl.numberValue,
      records: [identity.getStringAttribute('arn')],
    });
    dmarc.addOverride('ttl', 60);
    dmarc.dependsOn = [identity.fqn];
    stack.addOverride('locals.owner', 'team-mail');
    new TerraformOutput(stack, 'user-output', {
      value: identity.getListAttribute('dkim_signing_attributes[0].tokens'),
    });

    const json = stack.toTerraform();
    expect(canonical(json)).toBe(cdktfJson(stack));
    const records = (json.resource as Record<string, Record<string, Record<string, unknown>>>).aws_route53_record!;
    expect(records.user_record).toMatchObject({
      ttl: '${var.ttl}',
      records: ['${aws_sesv2_email_identity.example_com__identity.arn}'],
    });
    expect(records.example_com__dmarc).toMatchObject({
      ttl: 60,
      depends_on: ['${aws_sesv2_email_identity.example_com__identity}'],
    });
    expect(json.locals).toEqual({ owner: 'team-mail' });
  });

  test('a token inside a resolved config value is resolved by cdktf', () => {
    const app = new App({ stackTraces: false });
    const base = resolvedConfig(EVERY_FEATURE).environments[1]!;
    const scratch = new TerraformStack(new App(), 'scratch');
    const ttl = new TerraformVariable(scratch, 'ttl', { type: 'number' }).numberValue;
    const environment: ResolvedEnvironment = { ...base, domains: base.domains.map((d) => ({ ...d, ttl })) };
    const stack = new EnvironmentStack(app, { environment });
    new TerraformVariable(stack, 'ttl', { type: 'number' });
    const json = stack.toTerraform();
    expect(canonical(json)).toBe(cdktfJson(stack));
    const records = Object.values(
      (json.resource as Record<string, Record<string, { ttl: unknown }>>).cloudflare_dns_record!,
    );
    expect(records.map((r) => r.ttl)).toEqual(records.map(() => '${var.ttl}'));
  });
});

describe('PlainStackSynthesizer', () => {
  const work = mkdtempSync(join(tmpdir(), 'ses-dns-synthesizer-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function synthesize(standalone: boolean, extend?: (stack: EnvironmentStack) => void): string {
    const outdir = join(work, `${standalone}-${Math.random().toString(36).slice(2)}`);
    const app = new App({ outdir, stackTraces: false });
    for (const environment of resolvedConfig(EVERY_FEATURE).environments) {
      const stack = new EnvironmentStack(app, { environment, standalone });
      extend?.(stack);
    }
    app.synth();
    return outdir;
  }

  const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

  test('writes the bytes and the manifest cdktf’s synthesizer writes', () => {
    const ours = synthesize(true);
    const cdktfs = synthesize(false);
    for (const file of ['manifest.json', 'stacks/production/cdk.tf.json', 'stacks/staging/cdk.tf.json']) {
      expect(read(ours, file), file).toBe(read(cdktfs, file));
    }
  });

  test('fails a validation with cdktf’s words', () => {
    const broken = (stack: EnvironmentStack) => stack.node.addValidation({ validate: () => ['something is off'] });
    const failure = (standalone: boolean) => {
      try {
        synthesize(standalone, broken);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(failure(true)).toContain('[production] something is off');
    expect(failure(true)).toBe(failure(false));
  });

  test('leaves a stack with an aspect to cdktf’s synthesizer, which applies it', () => {
    const dir = synthesize(true, (stack) =>
      Aspects.of(stack).add({
        visit: (node) => {
          if (node instanceof PlainResource && node.terraformResourceType === 'aws_sns_topic')
            node.addOverride('tags', { a: 'b' });
        },
      }),
    );
    expect(read(dir, 'stacks/production/cdk.tf.json')).toContain('"tags"');
  });
});
