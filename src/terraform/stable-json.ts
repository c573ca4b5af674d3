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

/**
 * A copy of `value` whose objects list their keys in sorted order; {@link UNSORTABLE} when
 * an object has an index-like key, whose place an object cannot be told.
 */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const data = toJson(value);
  if (data !== value) return sortedCopy(data);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copy = sortedCopy(item);
      if (copy === UNSORTABLE) return UNSORTABLE;
      out.push(copy);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (INDEX_KEY.test(key)) return UNSORTABLE;
    const copy = sortedCopy((value as Record<string, unknown>)[key]);
    if (copy === UNSORTABLE) return UNSORTABLE;
    out[key] = copy;
  }
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
  const sorted = sortedCopy(value);
  if (sorted === UNSORTABLE) return written(value, 0) ?? '';
  return JSON.stringify(sorted, null, 2).replace(
    EMPTY_CONTAINER,
    (_line, indent: string, key: string, brackets: string, comma: string) =>
      `${indent}${key}${brackets[0]}\n${indent}${brackets[1]}${comma}`,
  );
}
