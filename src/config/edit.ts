/**
 * Editing a user's config file in place: set values and append list items at config paths,
 * keep everything else (comments, key order, quoting, flow or block style, blank lines)
 * byte for byte, and write the result atomically. Used by `ses-dns dmarc --apply` and
 * `ses-dns adopt --write`.
 *
 * - YAML: the `yaml` package's concrete syntax tree. A scalar that exists is rewritten in
 *   place (`CST.setScalarValue`, keeping its quoting); a missing key is inserted as new
 *   lines at the map's indentation (block maps) or as `, key: value` (flow maps); a list
 *   item is appended the same way; an empty value (`key:`) is filled in flow style; a block
 *   collection set whole is rewritten in block style at its column. Only the edited span of
 *   the file changes. An alias (`*name`) on the path is refused, never followed.
 * - JSON: jsonc-parser's `modify`, which keeps the file's indentation and key order.
 * - TypeScript (`ses-dns.config.ts`): code, not data; never edited ({@link ConfigEditError}).
 *   Commands that propose edits to such a config compute them on the loaded value with
 *   {@link applyEditsToValue} and ask the user to make them by hand.
 *
 * Every edit is checked by parsing the result again: the new document must equal the old
 * one with the edit applied by {@link applyEditsToValue}, or nothing is written. An edit
 * that changes nothing (an item already in its list, a value already set) leaves the text
 * as it is.
 *
 * @example
 * const text = readFileSync(file, 'utf8');
 * const next = editConfigText(text, configFormat(file), [
 *   { path: 'environments.production.dmarc.policy', value: 'quarantine' },
 *   { op: 'append', path: 'environments.production.domains[0].keepTxt', value: 'MS=ms1234' },
 * ]);
 * writeConfigAtomically(file, next, text);
 * @see https://eemeli.org/yaml/#concrete-syntax-tree
 * @see https://github.com/microsoft/node-jsonc-parser#readme
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { applyEdits, modify } from 'jsonc-parser';
import { CST, Composer, Document, Parser, isAlias, isMap, isScalar, isSeq, parse, stringify, visit } from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap, YAMLSeq } from 'yaml';

/** One change to a config. */
export interface ConfigEdit {
  /** A config path as ses-dns prints it: `environments.production.domains[0].dmarc.policy`. */
  readonly path: string;
  /** A JSON-compatible value (string, number, boolean, list, object). */
  readonly value: unknown;
  /**
   * `set` puts `value` at `path`, creating the maps on the way (an index equal to a list's
   * length appends); `append` adds `value` to the list at `path`, creating the list, unless
   * an equal item is in it already.
   * @default 'set'
   */
  readonly op?: 'set' | 'append';
}

/** How a config file is written, by its extension. */
export type ConfigFormat = 'yaml' | 'json' | 'code';

/** A path segment: a key of a map or an index of a list. */
type Segment = string | number;

/** An edit that cannot be made safely; nothing was written. */
export class ConfigEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigEditError';
  }
}

/** The format of a config file, by its extension (`.ts` and `.js` are code). */
export function configFormat(file: string): ConfigFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return 'code';
}

