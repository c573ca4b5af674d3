import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { expect, test } from 'vitest';
import '../src/cdktf';

test('archiver, deferred while cdktf loads, still works when an app zips an asset', () => {
  const fromCdktf = createRequire(require.resolve('cdktf'));
  const archiver = fromCdktf(fromCdktf.resolve('archiver', { paths: [dirname(require.resolve('cdktf'))] })) as (
    format: string,
  ) => { pipe: unknown; directory: unknown };
  const archive = archiver('zip');
  expect(typeof archive.pipe).toBe('function');
  expect(typeof archive.directory).toBe('function');
});
