import { expect, test } from 'vitest';
import { mergeLayers } from '../../src/config/merge';

test('a key inherited inside an object that a lower layer merges into keeps its origin', () => {
  const merged = mergeLayers([
    { path: 'defaults', values: { dmarc: { alignment: { spf: 'strict' }, rua: ['a@example.com'] } } },
    { path: 'environments.staging', values: { dmarc: { policy: 'none' } } },
  ]);
  expect(merged.originOf('dmarc.alignment.spf')).toBe('defaults.dmarc.alignment.spf');
  expect(merged.originOf('dmarc.rua')).toBe('defaults.dmarc.rua');
  expect(merged.originOf('dmarc.policy')).toBe('environments.staging.dmarc.policy');
  expect(merged.originOf('dmarc.pct')).toBe('environments.staging.dmarc.pct');
});