/** Path segments of a config path: `domains[0].dmarc` -> `['domains', 0, 'dmarc']`. */
export function parseConfigPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match || (match[1] === '' && match[2] === '')) throw new ConfigEditError(`"${path}" is not a config path`);
    if (match[1]) segments.push(match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** A config path of segments, as ses-dns prints it (`(top level)` for none). */
function formatPath(segments: readonly Segment[]): string {
  const path = segments.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
  return path || '(top level)';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a value is, in the words of an error message. */
function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'a list' : isObj(value) ? 'a map' : 'not a map';
}

function refusal(edit: ConfigEdit, reason: string): ConfigEditError {
  const verb = edit.op === 'append' ? 'append to' : 'set';
  return new ConfigEditError(`cannot ${verb} ${edit.path}: ${reason}; make the change by hand`);
}

/**
 * `root` (a config as loaded: plain objects, lists and scalars) with every edit applied,
 * in order. `root` is not changed: the maps and lists on each edit's path are copied.
 * @throws ConfigEditError when a path runs through a value of the wrong kind (a scalar, a
 *   list by name, a map by index), or `append` meets a value that is not a list
 */
export function applyEditsToValue(root: unknown, edits: readonly ConfigEdit[]): unknown {
  return edits.reduce((value, edit) => applyEdit(value, edit), root);
}

function applyEdit(root: unknown, edit: ConfigEdit): unknown {
  const segments = parseConfigPath(edit.path);
  const at = (depth: number) => formatPath(segments.slice(0, depth));
  const step = (node: unknown, depth: number): unknown => {
    if (depth === segments.length) {
      if (edit.op !== 'append') return structuredClone(edit.value);
      if (node === undefined || node === null) return [structuredClone(edit.value)];
      if (!Array.isArray(node)) throw refusal(edit, `it is ${kindOf(node)}, not a list`);
      return node.some((item) => isDeepStrictEqual(item, edit.value)) ? node : [...node, structuredClone(edit.value)];
    }
    const key = segments[depth]!;
    if (Array.isArray(node)) {
      if (typeof key !== 'number') throw refusal(edit, `${at(depth)} is a list there`);
      if (key > node.length) throw refusal(edit, `${at(depth)} has ${node.length} items`);
      const copy = [...node];
      copy[key] = step(node[key], depth + 1);
      return copy;
    }
    if (node === undefined || node === null) {
      if (typeof key === 'number') throw refusal(edit, `there is no list at ${at(depth)}`);
      return { [key]: step(undefined, depth + 1) };
    }
    if (!isObj(node) || typeof key === 'number') throw refusal(edit, `${at(depth)} is ${kindOf(node)} there`);
    return { ...node, [key]: step(node[key], depth + 1) };
  };
  return step(root, 0);
}

/**
 * `text` with every edit applied, in order.
 * @throws ConfigEditError when an edit cannot be made safely (a code config, a path through
 *   a value of the wrong kind or an alias, a multi-document YAML file, a result that would
 *   not mean what the edits say)
 */
export function editConfigText(text: string, format: ConfigFormat, edits: readonly ConfigEdit[]): string {
  if (format === 'code') {
    throw new ConfigEditError(
      'is TypeScript: ses-dns cannot edit code safely; make the change by hand, or keep the config in ses-dns.yaml',
    );
  }
  const parseText = format === 'json' ? parseJson : parseYaml;
  let result = text;
  for (const edit of edits) {
    const segments = parseConfigPath(edit.path);
    const before = parseText(result);
    const expected = applyEditsToValue(before, [edit]);
    if (isDeepStrictEqual(expected, before)) continue;
    result = format === 'json' ? editJson(result, segments, edit, before) : editYaml(result, segments, edit);
    if (!isDeepStrictEqual(parseText(result), expected)) {
      throw refusal(edit, 'the edited file would not mean what the edit says');
    }
  }
  return result;
}

/**
 * Replaces `file` with `text` atomically: a temporary file beside it, flushed to disk, then
 * renamed over it, so a reader sees the old or the new config, never half of one. The
 * file's permissions are kept exactly (not narrowed by the umask); a symlinked config is
 * written at its target and the link stays.
 * @param expected the text the edit was based on: if the file changed since, nothing is written
 * @throws ConfigEditError when the file changed since it was read
 */
export function writeConfigAtomically(file: string, text: string, expected?: string): void {
  const target = realpathSync(file);
  if (expected !== undefined && readFileSync(target, 'utf8') !== expected) {
    throw new ConfigEditError('changed while ses-dns was reading it; run the command again');
  }
  const mode = statSync(target).mode & 0o777;
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', mode);
    try {
      fchmodSync(fd, mode);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigEditError(`is not valid JSON: ${(error as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  return yamlDocument(text).doc.toJS() as unknown;
}

/**
 * One edit of a JSON text. The value written is the edited value at the first path prefix
 * that is empty (`null` or missing), so `"import": null` becomes a map; an item appended to
 * a list that exists is inserted after its last item (jsonc-parser's index -1).
 */
function editJson(text: string, segments: Segment[], edit: ConfigEdit, before: unknown): string {
  let path = segments;
  let value: unknown = edit.value;
  let node = before;
  for (let depth = 0; depth <= segments.length; depth++) {
    if (node === null || node === undefined || depth === segments.length) {
      path = segments.slice(0, depth);
      value = valueAt(applyEditsToValue(before, [edit]), path);
      break;
    }
    node = (node as Record<Segment, unknown>)[segments[depth]!];
  }
  if (edit.op === 'append' && Array.isArray(node)) {
    path = [...segments, -1];
    value = edit.value;
  }
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  try {
    const edits = modify(text, path, value, {
      formattingOptions: {
        insertSpaces: !indent.startsWith('\t'),
        tabSize: indent.startsWith('\t') ? 1 : indent.length,
        eol: text.includes('\r\n') ? '\r\n' : '\n',
      },
    });
    return applyEdits(text, edits);
  } catch (error) {
    throw refusal(edit, (error as Error).message);
  }
}

function valueAt(root: unknown, segments: readonly Segment[]): unknown {
  return segments.reduce<unknown>((node, key) => (node as Record<Segment, unknown>)[key], root);
}

function yamlDocument(text: string) {
  const tokens = [...new Parser().parse(text)];
  const docs = [...new Composer({ keepSourceTokens: true }).compose(tokens)];
  if (docs.length !== 1)
    throw new ConfigEditError('holds several YAML documents: ses-dns edits single-document files only');
  const doc = docs[0]!;
  if (doc.errors.length > 0) throw new ConfigEditError(`is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  return { tokens, doc };
}

function isScalarValue(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** A scalar with no source at all (`key:` and nothing after it). */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1];
}

function isCollection(node: unknown): node is YAMLMap | YAMLSeq {
  return isMap(node) || isSeq(node);
}

/**
 * The deepest node on the path that exists, how deep it is, and whether it sits inside a
 * flow collection. An alias is refused: editing through it would change what it points at.
 */
function locate(contents: unknown, segments: readonly Segment[], edit: ConfigEdit) {
  let node = contents;
  let inFlow = false;
  let depth = 0;
  for (; ; depth++) {
    if (isAlias(node)) {
      throw refusal(
        edit,
        `${formatPath(segments.slice(0, depth))} is an alias (*${node.source}): editing through it would change &${node.source}`,
      );
    }
    if (depth === segments.length) break;
    const key = segments[depth]!;
    const child = isMap(node) || (isSeq(node) && typeof key === 'number') ? node.get(key, true) : undefined;
    if (child === undefined || child === null) break;
    if (isCollection(node) && node.flow) inFlow = true;
    node = child;
  }
  return { node: node as YamlNode | null, depth, inFlow };
}

function editYaml(text: string, segments: Segment[], edit: ConfigEdit): string {
  const { tokens, doc } = yamlDocument(text);
  if (doc.contents === null) throw new ConfigEditError('is empty: there is nothing to edit');
  const { node, depth, inFlow } = locate(doc.contents, segments, edit);
  if (depth === segments.length) {
    if (edit.op === 'append') {
      if (isSeq(node)) return appendToSeq(text, node, edit.value);
      return replaceNode(text, tokens, node!, [edit.value], inFlow);
    }
    return replaceNode(text, tokens, node!, edit.value, inFlow);
  }
  // The deepest collection (or empty value) on the path that exists gets the new key or item.
  const key = segments[depth]!;
  const leaf = edit.op === 'append' ? [edit.value] : edit.value;
  const rest = nest(segments.slice(depth + 1), leaf, edit);
  if (isScalar(node) && node.value === null) {
    if (typeof key === 'number') throw refusal(edit, `there is no list at ${formatPath(segments.slice(0, depth))}`);
    return replaceNode(text, tokens, node, { [key]: rest }, inFlow);
  }
  if (isMap(node) && typeof key === 'string') return insertIntoMap(text, node, key, rest);
  if (isSeq(node) && typeof key === 'number' && key === node.items.length) return appendToSeq(text, node, rest);
  throw refusal(edit, `${formatPath(segments.slice(0, depth))} is ${isSeq(node) ? 'a list' : 'not a map'} there`);
}

function nest(segments: readonly Segment[], value: unknown, edit: ConfigEdit): unknown {
  return segments.reduceRight<unknown>((inner, key) => {
    if (typeof key === 'number') throw refusal(edit, 'a list cannot be created inside a new value');
    return { [key]: inner };
  }, value);
}

/** An existing value replaced by `value`. */
function replaceNode(text: string, tokens: CST.Token[], node: YamlNode, value: unknown, inFlow: boolean): string {
  if (isEmptyScalar(node)) {
    // `key:` with nothing after it: the value goes right after the colon, on one line.
    const [start] = rangeOf(node);
    return `${text.slice(0, start)}${text[start - 1] === ':' ? ' ' : ''}${inlineYaml(value, text)}${text.slice(start)}`;
  }
  if (isScalar(node) && isScalarValue(value) && node.srcToken && CST.isScalar(node.srcToken)) {
    const source = value === null ? 'null' : String(value);
    // A string that plain YAML would read as another type (`true`, `123`) needs quotes; a
    // number or boolean must lose them.
    const needsQuotes = typeof value === 'string' && parse(source) !== value;
    const plain = node.type === undefined || node.type === 'PLAIN';
    const type = typeof value !== 'string' ? 'PLAIN' : needsQuotes && plain ? 'QUOTE_DOUBLE' : undefined;
    CST.setScalarValue(node.srcToken, source, { inFlow, ...(type ? { type } : {}) });
    return tokens.map((t) => CST.stringify(t)).join('');
  }
  const [start] = rangeOf(node);
  if (isCollection(node) && !node.flow) {
    // A block collection starts on its own line: the new value is written there, in block
    // style at the same column.
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = isObj(value) || Array.isArray(value) ? blockValue(value, text) : [inlineYaml(value, text)];
    return (
      text.slice(0, start) +
      lines.join(eol + ' '.repeat(columnOf(text, start))) +
      text.slice(lastItemEnd(node, 'value'))
    );
  }
  return text.slice(0, start) + inlineYaml(value, text) + text.slice(rangeOf(node)[1]);
}

function rangeOf(node: YamlNode): [number, number] {
  if (!node.range) throw new ConfigEditError('has a value without a position: make the change by hand');
  return [node.range[0], node.range[1]];
}

/** Whether the file writes its flow maps (or lists) padded, `{ a: 1 }`, rather than `{a: 1}`. */
function flowPadding(text: string, kind: 'map' | 'list'): boolean {
  return kind === 'map' ? !/\{[^\s}]/.test(text) : !/\[[^\s\]]/.test(text);
}

/** A value as one line of YAML: scalars plain or quoted, collections in flow style. */
function inlineYaml(value: unknown, text: string): string {
  const padded = flowPadding(text, isObj(value) ? 'map' : 'list');
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: padded, lineWidth: 0 }).trimEnd();
}

