/**
 * Editing a config file in place: a list of small edits (set a key, add an item to a list)
 * applied to the text so that everything the edits do not touch stays byte for byte as the
 * user wrote it, comments and layout included. YAML is edited through the `yaml` package's
 * parsed document, which knows where each node sits in the source: a new key is inserted
 * as lines at the end of the block mapping that receives it, a changed value replaces only
 * that value's characters, and a flow collection (`{ ... }`, `[ ... ]`) that receives a key
 * is rewritten alone, in the same flow style. JSON is rewritten with its own indentation.
 *
 * Every edited text is parsed again and compared with the edits applied to the plain value:
 * a mismatch (a YAML shape this module does not handle) is an error, never a wrong file.
 * The file is replaced atomically (a temporary file beside it, then a rename).
 * @see https://eemeli.org/yaml/#documents
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isAlias, isMap, isScalar, isSeq, parseDocument, stringify, visit } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';

/** A key of a mapping or an index of a list. */
export type ConfigPathSegment = string | number;

/**
 * One edit: `set` puts `value` at `path` (creating the mappings on the way); `append` adds
 * `value` to the list at `path` (creating it), unless an equal item is there already.
 */
export type ConfigEdit =
  | { readonly op: 'set'; readonly path: readonly ConfigPathSegment[]; readonly value: unknown }
  | { readonly op: 'append'; readonly path: readonly ConfigPathSegment[]; readonly value: unknown };

/** The config formats that can be edited; TypeScript configs are code and cannot. */
export type EditableFormat = 'yaml' | 'json';

/** An edit that cannot be made to this file (an alias on the path, a value of the wrong kind). */
export class ConfigEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigEditError';
  }
}

/** The editable format of a config file, or undefined for a code config. */
export function editableFormatOf(file: string): EditableFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  return undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `edits` applied to a deep copy of the plain value `raw`. */
export function applyEditsToValue(raw: unknown, edits: readonly ConfigEdit[]): unknown {
  const root = structuredClone(raw);
  for (const edit of edits) applyOne(root, edit);
  return root;
}

function applyOne(root: unknown, edit: ConfigEdit): void {
  let node: unknown = root;
  const path = edit.path;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const container = node as Obj & unknown[];
    if (container[key as never] === undefined || container[key as never] === null) {
      if (typeof key === 'number') throw new ConfigEditError(`no item ${key} at ${describe(path.slice(0, i))}`);
      (container as Obj)[key] = {};
    }
    node = container[key as never];
    if (typeof node !== 'object' || node === null) {
      throw new ConfigEditError(`${describe(path.slice(0, i + 1))} is not a mapping`);
    }
  }
  const last = path[path.length - 1]!;
  const parent = node as Obj;
  if (edit.op === 'set') {
    parent[last as string] = structuredClone(edit.value);
    return;
  }
  const list = parent[last as string];
  if (list === undefined || list === null) parent[last as string] = [structuredClone(edit.value)];
  else if (!Array.isArray(list)) throw new ConfigEditError(`${describe(path)} is not a list`);
  else if (!list.some((item) => isDeepStrictEqual(item, edit.value))) list.push(structuredClone(edit.value));
}

function describe(path: readonly ConfigPathSegment[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '') || 'the top';
}

/**
 * `text` (a YAML or JSON config) with `edits` applied. YAML keeps every byte the edits do
 * not reach.
 * @throws ConfigEditError when an edit cannot be made, or the result would not mean what
 *   the edits say
 */
export function editConfigText(text: string, format: EditableFormat, edits: readonly ConfigEdit[]): string {
  if (format === 'json') return editJson(text, edits);
  let current = text;
  for (const edit of edits) current = editYaml(current, edit);
  const expected = applyEditsToValue(parseYaml(text).toJS(), edits);
  const got = parseYaml(current).toJS() as unknown;
  if (!isDeepStrictEqual(got, expected)) {
    throw new ConfigEditError('the edited YAML would not mean what the edits say; apply them by hand');
  }
  return current;
}

