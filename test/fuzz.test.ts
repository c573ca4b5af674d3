/**
 * Hostile input (issue #6): thousands of generated and mutated configs (wrong types,
 * missing and unknown keys, huge and unicode strings, deep nesting, broken YAML and JSON).
 * The CLI must always end with exit 0 or 2; on 2 it names the file and a config path,
 * never prints a stack trace, and leaves the previous output untouched. A user's file in
 * the output folder survives every run, whatever it ends with (issue #12).
 *
 * Runs the compiled CLI in-process (fast), then a few runs of the real bin.
 * FUZZ_RUNS=<n> scales the in-process runs; failures print a seed to replay.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, load_, REPO_ROOT } from './safety/dist';
import { RICH_CONFIG } from './safety/fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** Valid configs synthesize in ~0.4 s each; past this many, they are only loaded and validated. */
/** Time for one test: generous, since a loaded CI machine runs a config in up to ~60 ms. */
const TIMEOUT = Math.max(120_000, RUNS * 100);
const MAX_SYNTHS = Number(process.env.FUZZ_MAX_SYNTHS ?? 25);
const work = mkdtempSync(join(tmpdir(), 'ses-dns-fuzz-'));
const outdir = join(work, 'out');
const SENTINEL = join(outdir, 'previous-output.txt');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const stats = { runs: 0, exit0: 0, exit2: 0, validOnly: 0 };

const BASES: unknown[] = [
  RICH_CONFIG,
  {
    defaults: { region: 'eu-west-1', dmarc: { policy: 'reject', rua: ['a@example.com'] } },
    environments: { prod: { dns: { provider: 'route53' }, domains: [{ name: 'example.com', spf: {} }] } },
  },
];

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  return out;
}

function deepNest(depth: number, leaf: unknown, asList: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asList ? [value] : { k: value };
  return value;
}

/** Values that do not belong anywhere, or only barely. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -0, '', ' ', 'auto', 'none', 'route53', '__proto__'),
  fc.constantFrom('v=spf1 -all', 'v=DMARC1; p=reject', 'Z123_example.com_TXT', '@', '../../etc/passwd', 'C:\\x'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'é'.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'a'.repeat(n)),
  fc.domain(),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.domain()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.boolean()), { maxKeys: 3 }),
  fc.tuple(fc.integer({ min: 1, max: 300 }), fc.boolean()).map(([d, asList]) => deepNest(d, 'x', asList)),
);

const keyName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'keepTxt', 'import', 'preventDestroy', 'name', 'toString', ''),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostile }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: keyName, value: hostile }),
);

function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredClone(base);
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.at % all.length]!;
    if (path.length === 0) {
      if (m.kind === 'replace') root = m.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as
      Record<string | number, unknown> | unknown[];
    const key = path[path.length - 1]!;
    if (m.kind === 'replace') (parent as Record<string | number, unknown>)[key] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, unknown>)[key];
    } else {
      const target = (parent as Record<string | number, unknown>)[key];
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return root;
}

/** How a config reaches the disk: YAML, JSON, or text that was broken on the way. */
type Encoding = { format: 'yaml' | 'json'; damage?: { at: number; insert: string; cut: boolean } };

const encoding: fc.Arbitrary<Encoding> = fc.record(
  {
    format: fc.constantFrom('yaml' as const, 'json' as const),
    damage: fc.record({
      at: fc.nat(),
      insert: fc.oneof(
        fc.constantFrom(':', '- ', '\t', '{', '[', '"', "'", '&a', '*a', '!!js/function', '\u0000', '\n  ', '---\n'),
        fc.string({ unit: 'grapheme', maxLength: 5 }),
      ),
      cut: fc.boolean(),
    }),
  },
  { requiredKeys: ['format'] },
);

function encode(config: unknown, enc: Encoding): string {
  let text: string;
  try {
    text =
      enc.format === 'json'
        ? (JSON.stringify(config, null, 2) ?? 'null')
        : stringify(config, { aliasDuplicateObjects: false });
  } catch {
    text = String(config);
  }
  if (enc.damage) {
    const at = enc.damage.at % (text.length + 1);
    text = text.slice(0, at) + enc.damage.insert + (enc.damage.cut ? '' : text.slice(at));
  }
  return text;
}