/**
 * A value in block style, as lines without indentation; a short list of scalars inside it
 * stays on one line (`include: [_spf.google.com]`), as configs are usually written.
 */
function blockValue(value: Obj | unknown[], text: string): string[] {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, seq) {
      const scalars = seq.items.every((item) => isScalar(item));
      const length = seq.items.reduce<number>(
        (n, item) => n + String((item as { value?: unknown }).value).length + 2,
        0,
      );
      if (seq !== doc.contents && scalars && length <= 60) seq.flow = true;
    },
  });
  return doc
    .toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: flowPadding(text, 'list') })
    .replace(/\n$/, '')
    .split('\n');
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset where a new line can go after `end`: the start of the next line. */
function lineAfter(text: string, end: number): { offset: number; prefix: string } {
  if (end > 0 && text[end - 1] === '\n') return { offset: end, prefix: '' };
  const newline = text.indexOf('\n', end);
  if (newline === -1) return { offset: text.length, prefix: text.includes('\r\n') ? '\r\n' : '\n' };
  return { offset: newline + 1, prefix: '' };
}

/**
 * Where the last item of a block collection ends: its value alone (`'value'`), or with the
 * comment on its line (`'line'`).
 */
function lastItemEnd(collection: YAMLMap | YAMLSeq, upTo: 'value' | 'line'): number {
  const last = collection.items[collection.items.length - 1] as Pair | YamlNode | null | undefined;
  const node =
    (last && 'key' in last ? ((last.value ?? last.key) as YamlNode | null) : (last as YamlNode | null)) ?? null;
  if (!node?.range) throw new ConfigEditError('has a value without a position: make the change by hand');
  return upTo === 'value' ? node.range[1] : node.range[2];
}

