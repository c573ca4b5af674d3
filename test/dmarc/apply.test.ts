/**
 * Where `--apply` writes: at the layer where a domain's policy is written when every domain
 * reading it is ready, else one layer closer to the domain, never raising a domain that is
 * not ready.
 */
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../src/config/resolve';
import { planPolicyChanges, policyOrigin } from '../../src/dmarc/apply';

const dns = { provider: 'route53' };

function plan(raw: Record<string, unknown>, ready: Record<string, 'quarantine' | 'reject'>) {
  const { config } = resolveConfig(raw);
  return planPolicyChanges(raw, config, new Map(Object.entries(ready)));
}

const P0 = 'environments.production.domains[0]';
const P1 = 'environments.production.domains[1]';
const S0 = 'environments.staging.domains[0]';

const layered = (extra: { production?: object; staging?: object; a?: object; b?: object } = {}) => ({
  defaults: { region: 'eu-west-1', dmarc: { policy: 'none', rua: ['dmarc@a.example'] } },
  environments: {
    production: {
      dns,
      ...extra.production,
      domains: [
        { name: 'a.example', ...extra.a },
        { name: 'b.example', ...extra.b },
      ],
    },
    staging: { dns, ...extra.staging, domains: [{ name: 'c.example' }] },
  },
});

describe('policyOrigin', () => {
  test('where the policy is written, or where the layer holding dmarc would write it', () => {
    const raw = {
      ...layered({ production: { dmarc: { rua: ['x@a.example'] } }, b: { dmarc: { policy: 'reject' } } }),
      defaults: { region: 'eu-west-1', dmarc: { rua: ['dmarc@a.example'] } },
    };
    const { config } = resolveConfig(raw);
    const [production, staging] = [config.environments[0]!, config.environments[1]!];
    expect(policyOrigin(raw, production.domains[0]!)).toBe('environments.production.dmarc.policy');
    expect(policyOrigin(raw, production.domains[1]!)).toBe('environments.production.domains[1].dmarc.policy');
    expect(policyOrigin(raw, staging.domains[0]!)).toBe('defaults.dmarc.policy');
  });
});

describe('planPolicyChanges', () => {
  test('every domain that reads the shared value is ready: the shared value changes once', () => {
    expect(plan(layered(), { [P0]: 'quarantine', [P1]: 'quarantine', [S0]: 'quarantine' })).toEqual([
      {
        path: 'defaults.dmarc.policy',
        from: 'none',
        to: 'quarantine',
        domains: ['a.example (production)', 'b.example (production)', 'c.example (staging)'],
      },
    ]);
  });

  test('a whole environment is ready but another reads the same default: each ready domain changes on its own', () => {
    // No environment-level policy is introduced: it would also set the start of domains added later.
    expect(plan(layered(), { [P0]: 'quarantine', [P1]: 'quarantine' })).toEqual([
      { path: `${P0}.dmarc.policy`, from: 'none', to: 'quarantine', domains: ['a.example (production)'] },
      { path: `${P1}.dmarc.policy`, from: 'none', to: 'quarantine', domains: ['b.example (production)'] },
    ]);
  });

  test('the environment writes the policy and all its domains are ready: the environment value changes', () => {
    expect(
      plan(layered({ production: { dmarc: { policy: 'none' } } }), { [P0]: 'quarantine', [P1]: 'quarantine' }),
    ).toEqual([
      {
        path: 'environments.production.dmarc.policy',
        from: 'none',
        to: 'quarantine',
        domains: ['a.example (production)', 'b.example (production)'],
      },
    ]);
  });

  test('one domain of a shared layer is ready: its own entry changes', () => {
    expect(plan(layered({ production: { dmarc: { policy: 'none' } } }), { [P0]: 'quarantine' })).toEqual([
      { path: `${P0}.dmarc.policy`, from: 'none', to: 'quarantine', domains: ['a.example (production)'] },
    ]);
  });

  test('a domain that writes its own dmarc object without a policy still inherits it: not raised by accident', () => {
    // The environment holds dmarc without a policy; b holds one too. Writing the environment's
    // policy would raise b as well, so a's own entry is edited.
    const raw = {
      ...layered({ production: { dmarc: { rua: ['x@a.example'] } }, b: { dmarc: { rua: ['y@b.example'] } } }),
      defaults: { region: 'eu-west-1' },
    };
    const { config } = resolveConfig(raw);
    expect(policyOrigin(raw, config.environments[0]!.domains[0]!)).toBe('environments.production.dmarc.policy');
    expect(policyOrigin(raw, config.environments[0]!.domains[1]!)).toBe(`${P1}.dmarc.policy`);
    expect(plan(raw, { [P0]: 'quarantine' })).toEqual([
      { path: `${P0}.dmarc.policy`, from: 'none', to: 'quarantine', domains: ['a.example (production)'] },
    ]);
  });

  test('domains at different steps get their own changes', () => {
    const raw = layered({ b: { dmarc: { policy: 'quarantine' } } });
    expect(plan(raw, { [P0]: 'quarantine', [P1]: 'reject' })).toEqual([
      { path: `${P0}.dmarc.policy`, from: 'none', to: 'quarantine', domains: ['a.example (production)'] },
      { path: `${P1}.dmarc.policy`, from: 'quarantine', to: 'reject', domains: ['b.example (production)'] },
    ]);
  });
});