function editJson(text: string, edits: readonly ConfigEdit[]): string {
  const value = applyEditsToValue(JSON.parse(text) as unknown, edits);
  const indent = /^\{\s*\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return `${JSON.stringify(value, null, indent)}\n`;
}

function parseYaml(text: string) {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new ConfigEditError(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  return doc;
}

/** One edit on the YAML text: find the deepest node of the path that exists, then splice. */
function editYaml(text: string, edit: ConfigEdit): string {
  const doc = parseYaml(text);
  let node: unknown = doc.contents;
  let depth = 0;
  for (; depth < edit.path.length; depth++) {
    if (isAlias(node)) throw new ConfigEditError(`${describe(edit.path.slice(0, depth))} is an alias (*name)`);
    const key = edit.path[depth]!;
    const child = isMap(node)
      ? node.get(key, true)
      : isSeq(node) && typeof key === 'number'
        ? node.get(key, true)
        : undefined;
    if (child === undefined) break;
    node = child;
    if (isScalar(child) && child.value === null && depth < edit.path.length - 1) {
      // `key:` with nothing after it: the whole value below it is written in its place.
      const keys = edit.path.slice(depth + 1);
      if (keys.some((k) => typeof k === 'number')) throw new ConfigEditError(`no item at ${describe(edit.path)}`);
      const value = nest(keys as string[], edit.op === 'append' ? [edit.value] : edit.value);
      return replaceNull(text, child as Node, value, edit.path);
    }
  }
  if (isAlias(node)) throw new ConfigEditError(`${describe(edit.path.slice(0, depth))} is an alias (*name)`);
  const rest = edit.path.slice(depth);
  if (rest.length === 0) {
    if (isScalar(node) && node.value === null) {
      return replaceNull(text, node as Node, edit.op === 'append' ? [edit.value] : edit.value, edit.path);
    }
    return replaceExisting(text, doc, node as Node, edit);
  }
  if (!isMap(node)) throw new ConfigEditError(`${describe(edit.path.slice(0, depth))} is not a mapping`);
  if (rest.some((k) => typeof k === 'number')) throw new ConfigEditError(`no item at ${describe(edit.path)}`);
  const value = nest(rest.slice(1) as string[], edit.op === 'append' ? [edit.value] : edit.value);
  return insertKey(text, doc, node, rest[0] as string, value);
}

/** An empty value (`key:` with nothing after it, or `~`) replaced by `value` in flow style. */
function replaceNull(text: string, node: Node, value: unknown, path: readonly ConfigPathSegment[]): string {
  const range = node.range;
  if (!range) throw new ConfigEditError(`${describe(path)} has no place in the source`);
  const rendered = isObj(value) || Array.isArray(value) ? renderFlow(value, true) : renderScalar(value);
  const glue = text[range[0] - 1] === ':' ? ' ' : '';
  return splice(text, range[0], range[1], glue + rendered);
}

/** `{ a: { b: value } }` for keys [a, b]. */
function nest(keys: readonly string[], value: unknown): unknown {
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

/** The value at an existing node replaced, or an item added to an existing list. */
function replaceExisting(text: string, doc: Document, node: Node, edit: ConfigEdit): string {
  const range = node.range;
  if (!range) throw new ConfigEditError(`${describe(edit.path)} has no place in the source`);
  if (edit.op === 'set') {
    if (isCollection(node) && !node.flow) {
      // A block collection starts on its own line: the new value is written there, in block
      // style at the same column (a scalar too: `key:` then the value on the next line).
      const column = columnOf(text, range[0]);
      const lines =
        isObj(edit.value) || Array.isArray(edit.value) ? renderBlock(edit.value) : [renderScalar(edit.value)];
      let end = range[1];
      while (end > range[0] && /\s/.test(text[end - 1]!)) end--;
      return splice(text, range[0], end, lines.join(`\n${' '.repeat(column)}`));
    }
    const rendered = isCollection(node) ? renderFlow(edit.value, hasPadding(text, range)) : renderScalar(edit.value);
    return splice(text, range[0], range[1], rendered);
  }
  if (!isSeq(node)) throw new ConfigEditError(`${describe(edit.path)} is not a list`);
  const items = node.toJS(doc) as unknown[];
  if (items.some((item) => isDeepStrictEqual(item, edit.value))) return text;
  if (node.flow) return splice(text, range[0], range[1], renderFlow([...items, edit.value], hasPadding(text, range)));
  // A block list: one more `- item` line after its last item, at the same column.
  const first = (node.items[0] as Node | undefined)?.range;
  const column = first ? columnOf(text, first[0]) - 2 : columnOf(text, range[0]);
  const at = lineEnd(text, range[1]);
  const lines = renderBlock([edit.value]).map((line) => ' '.repeat(Math.max(0, column)) + line);
  return insertLines(text, at, lines);
}

/** A new key (with everything below it) added to an existing mapping. */
function insertKey(text: string, doc: Document, map: YAMLMap, key: string, value: unknown): string {
  const range = map.range;
  if (!range) throw new ConfigEditError(`the mapping that receives ${key} has no place in the source`);
  if (map.flow || map.items.length === 0) {
    const current = (map.toJS(doc) as Obj | null) ?? {};
    return splice(text, range[0], range[1], renderFlow({ ...current, [key]: value }, hasPadding(text, range)));
  }
  const firstKey = (map.items[0]!.key as Node).range!;
  const column = columnOf(text, firstKey[0]);
  const at = lineEnd(text, range[1]);
  const lines = renderBlock({ [key]: value }).map((line) => ' '.repeat(column) + line);
  return insertLines(text, at, lines);
}

function isCollection(node: unknown): node is YAMLMap | YAMLSeq {
  return isMap(node) || isSeq(node);
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** The offset just past the end of the line holding offset `at` (or the text's end). */
function lineEnd(text: string, at: number): number {
  const probe = Math.max(at - 1, 0);
  const newline = text.indexOf('\n', probe);
  return newline < 0 ? text.length : newline + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function insertLines(text: string, at: number, lines: readonly string[]): string {
  const before = text.slice(0, at);
  const glue = before.length > 0 && !before.endsWith('\n') ? '\n' : '';
  return `${before}${glue}${lines.join('\n')}\n${text.slice(at)}`;
}

/** Whether the flow collection at `range` is written with spaces inside its brackets. */
function hasPadding(text: string, range: readonly number[]): boolean {
  const inner = text.slice(range[0]! + 1, range[1]! - 1);
  return inner.length === 0 ? true : inner.startsWith(' ');
}

/** A scalar as YAML writes it (quoted only when it must be). */
function renderScalar(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/**
 * A value in flow style: mappings `{ a: b }` (padded as the collection it replaces was) and
 * lists `[a, b]`, the way the configs of this project are written.
 */
function renderFlow(value: unknown, pad: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => renderFlow(v, pad)).join(', ')}]`;
  if (isObj(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v, pad)}`);
    if (entries.length === 0) return '{}';
    return pad ? `{ ${entries.join(', ')} }` : `{${entries.join(', ')}}`;
  }
  const scalar = renderScalar(value);
  // Inside a flow collection `,` `[` `]` `{` `}` end a plain scalar: quote those.
  return /[,[\]{}]/.test(scalar) && !/^["']/.test(scalar) ? JSON.stringify(value) : scalar;
}

/** A value in block style, as lines without indentation; short lists of scalars stay on one line. */
function renderBlock(value: unknown): string[] {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, seq) {
      const scalars = seq.items.every((item) => isScalar(item));
      const short =
        seq.items.reduce<number>((n, item) => n + String((item as { value?: unknown }).value).length + 2, 0) <= 60;
      if (seq !== doc.contents && scalars && short) seq.flow = true;
    },
  });
  return doc
    .toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false })
    .replace(/\n$/, '')
    .split('\n');
}

/**
 * Replaces `file` with `text` atomically: a temporary file in the same folder, flushed to
 * disk, then renamed over it, so a reader sees the old or the new config, never half of
 * one. The file's mode is kept; a symlink is followed and its target replaced.
 */
export function writeFileAtomically(file: string, text: string): void {
  const target = realpathSync(file);
  const mode = statSync(target).mode & 0o7777;
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
