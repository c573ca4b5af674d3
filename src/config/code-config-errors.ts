/**
 * What went wrong loading a code config (src/config/code-config.ts), said in the user's
 * terms: the place in the file and the fix, never a stack trace.
 *
 * Places come from what each loader's error already carries; nothing here parses code:
 *
 * - jiti (Node 20, and whatever type stripping declines) reports Babel's parse errors as
 *   `ParseError: <reason> \n <file>:<line>:<column from 0>`.
 * - Node's type stripping (22.18+, 24) throws `ERR_INVALID_TYPESCRIPT_SYNTAX`, its stack
 *   headed by `<file>:<line>` and SWC's snippet of the line with a caret under the column,
 *   drawn in display cells (tabs to stops of 4, wide characters two).
 * - V8 heads the stack of a syntax error in a CommonJS file (or in code jiti compiled) with
 *   `<file>:<line>`, the line, and carets under its columns.
 * - An ES module's syntax error has no place at all; code-config.ts then compiles the file
 *   with jiti, whose error has one ({@link needsLocating}).
 * - Errors thrown while the config runs have stack frames: the first frame in a file of the
 *   user's (not Node's, not a package's, not ses-dns's) gives the line. Only the line: code
 *   jiti compiled keeps its lines but not its columns.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeFrame, columnAtDisplay } from '../messages/code-frame';
import * as say from '../messages/config';
import type { CodePlace, FoundExport } from '../messages/config';
import { errorAt, show } from './issues';
import type { ConfigIssue } from './issues';

/** A place in a file: its absolute path, a line (from 1), a column (UTF-16, from 1) when known. */
export interface SourcePlace {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** A syntax error as a loader reported it: its own words, and where. */
export interface LocatedSyntaxError {
  readonly reason: string;
  readonly place: SourcePlace;
}

/** ses-dns's own files (dist/ or src/, and bin/): never the place of a user's mistake. */
const OWN_ROOT = resolve(__dirname, '..', '..');

/**
 * The name the bundled command line's code runs under in stack traces, wherever it is
 * installed (`scriptNameOf` in bin/load-bundle.js): ours too.
 */
const BUNDLE_SCRIPT = /^ses-dns\/dist\/cli\/[\w-]+\.js$/;

/** jiti's message for a parse error: `ParseError: <reason> \n <file>:<line>:<column from 0>`. */
const JITI_PARSE_ERROR = /^\w+: ([\s\S]*?)\s*\n (.+):(\d+):(\d+)$/;

/** The head Node and V8 put on a located syntax error's stack: `<file>:<line>`. */
const STACK_HEAD = /^(.+):(\d+)$/;

/** A line of carets (and the spaces or tabs before them) under a quoted line. */
const CARETS = /^[ \t]*\^+\s*$/;

/** A stack frame with a place: `at fn (<file>:<line>:<column>)` or `at <file>:<line>:<column>`. */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** An ES module importing a name its module does not export (a link error: no place). */
const MISSING_EXPORT = /The requested module '([^']+)' does not provide an export named '([^']+)'/;

/** `Cannot find module 'x'` (CommonJS, jiti) or `Cannot find package 'x'` (ES modules). */
const MISSING_MODULE = /^Cannot find (?:module|package) '([^']+)'/;

/** The importer of a missing module: `Require stack:\n- <file>`, or `imported from <file>`. */
const IMPORTER = /(?:Require stack:\n- |imported from )(.+)/;

/** V8's words for `await` outside an async function, as jiti's CommonJS output meets it. */
const AWAIT_OUTSIDE_ASYNC = /await is only valid in async functions/;

/** V8's words for `import` or `export` in a file it reads as CommonJS. */
const MODULE_SYNTAX = /^(?:Unexpected token 'export'|Cannot use import statement outside a module)/;

/** Lines of the files read while describing one error. */
type Texts = Map<string, readonly string[] | undefined>;

function linesOf(file: string, texts: Texts): readonly string[] | undefined {
  if (!texts.has(file)) {
    let lines: string[] | undefined;
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      lines = undefined;
    }
    texts.set(file, lines);
  }
  return texts.get(file);
}

