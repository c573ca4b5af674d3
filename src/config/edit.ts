/**
 * Editing a user's config file in place: set values at config paths, keep everything else
 * (comments, key order, quoting, flow or block style, blank lines) byte for byte, and write
 * the result atomically. Used by `ses-dns dmarc --apply`; built to serve any command that
 * writes into the config (`adopt --write`).
 *
 * - YAML: the `yaml` package's concrete syntax tree. A scalar that exists is rewritten in
 *   place (`CST.setScalarValue`, keeping its quoting); a missing key is inserted as new
 *   lines at the map's indentation (block maps) or as `, key: value` (flow maps); a list
 *   item is appended the same way. Only the edited span of the file changes.
 * - JSON: jsonc-parser's `modify`, which keeps the file's indentation and key order.
 * - TypeScript (`ses-dns.config.ts`): code, not data; never edited ({@link ConfigEditError}).
 *
 * Every edit is checked by parsing the result again: the new document must equal the old
 * one with exactly the requested values set, or nothing is written.
 *
 * @example
 * const text = readFileSync(file, 'utf8');
 * const next = editConfigText(text, configFormat(file), [
 *   { path: 'environments.production.dmarc.policy', value: 'quarantine' },
 * ]);
 * writeConfigAtomically(file, next, text);
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { CST, Composer, Parser, isCollection, isMap, isScalar, isSeq, parse, stringify } from 'yaml';
import type { Node as YamlNode, Pair } from 'yaml';

/** One change: the value to put at a config path. */
export interface ConfigEdit {
  /** A config path as ses-dns prints it: `environments.production.domains[0].dmarc.policy`. */
  readonly path: string;
  /** A JSON-compatible value (string, number, boolean, list, object). */
  readonly value: unknown;
}

/** How a config file is written, by its extension. */
export type ConfigFormat = 'yaml' | 'json' | 'code';

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

/**
 * `text` with every edit applied, in order.
 * @throws ConfigEditError when an edit cannot be made safely (a code config, a path through
 *   a value that is not a map or list, a multi-document YAML file)
 */
export function editConfigText(text: string, format: ConfigFormat, edits: readonly ConfigEdit[]): string {
  if (format === 'code') {
    throw new ConfigEditError(
      'is TypeScript: ses-dns cannot edit code safely; make the change by hand, or keep the config in ses-dns.yaml',
    );
  }
  let result = text;
  for (const edit of edits) {
    const segments = parseConfigPath(edit.path);
    const before = format === 'json' ? parseJson(result) : parseYaml(result);
    result = format === 'json' ? editJson(result, segments, edit.value) : editYaml(result, segments, edit.value);
    const after = format === 'json' ? parseJson(result) : parseYaml(result);
    const expected = setIn(before, segments, edit.value);
    if (!deepEqual(after, expected)) {
      throw new ConfigEditError(`could not set ${edit.path} without changing anything else: make the change by hand`);
    }
  }
  return result;
}

/**
 * Replaces `file` with `text` atomically: a temporary file beside it, then a rename, with
 * the file's permissions kept. A symlinked config is written at its target.
 * @param expected the text the edit was based on: if the file changed since, nothing is written
 */
export function writeConfigAtomically(file: string, text: string, expected?: string): void {
  const target = realpathSync(file);
  if (expected !== undefined && readFileSync(target, 'utf8') !== expected) {
    throw new ConfigEditError('changed while ses-dns was reading it: nothing was written; run the command again');
  }
  const mode = statSync(target).mode & 0o777;
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // The temporary file was never created.
    }
    throw error;
  }
}

function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

function parseYaml(text: string): unknown {
  return yamlDocument(text).doc.toJS() as unknown;
}

