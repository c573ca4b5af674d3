/**
 * Where a JSON config stops being JSON, in the user's terms, and the keys it writes twice.
 * `JSON.parse` says only "at position 155" on Node 20 (and words of its own on each Node
 * version); jsonc-parser, run in strict mode once `JSON.parse` has refused the text, gives
 * the offset and a code for the first fault, which this module turns into a line, a column
 * and a quoted line with a caret, as YAML and code configs get.
 * @see https://github.com/microsoft/node-jsonc-parser#readme
 */
import type { ParseError } from 'jsonc-parser';
import { codeFrame } from '../messages/code-frame';

/** The first fault of a text that is not JSON: what is wrong, where, and the lines that show it. */
export interface JsonSyntaxFault {
  readonly reason: string;
  readonly line: number;
  /** UTF-16 code units from 1, as an editor counts. */
  readonly column: number;
  readonly excerpt: readonly string[];
}

/** jsonc-parser's codes (by `printParseErrorCode`) in words; one not listed keeps jsonc-parser's name. */
const REASONS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'a character JSON does not allow here',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the file should end here (a second value, or a stray character)',
  InvalidCommentToken: 'JSON allows no comments',
  UnexpectedEndOfComment: 'a comment is not closed (and JSON allows none)',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape after a backslash',
  InvalidCharacter: 'a character a string cannot hold as is (a tab or a line break: escape it)',
};

/** Line (from 1) and column (UTF-16 units, from 1) of `offset` in `text`, and that line's text. */
function placeOf(text: string, offset: number): { line: number; column: number; lineText: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < start; at = text.indexOf('\n', at + 1)) line++;
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
  return { line, column: offset - start + 1, lineText };
}

/**
 * The first fault of `text`, a file `JSON.parse` refused; undefined when jsonc-parser finds
 * none (the caller then keeps `JSON.parse`'s own words).
 */
export function jsonSyntaxFault(text: string): JsonSyntaxFault | undefined {
  // Loaded only for a file that is not JSON: a valid config never pays for it.
  const { parse, printParseErrorCode } = require('jsonc-parser') as typeof import('jsonc-parser');
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    // Nesting deep enough to exhaust the stack: JSON.parse's own words then.
    if (!(error instanceof RangeError)) throw error;
  }
  const first = errors[0];
  if (!first) return undefined;
  const name = printParseErrorCode(first.error);
  const { line, column, lineText } = placeOf(text, Math.min(first.offset, text.length));
  // A comma before a closing bracket is the usual slip of a hand-edited file: say it as such.
  const before = text.slice(0, first.offset).trimEnd();
  const trailingComma = before.endsWith(',') && /^[}\]]/.test(text.slice(first.offset));
  const reason = trailingComma
    ? `a comma before ${text[first.offset]} (JSON allows none there)`
    : (REASONS[name] ?? name);
  return { reason, line, column, excerpt: codeFrame(lineText, line, column) };
}

/** A key written twice in one JSON object: `JSON.parse` keeps the last value, silently. */
export interface JsonDuplicateKey {
  /** The config path of the key: `defaults.region`, `environments.production.domains[0].dmarc`. */
  readonly path: string;
  readonly key: string;
  /** Line of the first writing, from 1. */
  readonly firstLine: number;
  readonly line: number;
  readonly column: number;
  readonly excerpt: readonly string[];
}

/** The config path of `key` under `parents` (jsonc-parser's segments). */
function configPath(parents: readonly (string | number)[], key: string): string {
  let path = '';
  for (const segment of [...parents, key]) {
    path = typeof segment === 'number' ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment;
  }
  return path;
}

/**
 * Every key written a second time in the same object of `text` (valid JSON): YAML refuses
 * duplicate keys, `JSON.parse` keeps the last one, so a second `dmarc` further down a file
 * would publish a policy the reader of the first one never sees.
 */
export function jsonDuplicateKeys(text: string): JsonDuplicateKey[] {
  const { visit } = require('jsonc-parser') as typeof import('jsonc-parser');
  const found: JsonDuplicateKey[] = [];
  // The keys seen in each open object, innermost last, with the line each was first written on.
  const open: Map<string, number>[] = [];
  const lines = text.split('\n');
  try {
    visitKeys(text, visit, open, lines, found);
  } catch (error) {
    // jsonc-parser recurses once per level: a hostile nesting exhausts the stack. The config's
    // depth check refuses such a file in its own words (src/config/cycles.ts).
    if (!(error instanceof RangeError)) throw error;
  }
  return found;
}

function visitKeys(
  text: string,
  visit: typeof import('jsonc-parser').visit,
  open: Map<string, number>[],
  lines: readonly string[],
  found: JsonDuplicateKey[],
): void {
  visit(text, {
    onObjectBegin: () => {
      open.push(new Map());
    },
    onObjectEnd: () => {
      open.pop();
    },
    onObjectProperty: (key, _offset, _length, startLine, startCharacter, pathSupplier) => {
      const seen = open[open.length - 1];
      if (!seen) return;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, startLine + 1);
        return;
      }
      const line = startLine + 1;
      const column = startCharacter + 1;
      found.push({
        path: configPath(pathSupplier(), key),
        key,
        firstLine: first,
        line,
        column,
        excerpt: codeFrame((lines[startLine] ?? '').replace(/\r$/, ''), line, column),
      });
    },
  });
}