/** Texts that are hostile as files, not as values. */
const brokenText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '---',
    'environments:',
    'environments: [',
    'a: &a [*a]',
    `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]`,
    'environments: !!binary aGVsbG8=',
    'key: value\nkey: duplicate',
    '\uFEFFenvironments: {}',
    '[1, 2, 3]',
    'defaults: &d\n  region: eu-west-1\n  dmarc: *d\nenvironments: {p: {dns: {provider: route53}, domains: [{name: example.com, dmarc: *d}]}}',
    'environments: {p: {dns: {provider: route53}, domains: [{name: example.com, spf: &s {include: [a.com], x: *s}}]}}',
    'environments: &e {p: {dns: {provider: route53}, domains: [{name: example.com}], dmarc: *e}}',
    '"just a string"',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `${'- '.repeat(3000)}x`,
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Whether `file` is a valid config; anything thrown but a ConfigError is a crash. */
function isValid(file: string): boolean {
  try {
    load_.loadConfig(file);
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConfigError') return false;
    throw error;
  }
}

/** Runs the CLI on `file`, or only validates it once enough valid configs were synthesized. */
async function tryConfig(file: string) {
  if (stats.exit0 >= MAX_SYNTHS && isValid(file)) {
    stats.runs++;
    stats.validOnly++;
    return;
  }
  checkResult(await run(file), file);
}

async function run(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli.main(['synth', '-c', file, '-o', outdir], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A previous output to compare with: the rich config's stacks and a user's file beside them. */
async function writePreviousOutput() {
  const file = join(work, 'previous.yaml');
  writeFileSync(file, stringify(RICH_CONFIG));
  expect((await run(file)).code).toBe(0);
  writeFileSync(SENTINEL, 'previous');
}

function checkResult(result: { code: number; err: string }, file: string) {
  stats.runs++;
  expect([0, 2], result.err).toContain(result.code);
  expect(result.err).not.toContain('internal error');
  expect(result.err).not.toMatch(/^\s+at /m);
  if (result.code === 2) {
    stats.exit2++;
    expect(result.err).toContain(file);
    expect(result.err).toContain('nothing was written');
    // The previous output is untouched.
    expect(readFileSync(join(outdir, 'manifest.json'), 'utf8')).toBe(previousManifest);
  } else {
    stats.exit0++;
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
    previousManifest = readFileSync(join(outdir, 'manifest.json'), 'utf8');
  }
  // The user's file is never touched, and no staging folder is left behind.
  expect(readFileSync(SENTINEL, 'utf8')).toBe('previous');
  expect(readdirSync(outdir).filter((f) => f.includes('ses-dns'))).toEqual([]);
}

let previousManifest = '';

describe('hostile configs never crash the CLI', () => {
  beforeAll(async () => {
    await writePreviousOutput();
    previousManifest = readFileSync(join(outdir, 'manifest.json'), 'utf8');
  });

  test(
    `mutated configs, YAML and JSON, some of them broken (${Math.floor(RUNS * 0.8)} runs)`,
    async () => {
      const file = (ext: string) => join(work, `config.${ext}`);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...BASES.keys()),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          encoding,
          async (base, mutations, enc) => {
            const path = file(enc.format);
            writeFileSync(path, encode(mutate(BASES[base], mutations), enc));
            await tryConfig(path);
          },
        ),
        { numRuns: Math.floor(RUNS * 0.8) },
      );
    },
    TIMEOUT,
  );

  test(
    `broken and binary files (${Math.floor(RUNS * 0.2)} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(brokenText, fc.constantFrom('yaml', 'json', 'yml'), async (text, ext) => {
          const path = join(work, `broken.${ext}`);
          writeFileSync(path, text);
          await tryConfig(path);
        }),
        { numRuns: Math.floor(RUNS * 0.2) },
      );
    },
    TIMEOUT,
  );

  test('the real bin: exit 0 or 2 and no stack trace (12 runs)', () => {
    const bin = join(REPO_ROOT, 'bin', 'ses-dns.js');
    const samples = fc.sample(
      fc.tuple(fc.constantFrom(...BASES.keys()), fc.array(mutation, { minLength: 1, maxLength: 3 }), encoding),
      { numRuns: 10, seed: 6 },
    );
    const texts = [...samples.map(([b, m, e]) => encode(mutate(BASES[b], m), e)), 'a: &a [*a]', ''];
    for (const [index, text] of texts.entries()) {
      const path = join(work, `bin-${index}.yaml`);
      writeFileSync(path, text);
      const result = spawnSync(process.execPath, [bin, 'synth', '-c', path, '-o', join(work, 'bin-out')], {
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      });
      expect([0, 2], result.stderr).toContain(result.status);
      expect(result.stderr).not.toContain('internal error');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      if (result.status === 2) expect(result.stderr).toContain(path);
    }
    rmSync(join(work, 'bin-out'), { recursive: true, force: true });
  });

  afterAll(() => {
    // The numbers the issue asks for: how many configs were tried, and how they ended.
    console.log(
      `fuzz: ${stats.runs} configs in-process: ${stats.exit0} synthesized, ${stats.validOnly} more valid (validated only), ${stats.exit2} refused with exit 2`,
    );
  });
});
