/**
 * `maxDomainsPerStack`: environments split into stacks `<env>-1`, `<env>-2`, ... with an
 * assignment that adding a domain never changes (docs/scaling.md).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { synth } from '../src/cli/commands/synth';
import { ConfigError } from '../src/config/issues';
import { validateConfig } from '../src/checks/validate';
import type { ResolvedEnvironment } from '../src/config/model';
import { planEnvironment } from '../src/records/plan';
import { assignStacks, shardConfig, shardStateKey } from '../src/stacks/sharding';
import type { StackAssignment } from '../src/stacks/sharding';
import { STACKS_FILE, readStackAssignments } from '../src/stacks/stack-assignment';
import { issuesOf, toYaml } from './support/synth';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-scaling-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function config(domains: string[], extra: Record<string, unknown> = {}) {
  return {
    defaults: { region: 'eu-west-1', dmarc: { policy: 'none' } },
    environments: {
      production: {
        dns: { provider: 'route53' },
        maxDomainsPerStack: 2,
        domains: domains.map((name) => ({ name })),
        ...extra,
      },
    },
  };
}

function environmentOf(domains: string[]): ResolvedEnvironment {
  return validateConfig(config(domains)).config.environments[0]!;
}

const errorsOf = (raw: unknown) =>
  issuesOf(raw)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.path}: ${i.message}`);

describe('maxDomainsPerStack validation', () => {
  test.each<[string, unknown, string]>([
    ['zero', 0, 'environments.production.maxDomainsPerStack: must be at least 1, got 0'],
    ['a fraction', 2.5, 'environments.production.maxDomainsPerStack: must be a whole number, got 2.5'],
    ['a string', '100', 'environments.production.maxDomainsPerStack: must be a whole number, got "100"'],
  ])('%s is refused', (_name, value, message) => {
    expect(errorsOf(config(['a.com'], { maxDomainsPerStack: value }))).toEqual([message]);
  });

  test('at the defaults layer it is an unknown key: it belongs to an environment', () => {
    const raw = config(['a.com']) as { defaults: Record<string, unknown> };
    raw.defaults.maxDomainsPerStack = 2;
    expect(errorsOf(raw)).toEqual([
      'defaults.maxDomainsPerStack: unknown key "maxDomainsPerStack". Allowed keys: region, ttl, dkim, mailFrom, dmarc, spf, tracking, configurationSet. Remove it or fix its spelling.',
    ]);
  });
});

describe('assignStacks', () => {
  test('fills stacks in name order', () => {
    const env = environmentOf(['e.com', 'a.com', 'c.com', 'b.com', 'd.com']);
    expect(assignStacks(env, 2).assignment).toEqual({ 'a.com': 1, 'b.com': 1, 'c.com': 2, 'd.com': 2, 'e.com': 3 });
  });

  test('adding a domain never moves another, removing one frees its place', () => {
    const first = assignStacks(environmentOf(['b.com', 'c.com', 'd.com']), 2).assignment;
    expect(first).toEqual({ 'b.com': 1, 'c.com': 1, 'd.com': 2 });
    // a.com sorts first, but b.com and c.com stay in stack 1
    const second = assignStacks(environmentOf(['a.com', 'b.com', 'c.com', 'd.com']), 2, first).assignment;
    expect(second).toEqual({ 'a.com': 2, 'b.com': 1, 'c.com': 1, 'd.com': 2 });
    const third = assignStacks(environmentOf(['a.com', 'c.com', 'd.com', 'e.com']), 2, second).assignment;
    expect(third).toEqual({ 'a.com': 2, 'c.com': 1, 'd.com': 2, 'e.com': 1 });
  });

  test('property: for any sequence of additions and removals, no kept domain moves and no stack overflows', () => {
    const names = fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `d${i}.example.com`));
    const step = fc.record({
      add: fc.uniqueArray(names, { maxLength: 8 }),
      remove: fc.uniqueArray(names, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(step, { minLength: 1, maxLength: 8 }), (max, steps) => {
        let domains = new Set<string>();
        let assignment: StackAssignment = {};
        for (const { add, remove } of steps) {
          for (const d of remove) domains.delete(d);
          for (const d of add) domains.add(d);
          if (domains.size === 0) continue;
          const next = assignStacks(environmentOf([...domains]), max, assignment).assignment;
          for (const d of domains) if (assignment[d] !== undefined) expect(next[d]).toBe(assignment[d]);
          const counts = new Map<number, number>();
          for (const n of Object.values(next)) counts.set(n, (counts.get(n) ?? 0) + 1);
          for (const count of counts.values()) expect(count).toBeLessThanOrEqual(max);
          assignment = next;
          domains = new Set(Object.keys(next));
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a stack over a lowered maximum is refused with the way out', () => {
    const env = environmentOf(['a.com', 'b.com', 'c.com']);
    const { issues } = assignStacks(env, 2, { 'a.com': 1, 'b.com': 1, 'c.com': 1 });
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'environments.production.maxDomainsPerStack: stack production-1 holds 3 domains, more than maxDomainsPerStack 2: raise maxDomainsPerStack to at least 3, or move domains out of it in ses-dns.stacks.json (a moved domain is destroyed and created again, with new DKIM tokens)',
    ]);
  });

  test('an environment named like a stack of a split one is refused', () => {
    const raw = config(['a.com']) as { environments: Record<string, unknown> };
    raw.environments['production-1'] = { dns: { provider: 'route53' }, domains: [{ name: 'z.com' }] };
    const { issues } = shardConfig(validateConfig(raw).config);
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'environments.production-1: environment "production-1" has the name of a stack of a split environment: rename it, since both would write stacks/production-1',
    ]);
  });

  test('account settings live in stack 1 only, which is written even with no domain left', () => {
    const raw = config(['c.com', 'd.com', 'e.com'], { account: { suppression: ['BOUNCE'] } });
    const { config: resolved, issues } = validateConfig(raw);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const split = shardConfig(resolved, { production: { 'c.com': 2, 'd.com': 2, 'e.com': 3 } }).config;
    expect(split.environments.map((e) => [e.name, e.domains.length, e.account !== undefined])).toEqual([
      ['production-1', 0, true],
      ['production-2', 2, false],
      ['production-3', 1, false],
    ]);
  });

  test('a DMARC report authorization finds its zone in another stack of the environment', () => {
    const raw = config([]) as { environments: { production: Record<string, unknown> } };
    raw.environments.production.maxDomainsPerStack = 1;
    raw.environments.production.domains = [
      { name: 'a.com', dmarc: { rua: ['dmarc@reports.net'] } },
      { name: 'reports.net' },
    ];
    const { config: resolved, issues } = validateConfig(raw);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const whole = planEnvironment(resolved.environments[0]!).filter((r) => r.name.includes('._report._dmarc.'));
    const shards = shardConfig(resolved).config.environments;
    expect(shards.map((e) => e.name)).toEqual(['production-1', 'production-2']);
    const split = planEnvironment(shards[0]!).filter((r) => r.name.includes('._report._dmarc.'));
    expect(whole.map((r) => r.name)).toEqual(['a.com._report._dmarc.reports.net']);
    expect(split).toEqual(whole);
  });

  test.each([
    ['ses/production.tfstate', 'ses/production-2.tfstate'],
    ['terraform.production.tfstate', 'terraform.production-2.tfstate'],
    ['state/prod', 'state/prod-2'],
  ])('state key %s of stack 2 is %s', (key, expected) => {
    expect(shardStateKey(key, 2)).toBe(expected);
  });
});

describe('ses-dns synth with maxDomainsPerStack', () => {
  const dir = join(work, 'project');
  const file = join(dir, 'ses-dns.yaml');
  const out = join(dir, 'cdktf.out');

  const backend = { type: 's3', bucket: 'acme-tfstate', key: 'ses/production.tfstate', region: 'eu-west-1' };
  function run(domains: string[], extra: Record<string, unknown> = {}) {
    writeFileSync(file, toYaml(config(domains, { backend, ...extra })));
    return synth({ config: file, outdir: out });
  }
  const stackJson = (name: string) => readFileSync(join(out, 'stacks', name, 'cdk.tf.json'), 'utf8');

  test('writes one stack per shard, each with its own state, and records the assignment', async () => {
    rmSync(dir, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const result = await run(['b.com', 'c.com', 'd.com']);
    expect(result.stacks.map((s) => [s.name, s.domains])).toEqual([
      ['production-1', 2],
      ['production-2', 1],
    ]);
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['production-1', 'production-2']);
    const one = JSON.parse(stackJson('production-1'));
    expect(Object.keys(one.resource.aws_sesv2_email_identity)).toEqual(['b_com__identity', 'c_com__identity']);
    expect(one.terraform.backend.s3.key).toBe('ses/production-1.tfstate');
    expect(JSON.parse(stackJson('production-2')).terraform.backend.s3.key).toBe('ses/production-2.tfstate');
    expect(readStackAssignments(join(dir, STACKS_FILE))).toEqual({
      production: { 'b.com': 1, 'c.com': 1, 'd.com': 2 },
    });
  });

  test('adding a domain leaves every other stack byte for byte as it was', async () => {
    const before = stackJson('production-1');
    await run(['a.com', 'b.com', 'c.com', 'd.com']);
    // a.com joins production-2 (room left there); production-1 is unchanged
    expect(stackJson('production-1')).toBe(before);
    expect(Object.keys(JSON.parse(stackJson('production-2')).resource.aws_sesv2_email_identity)).toEqual([
      'a_com__identity',
      'd_com__identity',
    ]);
  });

  test('a stack over the maximum is refused and nothing is written', async () => {
    const assignment = readFileSync(join(dir, STACKS_FILE), 'utf8');
    const before = stackJson('production-1');
    await expect(run(['a.com', 'b.com', 'c.com', 'd.com'], { maxDomainsPerStack: 1 })).rejects.toThrow(ConfigError);
    expect(readFileSync(join(dir, STACKS_FILE), 'utf8')).toBe(assignment);
    expect(stackJson('production-1')).toBe(before);
  });

  test('a malformed assignment file is a config error', async () => {
    writeFileSync(join(dir, STACKS_FILE), '{"environments": {"production": {"a.com": 0}}}');
    await expect(run(['a.com'])).rejects.toThrow(
      'environments.production.a.com must be a stack number 1, 2, ..., got 0',
    );
  });
});
