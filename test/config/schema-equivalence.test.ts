/**
 * The config schema written with TypeBox (issue #18, src/config/schema.ts) against the
 * hand-written schema it replaced, kept as main last shipped it in schema-before-typebox.json
 * (after #14 moved its parts into `definitions`; refreshed on purpose by #16, which made
 * `region` a list and added per-region `import:` keys, and by #13, which added the import role
 * `dmarc-report-auth`): the same file, byte for byte, and over
 * every config the repository holds (the bundled example, each example, every test fixture
 * and adopt corpus config) and thousands of fuzzed ones, the same verdict and the same ajv
 * errors, in the same order, so every message a user sees is the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { CONFIG_SCHEMA } from '../../src/config/schema';
import { AJV_OPTIONS } from '../../src/config/structure';
import { REPO_ROOT } from '../safety/dist';
import { RICH_CONFIG } from '../safety/fixtures';

const BEFORE_TEXT = readFileSync(join(__dirname, 'schema-before-typebox.json'), 'utf8');
const BEFORE = JSON.parse(BEFORE_TEXT) as object;
const SHIPPED_TEXT = readFileSync(join(REPO_ROOT, 'schema', 'ses-dns.schema.json'), 'utf8');
const FUZZED = Number(process.env.SCHEMA_FUZZ_RUNS ?? 4000);

function compile(schema: object): ValidateFunction {
  const ajv = new Ajv({ ...AJV_OPTIONS });
  ajv.addVocabulary(['x-allowed', 'x-fix']);
  return ajv.compile(schema);
}

const before = compile(BEFORE);
const after = compile(CONFIG_SCHEMA);

/** What an error says, without the schema objects it carries (equal, but keyed in another order). */
const said = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map(({ keyword, instancePath, schemaPath, params, message, data }) => ({
    keyword,
    instancePath,
    schemaPath,
    params,
    message,
    data,
  }));

/** Every config file of the repository: YAML and JSON configs outside generated output. */
function configFiles(): string[] {
  const found: string[] = [join(REPO_ROOT, 'ses-dns.yaml')];
  for (const top of ['examples', 'test']) {
    for (const entry of readdirSync(join(REPO_ROOT, top), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ya?ml)$/.test(entry.name)) continue;
      const path = join(entry.parentPath, entry.name);
      const value: unknown = parse(readFileSync(path, 'utf8'));
      // Adopt cases and CI workflows are YAML too; a config has environments.
      if (value && typeof value === 'object' && 'environments' in value) found.push(path);
    }
  }
  return found.sort();
}

const FILES = configFiles();

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

const at = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);

/** Values of every kind, and the words and shapes the schema knows, right or wrong. */
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1, 1.5, 59, 60, 86400, 3600, 101, 2 ** 31, '', ' ', [], {}),
  fc.constantFrom('auto', 'none', 'quarantine', 'reject', 'rejct', 'easy', 'byodkim', 'route53', 'cloudflare'),
  fc.constantFrom('s3', 'local', 'cloud', 'softfail', 'fail', 'neutral', 'strict', 'relaxed', 'BOUNCE', 'SEND'),
  fc.constantFrom('example.com', 'Example.com', 'mail', 'mail.example.com.', 'Z0123456789ABCDEFGHIJ', 's1', 'v=spf1'),
  fc.constantFrom({ id: 'Z1' }, { name: 'example.com' }, { id: 'Z1', name: 'x.com' }, { create: true }, { create: 1 }),
  fc.constantFrom(['BOUNCE', 'BOUNCE'], ['0', 'x'], ['a@example.com'], ['mailto:a@example.com!10m'], [{ value: 'x' }]),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.domain(),
);

const key = fc.oneof(
  fc.constantFrom('name', 'type', 'policy', 'polcy', 'dns', 'domains', 'zone', 'keepTxt', 'import', 'account'),
  fc.constantFrom('id', 'create', 'topicArn', 'dimensions', 'events', 'alarms', 'vdm', 'x', '$schema', 'bad name!'),
  fc.string({ maxLength: 8 }),
);

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'copy'; from: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key, value }),
  fc.record({ kind: fc.constant('copy' as const), from: fc.nat(), to: fc.nat() }),
);

/** `base` after `mutations`: each replaces, deletes, adds or copies a value somewhere in it. */
function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredClone(base);
  for (const m of mutations) {
    const all = paths(root);
    const path = all[(m.kind === 'copy' ? m.to : m.at) % all.length]!;
    const replacement = m.kind === 'copy' ? structuredClone(at(root, all[m.from % all.length]!)) : undefined;
    if (path.length === 0) {
      if (m.kind === 'replace') root = structuredClone(m.value);
      continue;
    }
    const parent = at(root, path.slice(0, -1)) as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (m.kind === 'replace') parent[last] = structuredClone(m.value);
    else if (m.kind === 'copy') parent[last] = replacement;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else {
      const target = parent[last];
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        const added = structuredClone(m.value);
        Object.defineProperty(target, m.key, { value: added, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return root;
}

const BASES: unknown[] = [RICH_CONFIG, ...FILES.map((f) => parse(readFileSync(f, 'utf8')) as unknown)];

function expectSameVerdict(config: unknown, name: string): boolean {
  const valid = before(config);
  if (name.startsWith('fuzzed config 1')) process.stdout.write(valid ? 'V' : 'x');
  expect(after(config), `${name}: verdict`).toBe(valid);
  expect(said(after.errors), `${name}: errors`).toEqual(said(before.errors));
  return valid;
}

describe('the TypeBox config schema and the schema it replaced', () => {
  test('are the same JSON value, with properties and definitions in the same order', () => {
    expect(CONFIG_SCHEMA).toEqual(BEFORE);
    const orders = (schema: unknown, path = ''): string[] => {
      if (!schema || typeof schema !== 'object') return [];
      const here = /\.(properties|definitions)$/.test(path) ? [`${path}: ${Object.keys(schema).join(',')}`] : [];
      return [...here, ...Object.entries(schema).flatMap(([k, v]) => orders(v, `${path}.${k}`))];
    };
    expect(orders(CONFIG_SCHEMA).sort()).toEqual(orders(BEFORE).sort());
    // The parts #14 moved into definitions, each referred to rather than repeated.
    expect(Object.keys(CONFIG_SCHEMA.definitions as object)).toEqual([
      'environment',
      'domain',
      'dns',
      'backend',
      'account',
      'region',
      'ttl',
      'dkim',
      'mailFrom',
      'dmarc',
      'spf',
      'tracking',
      'configurationSet',
    ]);
  });

  test('are the same file, byte for byte, as the package ships it', () => {
    expect(`${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`).toBe(BEFORE_TEXT);
    expect(SHIPPED_TEXT).toBe(BEFORE_TEXT);
  });

  test('find the repository configs, valid and invalid ones', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(25);
    const verdicts = FILES.map((file) =>
      expectSameVerdict(parse(readFileSync(file, 'utf8')), relative(REPO_ROOT, file)),
    );
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  test(`give the same verdict and errors on ${FUZZED} fuzzed configs`, () => {
    const cases = fc.sample(
      fc.tuple(fc.nat({ max: BASES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 })),
      { numRuns: FUZZED, seed: 18 },
    );
    let valid = 0;
    cases.forEach(([base, mutations], i) => {
      if (expectSameVerdict(mutate(BASES[base], mutations), `fuzzed config ${i}`)) valid++;
    });
    // Both kinds, in numbers: a corpus of only broken configs would prove little.
    expect(valid).toBeGreaterThan(FUZZED / 10);
    expect(FUZZED - valid).toBeGreaterThan(FUZZED / 10);
  });
});
