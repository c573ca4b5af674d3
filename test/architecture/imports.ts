/**
 * The import graph of `src/`, read with the TypeScript compiler's parser (never regular
 * expressions over the text): every `import`, `export ... from`, `import()` with a literal
 * and `typeof import(...)`, type-only ones included, since a type is a dependency too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** File -> the files of the tree it imports (paths relative to the tree's root, `/` separators). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** The module specifiers `text` names, in order of appearance. */
export function moduleSpecifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal)) found.push(argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every `.ts` file under `folder`, relative to `root`. */
export function sourceFiles(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.split(sep).join('/')] : [];
  });
}

/**
 * The file of the tree a relative specifier of `from` names: `./x`, `./x.js` (how dynamic
 * imports name the compiled file) and `./x/index` all name a `.ts` file.
 */
function resolveSpecifier(files: ReadonlySet<string>, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = relative('.', join(dirname(from), specifier))
    .split(sep)
    .join('/');
  const stem = base.replace(/\.js$/, '');
  return [`${stem}.ts`, `${stem}/index.ts`].find((candidate) => files.has(candidate));
}

/** The import graph of the `.ts` files under `folder` of `root`. */
export function importGraph(root: string, folder = 'src'): ImportGraph {
  const files = sourceFiles(resolve(root), folder).sort();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = moduleSpecifiers(file, text).map((specifier) => {
      const target = resolveSpecifier(known, file, specifier);
      if (specifier.startsWith('.') && target === undefined) throw new Error(`${file}: cannot resolve ${specifier}`);
      return target;
    });
    graph.set(file, [...new Set(targets.filter((t): t is string => t !== undefined))]);
  }
  return graph;
}

/** The layer of each part of the tree, lowest first: a part is a folder or a file of `src/`. */
export type Layers = readonly (readonly string[])[];

/** The part of `src/` a file belongs to: its first folder, or the file itself at the top. */
export function partOf(file: string): string {
  const [, first, second] = file.split('/');
  return second === undefined ? first! : `${first}/`;
}

/** An import that runs from a lower layer (or a peer) to another part at its level or above. */
export interface LayerViolation {
  readonly from: string;
  readonly to: string;
  readonly fromLayer: number;
  readonly toLayer: number;
}

/**
 * Imports that break the layering: a part may import itself and any part of a lower layer,
 * nothing at its own level or above. A part in no layer is reported too (as layer -1).
 */
export function layerViolations(graph: ImportGraph, layers: Layers): LayerViolation[] {
  const layerOf = new Map<string, number>();
  layers.forEach((parts, index) => parts.forEach((part) => layerOf.set(part, index)));
  const violations: LayerViolation[] = [];
  for (const [from, targets] of graph) {
    const fromPart = partOf(from);
    const fromLayer = layerOf.get(fromPart) ?? -1;
    for (const to of targets) {
      const toPart = partOf(to);
      if (toPart === fromPart) continue;
      const toLayer = layerOf.get(toPart) ?? -1;
      if (fromLayer < 0 || toLayer < 0 || toLayer >= fromLayer) violations.push({ from, to, fromLayer, toLayer });
    }
  }
  return violations;
}

/**
 * Every import cycle between files, as the files of each strongly connected component of
 * more than one file (or a file importing itself), found with Tarjan's algorithm.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  const connect = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const to of graph.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return cycles;
}