function editJson(text: string, segments: (string | number)[], value: unknown): string {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const edits = modify(text, segments, value, {
    formattingOptions: {
      insertSpaces: !indent.startsWith('\t'),
      tabSize: indent.startsWith('\t') ? 1 : indent.length,
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    },
  });
  return applyEdits(text, edits);
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

function editYaml(text: string, segments: (string | number)[], value: unknown): string {
  const { tokens, doc } = yamlDocument(text);
  const existing = doc.getIn(segments, true) as YamlNode | undefined;
  if (existing !== undefined) return replaceYamlValue(text, tokens, existing, value);
  // The deepest collection on the path that exists gets the new key (or list item).
  for (let depth = segments.length - 1; depth >= 0; depth--) {
    const parent = (depth === 0 ? doc.contents : doc.getIn(segments.slice(0, depth), true)) as YamlNode | null;
    if (parent === undefined || parent === null) continue;
    const at = segments.slice(0, depth).join('.') || '(top level)';
    const key = segments[depth]!;
    const rest = nest(segments.slice(depth + 1), value);
    if (isMap(parent) && typeof key === 'string') return insertIntoMap(text, parent, key, rest);
    if (isSeq(parent) && typeof key === 'number' && key === parent.items.length) return appendToSeq(text, parent, rest);
    throw new ConfigEditError(
      `cannot set ${segments.join('.')}: ${at} is ${isCollection(parent) ? 'a list' : 'not a map'} there; make the change by hand`,
    );
  }
  throw new ConfigEditError('is empty: there is nothing to edit');
}

function nest(segments: (string | number)[], value: unknown): unknown {
  return segments.reduceRight<unknown>((inner, key) => {
    if (typeof key === 'number') throw new ConfigEditError('cannot create a list inside a new value');
    return { [key]: inner };
  }, value);
}

function replaceYamlValue(text: string, tokens: CST.Token[], node: YamlNode, value: unknown) {
  if (isScalar(node) && isScalarValue(value) && node.srcToken && CST.isScalar(node.srcToken)) {
    const source = value === null ? 'null' : String(value);
    // A string that plain YAML would read as another type (`true`, `123`) needs quotes.
    const needsQuotes = typeof value === 'string' && parse(source) !== value;
    const plain = node.type === undefined || node.type === 'PLAIN';
    CST.setScalarValue(node.srcToken, source, needsQuotes && plain ? { type: 'QUOTE_DOUBLE' } : undefined);
    return tokens.map((t) => CST.stringify(t)).join('');
  }
  const [start, end] = rangeOf(node);
  return text.slice(0, start) + inlineYaml(value, text) + text.slice(end);
}

function rangeOf(node: YamlNode): [number, number] {
  if (!node.range) throw new ConfigEditError('has a value without a position: make the change by hand');
  return [node.range[0], node.range[1]];
}

/**
 * A value as one line of YAML: scalars plain or quoted, collections in flow style, padded
 * (`{ a: 1 }`) or not (`{a: 1}`) as the file already writes its maps (or lists).
 */
function inlineYaml(value: unknown, text: string): string {
  const isMapValue = typeof value === 'object' && value !== null && !Array.isArray(value);
  const padded = isMapValue ? !/\{[^\s}]/.test(text) : !/\[[^\s\]]/.test(text);
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: padded, lineWidth: 0 }).trimEnd();
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

function lastEnd(items: readonly (Pair | YamlNode | null)[]): number {
  const last = items[items.length - 1];
  const node =
    (last && 'key' in last ? ((last.value ?? last.key) as YamlNode | null) : (last as YamlNode | null)) ?? null;
  if (!node?.range) throw new ConfigEditError('has a value without a position: make the change by hand');
  return node.range[2];
}

function blockLines(value: Record<string, unknown> | unknown[], column: number, text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pad = ' '.repeat(column);
  return stringify(value, { indent: 2, lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => pad + line + eol)
    .join('');
}

function insertIntoMap(text: string, map: YamlNode & { items: Pair[]; flow?: boolean }, key: string, value: unknown) {
  if (map.flow) {
    const [start] = rangeOf(map);
    if (map.items.length === 0) {
      return `${text.slice(0, start + 1)} ${flowPair(key, value, text)} ${text.slice(start + 1).replace(/^\s*/, '')}`;
    }
    const last = map.items[map.items.length - 1]!;
    const end = ((last.value ?? last.key) as YamlNode).range![1];
    return `${text.slice(0, end)}, ${flowPair(key, value, text)}${text.slice(end)}`;
  }
  const firstKey = map.items[0]?.key as YamlNode | undefined;
  if (!firstKey?.range) throw new ConfigEditError('has an empty map where the key belongs: make the change by hand');
  const { offset, prefix } = lineAfter(text, lastEnd(map.items));
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

function appendToSeq(text: string, seq: YamlNode & { items: unknown[]; flow?: boolean }, value: unknown) {
  if (seq.flow) {
    if (seq.items.length === 0) {
      const [start] = rangeOf(seq);
      return `${text.slice(0, start + 1)}${inlineYaml(value, text)}${text.slice(start + 1)}`;
    }
    const last = seq.items[seq.items.length - 1] as YamlNode;
    return `${text.slice(0, last.range![1])}, ${inlineYaml(value, text)}${text.slice(last.range![1])}`;
  }
  const [start] = rangeOf(seq);
  const { offset, prefix } = lineAfter(text, lastEnd(seq.items as YamlNode[]));
  return text.slice(0, offset) + prefix + blockLines([value], columnOf(text, start), text) + text.slice(offset);
}

/** `root` with `value` at `segments` (a copy; objects created on the way). */
function setIn(root: unknown, segments: readonly (string | number)[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setIn(root[head as number], rest, value);
    return copy;
  }
  const obj = typeof root === 'object' && root !== null ? (root as Record<string, unknown>) : {};
  return { ...obj, [head as string]: setIn(obj[head as string], rest, value) };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
