/**
 * Dependencies run one way (issue #18): the import graph of `src/` is walked with the
 * TypeScript parser, and an import from a lower layer to a higher one (or to a peer), or any
 * cycle between files, fails. ARCHITECTURE.md draws the same layers.
 */
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importCycles, importGraph, layerViolations, moduleSpecifiers } from './imports';
import type { ImportGraph, Layers } from './imports';

/**
 * The layers of `src/`, lowest first. A part may import parts of lower layers only; parts of
 * one layer are peers and import none of each other.
 */
const LAYERS: Layers = [
  // Words users read, and the one door to cdktf: they import nothing of ses-dns.
  ['messages/', 'cdktf.ts'],
  // The config (load, schema, resolve, its own rules), and thin Terraform elements.
  ['config/', 'terraform/'],
  // The provider-neutral record plan; what synth owns in an output folder.
  ['records/', 'output/'],
  // SES constructs, and the AWS provider configuration the Route 53 records use too.
  ['ses/'],
  // DNS providers: their data (supports.ts), their constructs, the registry.
  ['providers/'],
  // The check stage: every rule that needs the plan, once.
  ['checks/'],
  // One environment = one stack; the read-only paths beside it.
  ['stacks/', 'report/', 'verify/', 'dmarc/'],
  // adopt reads live DNS through verify's lookups.
  ['adopt/'],
  ['cli/'],
  ['index.ts'],
];

const ROOT = resolve(__dirname, '..', '..');

describe('the import graph of src/', () => {
  const graph = importGraph(ROOT);

  test('is read whole: every file of src/ is in it, with the imports we know of', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/stacks/app.ts')).toEqual(
      expect.arrayContaining(['src/cdktf.ts', 'src/checks/audit.ts', 'src/stacks/environment-stack.ts']),
    );
    // A dynamic import of the compiled name, and a `typeof import()`, are imports too.
    expect(graph.get('src/cli/commands/synth.ts')).toContain('src/stacks/app.ts');
  });

  test('no import runs from a lower layer to a higher one, or between peers', () => {
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });

  test('no import cycle between files', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  test('every part of src/ has a layer', () => {
    const parts = new Set([...graph.keys()].map((f) => f.split('/').slice(1, -1)[0] ?? f.split('/')[1]));
    const placed = new Set(LAYERS.flat().map((p) => p.replace(/\/$/, '')));
    expect([...parts].filter((p) => !placed.has(p!))).toEqual([]);
  });
});

describe('the checks themselves can fail', () => {
  /** A synthetic tree: config at the bottom, records above it, cli on top. */
  const layers: Layers = [['config/'], ['records/'], ['cli/']];
  const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  test('an import from config up to records is a violation; records down to config is not', () => {
    const violations = layerViolations(
      graph({
        'src/config/load.ts': ['src/records/plan.ts', 'src/config/model.ts'],
        'src/config/model.ts': [],
        'src/records/plan.ts': ['src/config/model.ts'],
      }),
      layers,
    );
    expect(violations).toEqual([{ from: 'src/config/load.ts', to: 'src/records/plan.ts', fromLayer: 0, toLayer: 1 }]);
  });

  test('peers of one layer may not import each other, and a part in no layer is reported', () => {
    const peers: Layers = [['config/', 'terraform/']];
    expect(
      layerViolations(graph({ 'src/config/a.ts': ['src/terraform/b.ts'], 'src/terraform/b.ts': [] }), peers),
    ).toHaveLength(1);
    expect(layerViolations(graph({ 'src/config/a.ts': ['src/nowhere/b.ts'], 'src/nowhere/b.ts': [] }), layers)).toEqual(
      [{ from: 'src/config/a.ts', to: 'src/nowhere/b.ts', fromLayer: 0, toLayer: -1 }],
    );
  });

  test('a cycle of three files is found, and so is a file importing itself', () => {
    expect(
      importCycles(
        graph({
          'src/providers/provider.ts': ['src/providers/route53/route53-provider.ts'],
          'src/providers/route53/route53-provider.ts': ['src/providers/registry.ts'],
          'src/providers/registry.ts': ['src/providers/provider.ts'],
          'src/config/model.ts': [],
        }),
      ),
    ).toEqual([
      ['src/providers/provider.ts', 'src/providers/registry.ts', 'src/providers/route53/route53-provider.ts'],
    ]);
    expect(importCycles(graph({ 'src/a.ts': ['src/a.ts'] }))).toEqual([['src/a.ts']]);
  });

  test('the parser finds every form of import, and none in strings or comments', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export * from './c';",
      "export { d } from './d';",
      "const e = await import('./e.js');",
      "type F = typeof import('./f');",
      "import g = require('./g');",
      "// import { h } from './h';",
      'const i = "import { i } from \'./i\'";',
    ].join('\n');
    expect(moduleSpecifiers('x.ts', text)).toEqual(['./a', '../b', './c', './d', './e.js', './f', './g']);
  });
});
