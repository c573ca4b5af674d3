/**
 * The JSON text cdktf writes for a stack (`json-stable-stringify` with two spaces): keys
 * sorted at every level, and an empty list or object written over two lines, its closing
 * bracket under the line that opens it. Built with the native `JSON.stringify` on a copy
 * with sorted keys, about three times as fast for a large stack; `test/stable-json.test.ts`
 * holds it against `json-stable-stringify`.
 */

/** Keys that JavaScript objects list first, in numeric order, whatever the insertion order. */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

const UNSORTABLE = Symbol('unsortable');

function toJson(value: object): unknown {
  const json = (value as { toJSON?: unknown }).toJSON;
  return typeof json === 'function' ? (json as () => unknown).call(value) : value;
}

/** What {@link sortedCopy} learnt of a value besides its copy. */
interface Walk {
  /** Whether some list or object is empty: only then is the text reworked. */
  empty: boolean;
}

/**
 * `value` with its objects listing their keys in sorted order: the value itself where it
 * already does (synthesized resources mostly do), a copy where not. {@link UNSORTABLE}
 * when an object has an index-like key, whose place an object cannot be told.
 */
function sortedCopy(value: unknown, walk: Walk): unknown {
  if (value === null || typeof value !== 'object') return value;
  const data = toJson(value);
  if (data !== value) return sortedCopy(data, walk);
  if (Array.isArray(value)) {
    if (value.length === 0) walk.empty = true;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const copy = sortedCopy(value[i], walk);
      if (copy === UNSORTABLE) return UNSORTABLE;
      if (copy !== value[i]) out ??= value.slice(0, i);
      out?.push(copy);
    }
    return out ?? value;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) walk.empty = true;
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  const record = value as Record<string, unknown>;
  const copies: unknown[] = [];
  let changed = !sorted;
  if (!sorted) keys.sort();
  for (const key of keys) {
    if (INDEX_KEY.test(key)) return UNSORTABLE;
    const copy = sortedCopy(record[key], walk);
    if (copy === UNSORTABLE) return UNSORTABLE;
    if (copy !== record[key]) changed = true;
    // Left out of the text, and so maybe leaving an object empty there.
    if (copy === undefined || typeof copy === 'function' || typeof copy === 'symbol') walk.empty = true;
    copies.push(copy);
  }
  if (!changed) return value;
  const out: Record<string, unknown> = {};
  keys.forEach((key, i) => (out[key] = copies[i]));
  return out;
}

/**
 * A line whose value is an empty list or object: an array element, or a key and its value.
 * A string value cannot match, since it would end in a quote.
 */
const EMPTY_CONTAINER = /^( *)((?:"(?:[^"\\]|\\.)*": )?)(\[\]|\{\})(,?)$/gm;

/** The same text written piece by piece, for values {@link sortedCopy} cannot order. */
function written(value: unknown, level: number): string | undefined {
  const indent = `\n${'  '.repeat(level)}`;
  const data = value !== null && typeof value === 'object' ? toJson(value) : value;
  if (data === undefined || typeof data === 'function' || typeof data === 'symbol') return undefined;
  if (data === null || typeof data !== 'object') return JSON.stringify(data);
  const items = Array.isArray(data)
    ? data.map((item) => `${indent}  ${written(item, level + 1) ?? 'null'}`)
    : Object.keys(data)
        .sort()
        .flatMap((key) => {
          const text = written((data as Record<string, unknown>)[key], level + 1);
          return text === undefined ? [] : [`${indent}  ${JSON.stringify(key)}: ${text}`];
        });
  const [open, close] = Array.isArray(data) ? ['[', ']'] : ['{', '}'];
  return `${open}${items.join(',')}${indent}${close}`;
}

/** `value` as cdktf writes `cdk.tf.json`: sorted keys, two-space indent, empty containers on two lines. */
export function stableJson(value: unknown): string {
  const walk: Walk = { empty: false };
  const sorted = sortedCopy(value, walk);
  if (sorted === UNSORTABLE) return written(value, 0) ?? '';
  const text = JSON.stringify(sorted, null, 2);
  if (!walk.empty) return text;
  return text.replace(
    EMPTY_CONTAINER,
    (_line, indent: string, key: string, brackets: string, comma: string) =>
      `${indent}${key}${brackets[0]}\n${indent}${brackets[1]}${comma}`,
  );
}