/** `file:///x` or `/x` as an absolute path, or undefined for what is not a file. */
function pathOf(location: string): string | undefined {
  try {
    const path = location.startsWith('file://') ? fileURLToPath(location) : location;
    return isAbsolute(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `file` is one of ses-dns's own (the loader), wherever ses-dns is installed. */
function isOwnFile(file: string): boolean {
  const own = relative(OWN_ROOT, file);
  return own !== '' && !own.startsWith('..') && !isAbsolute(own) && /^(?:dist|src|bin)$/.test(own.split(sep)[0]!);
}

/** Whether `file` is the user's: not in a package, not ses-dns's own. */
function isUserFile(file: string): boolean {
  return !file.split(/[\\/]/).includes('node_modules') && !isOwnFile(file);
}

function stackOf(error: unknown): string {
  const stack = (error as { stack?: unknown } | null)?.stack;
  return typeof stack === 'string' ? stack : '';
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}

/** The first line of a loader's reason, without the full stop some end with. */
function reasonOf(text: string): string {
  return text.split('\n')[0]!.trim().replace(/\.$/, '');
}

/** jiti's parse error (Babel's place: its column counts from 0). */
function jitiParseError(error: unknown): LocatedSyntaxError | undefined {
  const match = JITI_PARSE_ERROR.exec(messageOf(error));
  if (!match) return undefined;
  const file = pathOf(match[2]!);
  const line = Number(match[3]);
  if (!file || line < 1) return undefined;
  return { reason: reasonOf(match[1]!), place: { file, line, column: Number(match[4]) + 1 } };
}

/**
 * Node's type stripping error: the line from the stack's head, the column from where SWC's
 * caret stands on the drawn line, counted back to the file's own characters (the drawn line
 * must be the file's line, tabs aside).
 */
function typeStrippingError(error: unknown, texts: Texts): LocatedSyntaxError | undefined {
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (code !== 'ERR_INVALID_TYPESCRIPT_SYNTAX') return undefined;
  const stack = stackOf(error);
  const body = stack.indexOf(`\n${String(name)} [${code}]`);
  const [head = '', ...snippet] = stack.slice(0, body === -1 ? 0 : body).split('\n');
  const match = STACK_HEAD.exec(head);
  const file = match && pathOf(match[1]!);
  if (!file) return undefined;
  const line = Number(match[2]);
  const source = linesOf(file, texts)?.[line - 1];
  const caret = snippet.findIndex((l) => CARETS.test(l));
  let column: number | undefined;
  if (source !== undefined && caret > 0 && sameText(snippet[caret - 1]!, source)) {
    column = columnAtDisplay(source, snippet[caret]!.indexOf('^'));
  }
  return { reason: reasonOf(messageOf(error)), place: column === undefined ? { file, line } : { file, line, column } };
}

/** Whether a line as a snippet draws it is `source` (tabs drawn as spaces). */
function sameText(drawn: string, source: string): boolean {
  return drawn.replace(/\s+/g, '') === source.replace(/\s+/g, '');
}

/**
 * V8's syntax error of a CommonJS file (or of code jiti compiled): the line from the stack's
 * head; the column from the carets, when the quoted line is the file's own (jiti's output
 * keeps the lines of the source, not what is on them).
 */
function v8SyntaxError(error: unknown, texts: Texts): LocatedSyntaxError | undefined {
  if ((error as { name?: unknown } | null)?.name !== 'SyntaxError') return undefined;
  const [head = '', quoted, carets] = stackOf(error).split('\n');
  const match = STACK_HEAD.exec(head);
  const file = match && pathOf(match[1]!);
  if (!file) return undefined;
  const line = Number(match[2]);
  const source = linesOf(file, texts)?.[line - 1];
  const column =
    source !== undefined && quoted === source && carets !== undefined && CARETS.test(carets)
      ? carets.indexOf('^') + 1
      : undefined;
  return { reason: reasonOf(messageOf(error)), place: column === undefined ? { file, line } : { file, line, column } };
}

/**
 * The syntax error `error` is, located, or undefined when it is not one a loader located.
 * @param texts the files' lines, read as needed
 */
export function locatedSyntaxError(error: unknown, texts: Texts = new Map()): LocatedSyntaxError | undefined {
  return jitiParseError(error) ?? typeStrippingError(error, texts) ?? v8SyntaxError(error, texts);
}

/**
 * The frames of `error`'s stack in the user's files, innermost first, above ses-dns's loader:
 * the frames under it are of whatever called ses-dns (a user's own script, through the
 * library), never of the config.
 */
function userFrames(error: unknown): SourcePlace[] {
  const frames: SourcePlace[] = [];
  for (const line of stackOf(error).split('\n')) {
    const match = FRAME.exec(line);
    if (match && BUNDLE_SCRIPT.test(match[1]!)) break;
    const file = match && pathOf(match[1]!);
    if (!file) continue;
    if (isOwnFile(file)) break;
    if (isUserFile(file)) frames.push({ file, line: Number(match[2]) });
  }
  return frames;
}

/**
 * Whether `error` is a syntax error without a place: an ES module's (V8 reports those
 * without a line), thrown before any of the user's code ran. code-config.ts compiles such a
 * file with jiti to find the place.
 */
export function needsLocating(error: unknown): boolean {
  return (
    error instanceof SyntaxError &&
    !MISSING_EXPORT.test(error.message) &&
    locatedSyntaxError(error) === undefined &&
    userFrames(error).length === 0
  );
}

/** The first line of `file` that names `specifier` in quotes (the import of it). */
function lineNaming(file: string, specifier: string, texts: Texts): number | undefined {
  const quoted = [`'${specifier}'`, `"${specifier}"`, `\`${specifier}\``];
  const index = linesOf(file, texts)?.findIndex((line) => quoted.some((q) => line.includes(q)));
  return index === undefined || index === -1 ? undefined : index + 1;
}

/** The package a bare specifier names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/** How `config` describes a place: the file named only when it is another one. */
function placeWords(place: SourcePlace, config: string, texts: Texts): CodePlace {
  let file: string | undefined;
  if (place.file !== config) {
    const rel = relative(dirname(config), place.file);
    file = rel.startsWith('..') || isAbsolute(rel) ? rel : `./${rel}`;
  }
  const lines = linesOf(place.file, texts);
  const atEnd = lines !== undefined && lines.slice(place.line - 1).every((l) => l.trim() === '');
  return {
    line: place.line,
    ...(place.column === undefined ? {} : { column: place.column }),
    ...(file === undefined ? {} : { file }),
    ...(atEnd ? { atEnd } : {}),
  };
}

/** The line at `place` with a caret under its column, when there is something to show. */
function excerptAt(place: SourcePlace, texts: Texts): string[] | undefined {
  const text = linesOf(place.file, texts)?.[place.line - 1];
  return text === undefined || text.trim() === '' ? undefined : codeFrame(text, place.line, place.column);
}

function issueAt(message: string, place: SourcePlace | undefined, texts: Texts): ConfigIssue {
  return errorAt('', message, place && excerptAt(place, texts));
}

/** `TypeError: x is not a function`, or a thrown value that is no error, shown. */
function thrownWords(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const name = (error as { name?: unknown }).name;
    const message = reasonOf(messageOf(error)) || '(no message)';
    return typeof name === 'string' && name ? `${name}: ${message}` : message;
  }
  return `${show(error)} (thrown as it is, not as an Error)`;
}

/** The language of a code config, as its extension says. */
const languageOf = (file: string) => (/^\.[cm]?ts$/i.test(extname(file)) ? 'TypeScript' : 'JavaScript');

/** Whether Node reads `file` as CommonJS whatever it holds (`.cjs`, `.cts`). */
export const isCommonJsFile = (file: string) => /^\.c[jt]s$/i.test(extname(file));

/**
 * The issue for an error thrown while loading the code config `config` (an absolute path):
 * a syntax error with its place, a missing package or file, top-level await, or an error the
 * config threw while it ran, with the line of the user's file the stack names.
 */
export function codeConfigIssue(error: unknown, config: string): ConfigIssue {
  const texts: Texts = new Map();
  const syntax = locatedSyntaxError(error, texts);
  if (syntax && !AWAIT_OUTSIDE_ASYNC.test(syntax.reason)) {
    const { file } = syntax.place;
    const place = placeWords(syntax.place, config, texts);
    const message =
      isCommonJsFile(file) && MODULE_SYNTAX.test(syntax.reason)
        ? say.moduleSyntaxInCommonJs(extname(file), syntax.reason, place)
        : say.codeSyntaxError(languageOf(file), syntax.reason, place);
    return issueAt(message, syntax.place, texts);
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = messageOf(error);
  if (code === 'ERR_REQUIRE_ASYNC_MODULE' || AWAIT_OUTSIDE_ASYNC.test(message)) {
    // jiti's output runs as CommonJS: its line is the source's, its column is not.
    const place = syntax && { file: syntax.place.file, line: syntax.place.line };
    return issueAt(say.topLevelAwait(place && placeWords(place, config, texts)), place, texts);
  }
  const imported = importProblem(error, config, texts);
  if (imported) return imported;
  const place = userFrames(error)[0];
  const name = /^(\S+) is not defined$/.exec(message)?.[1];
  const commonJsName = /^(\S+) is not defined in ES module scope/.exec(message)?.[1];
  const fix =
    error instanceof ReferenceError && commonJsName
      ? say.commonJsInEsModule(commonJsName)
      : error instanceof ReferenceError && name
        ? say.undefinedName(name)
        : undefined;
  return issueAt(say.codeConfigThrew(thrownWords(error), place && placeWords(place, config, texts), fix), place, texts);
}

/** A missing package, file or export, imported by one of the user's files. */
function importProblem(error: unknown, config: string, texts: Texts): ConfigIssue | undefined {
  const message = messageOf(error);
  const missingExport = MISSING_EXPORT.exec(message);
  if (missingExport) {
    const [, specifier, name] = missingExport as unknown as [string, string, string];
    const line = lineNaming(config, specifier, texts);
    const place = line === undefined ? undefined : { file: config, line };
    return issueAt(say.missingExport(name, specifier, place && placeWords(place, config, texts)), place, texts);
  }
  const code = (error as { code?: unknown } | null)?.code;
  const missing = MISSING_MODULE.exec(message);
  if ((code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') || !missing) return undefined;
  const importer = pathOf(IMPORTER.exec(message)?.[1]?.trim() ?? '');
  if (!importer || !isUserFile(importer)) return undefined;
  const specifier = missing[1]!;
  const line = lineNaming(importer, specifier, texts);
  const place = line === undefined ? undefined : { file: importer, line };
  const words = place && placeWords(place, config, texts);
  const local = specifier.startsWith('.') || isAbsolute(specifier);
  return issueAt(
    local
      ? say.importedFileMissing(specifier, words)
      : say.packageNotInstalled(specifier, packageName(specifier), words),
    place,
    texts,
  );
}

/** Names that say nothing of a function: those of an anonymous default export. */
const ANONYMOUS = new Set(['', 'default', '_default']);

/** What a loaded module exports when that is not a config object, or undefined when it is one. */
export function foundExport(loaded: {
  readonly value: unknown;
  readonly named?: readonly string[];
}): FoundExport | undefined {
  if (loaded.named) return loaded.named.length > 0 ? { kind: 'named', names: loaded.named } : { kind: 'nothing' };
  const { value } = loaded;
  if (typeof value === 'function') return { kind: 'function', name: ANONYMOUS.has(value.name) ? '' : value.name };
  if (typeof (value as { then?: unknown } | null)?.then === 'function') return { kind: 'promise' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'value', value };
  return undefined;
}

/** The issue for a code config `config` that exports no config object, or undefined. */
export function exportIssue(
  loaded: { readonly value: unknown; readonly named?: readonly string[] },
  config: string,
): ConfigIssue | undefined {
  const found = foundExport(loaded);
  return found && errorAt('', say.notAConfigExport(found, isCommonJsFile(config)));
}
