/**
 * The config validator that `npm run build` precompiles (scripts/precompile-schema.js) must
 * report exactly what the run-time compiled one reports, and must be ignored once stale.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { schemaText } from '../src/config/schema-file';
import { compileValidator } from '../src/config/structure';

const PRECOMPILED = join(__dirname, '..', 'dist', 'config', 'schema-validator.js');
const example = parse(readFileSync(join(__dirname, '..', 'ses-dns.yaml'), 'utf8')) as Record<string, unknown>;

const bad: [string, unknown][] = [
  ['the bundled example (valid)', example],
  ['not an object', 42],
  ['no environments', {}],
  [
    'wrong types and unknown keys everywhere',
    {
      defaults: { region: 7, ttl: 'soon', dkim: { type: 'hard' }, dmarc: { policy: 'rejct', pct: 101 }, colour: 1 },
      environments: {
        production: {
          dns: { provider: 'route54' },
          backend: { type: 's3' },
          domains: [{ name: 'Example..com', mailFrom: { subdomain: '' }, tracking: true }, 'x'],
        },
        'bad name!': { dns: {}, domains: {} },
      },
    },
  ],
];

describe('precompiled config validator', () => {
  test('was built with the current schema', () => {
    expect(existsSync(PRECOMPILED), 'run npm run build first').toBe(true);
    const module = require(PRECOMPILED) as { schemaText: string };
    expect(module.schemaText).toBe(schemaText());
  });

  test.each(bad)('reports what the run-time validator reports: %s', (_name, raw) => {
    const precompiled = (require(PRECOMPILED) as { default: ReturnType<typeof compileValidator> }).default;
    const runtime = compileValidator();
    expect(precompiled(raw)).toBe(runtime(raw));
    expect(JSON.stringify(precompiled.errors)).toBe(JSON.stringify(runtime.errors));
  });
});
