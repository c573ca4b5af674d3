/**
 * How every message quotes what it talks about: a received value as the user wrote it, a
 * list of allowed words, the closest one to a typo, a count, a rate. Plain functions of
 * their arguments; nothing of ses-dns is imported, so every layer may use them.
 */

/** How long one printed line may be; keys and values quoted from a config can be any length. */
const MAX_LINE = 1000;

/** Shows a received value the way the user wrote it. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** `must be one of a, b, c, got "x"; did you mean "b"?` */
export function notOneOf(allowed: readonly unknown[], got: unknown): string {
  const hint = typeof got === 'string' ? closest(got, allowed.map(String)) : undefined;
  return (
    `must be one of ${allowed.map(String).join(', ')}, got ${show(got)}` + (hint ? `; did you mean "${hint}"?` : '')
  );
}

/** `unknown key "polcy"; did you mean "policy"? Allowed keys: ...` */
export function unknownKey(key: string, allowed: readonly string[]): string {
  const hint = closest(key, allowed);
  return (
    `unknown key "${key}"` +
    (hint ? `; did you mean "${hint}"?` : '.') +
    ` Allowed keys: ${allowed.join(', ')}. Remove it or fix its spelling.`
  );
}

/**
 * The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * `text` safe to print on a terminal: control characters (escape sequences, NUL, bidi
 * overrides) shown as `\x1b` or `\u202e`, and cut at {@link MAX_LINE} characters.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return escaped.length > MAX_LINE
    ? `${escaped.slice(0, MAX_LINE)}... (${escaped.length - MAX_LINE} more characters)`
    : escaped;
}

/** `1 error`, `2 errors`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `0.05` -> `5%`, `0.001` -> `0.1%`. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))}%`;
}