function blockLines(value: Obj | unknown[], column: number, text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pad = ' '.repeat(column);
  return blockValue(value, text)
    .map((line) => pad + line + eol)
    .join('');
}

function insertIntoMap(text: string, map: YAMLMap, key: string, value: unknown) {
  if (map.flow) {
    const [start] = rangeOf(map as YamlNode);
    if (map.items.length === 0) {
      return `${text.slice(0, start + 1)} ${flowPair(key, value, text)} ${text.slice(start + 1).replace(/^\s*/, '')}`;
    }
    const last = map.items[map.items.length - 1]!;
    const end = ((last.value ?? last.key) as YamlNode).range![1];
    return `${text.slice(0, end)}, ${flowPair(key, value, text)}${text.slice(end)}`;
  }
  const firstKey = map.items[0]?.key as YamlNode | undefined;
  if (!firstKey?.range) throw new ConfigEditError('has an empty map where the key belongs: make the change by hand');
  const { offset, prefix } = lineAfter(text, lastItemEnd(map, 'line'));
  return (
    text.slice(0, offset) +
    prefix +
    blockLines({ [key]: value }, columnOf(text, firstKey.range[0]), text) +
    text.slice(offset)
  );
}

function flowPair(key: string, value: unknown, text: string): string {
  return inlineYaml({ [key]: value }, text)
    .replace(/^\{\s*/, '')
    .replace(/\s*\}$/, '');
}

function appendToSeq(text: string, seq: YAMLSeq, value: unknown) {
  if (seq.flow) {
    if (seq.items.length === 0) {
      const [start] = rangeOf(seq as YamlNode);
      return `${text.slice(0, start + 1)}${inlineYaml(value, text)}${text.slice(start + 1)}`;
    }
    const last = seq.items[seq.items.length - 1] as YamlNode;
    return `${text.slice(0, last.range![1])}, ${inlineYaml(value, text)}${text.slice(last.range![1])}`;
  }
  const [start] = rangeOf(seq as YamlNode);
  const { offset, prefix } = lineAfter(text, lastItemEnd(seq, 'line'));
  return text.slice(0, offset) + prefix + blockLines([value], columnOf(text, start), text) + text.slice(offset);
}
