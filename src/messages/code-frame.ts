/**
 * A line of a user's file shown under a message, with a caret under the column at fault:
 *
 * ```
 *    3 |     production: { dns: { provider: 'route53' }, domains: [{ name: 'x', zone: 'x' ]} },
 *      |                                                                               ^
 * ```
 *
 * Columns are counted as JavaScript, Babel and tsc count them: UTF-16 code units from 1, a
 * tab one column. What a terminal shows is another count, the display column: a tab moves to
 * the next multiple of {@link TAB_WIDTH} (as Node's TypeScript snippets draw it), a wide East
 * Asian character or an emoji takes two cells and a combining mark none. The caret is placed
 * by display columns, so it stands under the character on screen.
 */
import { printable } from './words';

/** Cells between tab stops, as Node's TypeScript error snippets (SWC) expand tabs. */
export const TAB_WIDTH = 4;

/** Shown lines wider than this are cut to a window around the caret. */
const MAX_SHOWN = 120;

/** Cells of the window kept before the caret when a line is cut. */
const BEFORE_CARET = 60;

/** Characters with no width of their own: combining marks (variation selectors among them), format characters (joiners). */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/**
 * Characters a terminal draws two cells wide: the East Asian Wide and Fullwidth blocks
 * (Hangul Jamo, CJK, Hiragana, Katakana, Hangul syllables, fullwidth forms) and emoji.
 * @see https://www.unicode.org/reports/tr11/
 */
const WIDE =
  /^(?:[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f000}-\u{1faff}\u{20000}-\u{3fffd}]|\p{Emoji_Presentation})$/u;

/** Cells that `char` (one code point, not a tab) takes on a terminal. */
function cellsOf(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

/**
 * The display column (from 0) at which each UTF-16 position of `text` starts, for every
 * position 0 to `text.length`; the second half of a surrogate pair shares its first's.
 */
export function displayColumns(text: string): number[] {
  const columns: number[] = [];
  let at = 0;
  for (const char of text) {
    for (let unit = 0; unit < char.length; unit++) columns.push(at);
    at += char === '\t' ? TAB_WIDTH - (at % TAB_WIDTH) : cellsOf(char);
  }
  columns.push(at);
  return columns;
}

/**
 * The column (UTF-16, from 1) of `text` whose character starts at `display` cells, or at the
 * first cell after them; undefined when `display` lies beyond the end of the line.
 */
export function columnAtDisplay(text: string, display: number): number | undefined {
  const columns = displayColumns(text);
  const index = columns.findIndex((cells) => cells >= display);
  return index === -1 ? undefined : index + 1;
}

/** Cells `text` (drawn: without tabs) takes on a terminal. */
function displayWidth(text: string): number {
  let cells = 0;
  for (const char of text) cells += cellsOf(char);
  return cells;
}

/**
 * Line `text` as it is drawn, tabs expanded to their stops and control characters escaped,
 * in two parts: before UTF-16 position `caret` and from it.
 */
function draw(text: string, caret: number): { before: string; after: string } {
  let before = '';
  let after = '';
  let cells = 0;
  let index = 0;
  for (const char of text) {
    const shown = char === '\t' ? ' '.repeat(TAB_WIDTH - (cells % TAB_WIDTH)) : printable(char);
    cells += displayWidth(shown);
    if (index < caret) before += shown;
    else after += shown;
    index += char.length;
  }
  return { before, after };
}

/** The first characters of `text` that fit in `cells`. */
function fitting(text: string, cells: number): string {
  let out = '';
  let used = 0;
  for (const char of text) {
    used += cellsOf(char);
    if (used > cells) break;
    out += char;
  }
  return out;
}

/** The last characters of `text` that fit in `cells`. */
function fittingEnd(text: string, cells: number): string {
  const chars = [...text];
  let out = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    used += cellsOf(chars[i]!);
    if (used > cells) break;
    out = chars[i]! + out;
  }
  return out;
}

/**
 * The lines that show line `line` of a file, `text`, with a caret under `column` (UTF-16,
 * from 1) when it is known: a gutter with the line number, then the line as drawn. A line
 * wider than 120 cells is cut to a window around the caret, with `...` where it was cut.
 */
export function codeFrame(text: string, line: number, column?: number): string[] {
  const gutter = String(line);
  if (column === undefined) {
    const { after: shown } = draw(text, 0);
    const cut = displayWidth(shown) > MAX_SHOWN ? `${fitting(shown, MAX_SHOWN - 3)}...` : shown;
    return [`${gutter} | ${cut.trimEnd()}`];
  }
  let { before, after } = draw(text, Math.min(Math.max(column - 1, 0), text.length));
  if (displayWidth(before) + displayWidth(after) > MAX_SHOWN) {
    if (displayWidth(before) > BEFORE_CARET) before = `...${fittingEnd(before, BEFORE_CARET - 3)}`;
    const room = MAX_SHOWN - displayWidth(before);
    if (displayWidth(after) > room) after = `${fitting(after, room - 3)}...`;
  }
  const caret = `${' '.repeat(gutter.length)} | ${' '.repeat(displayWidth(before))}^`;
  return [`${gutter} | ${`${before}${after}`.trimEnd()}`, caret];
}
