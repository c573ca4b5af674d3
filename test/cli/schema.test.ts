import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CONFIG_SCHEMA } from '../../src/config/schema';
import { ROOT, run } from './run';

test('ses-dns schema prints the schema the validator uses', async () => {
  const result = await run('schema');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual(CONFIG_SCHEMA);
});

test('schema/ses-dns.schema.json has not drifted from CONFIG_SCHEMA (fix: npm run schema:update)', () => {
  const committed = readFileSync(join(ROOT, 'schema', 'ses-dns.schema.json'), 'utf8');
  expect(committed).toBe(`${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
});

test('the YAML configs point editors at the schema', () => {
  expect(readFileSync(join(ROOT, 'ses-dns.yaml'), 'utf8').split('\n')[0]).toBe(
    '# yaml-language-server: $schema=./schema/ses-dns.schema.json',
  );
  expect(readFileSync(join(ROOT, 'templates', 'init', 'ses-dns.yaml.hbs'), 'utf8').split('\n')[0]).toBe(
    '# yaml-language-server: $schema=./node_modules/ses-dns/schema/ses-dns.schema.json',
  );
});
