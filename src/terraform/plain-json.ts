/**
 * Plain JSON: values that cdktf's token resolver would return unchanged (but for their
 * `undefined` entries), so that synthesis can copy them instead of resolving them.
 */
import { Token, Tokenization } from '../cdktf';

/** A JSON object under construction. */
export type Json = Record<string, unknown>;

/** What {@link plainCopy} returns for a value that cdktf must resolve. */
export const NOT_PLAIN: unique symbol = Symbol('not plain');

/**
 * A number token written into a string: cdktf encodes number tokens as doubles of a huge
 * magnitude, which JavaScript always writes with an exponent: `-1.8881545897087626e+289`.
 */
const NUMBER_WITH_EXPONENT = /\de\+\d/;

/** Marks of cdktf's encoded string, list and map tokens: `${TfToken[`, `#{TfToken[`, `&{TfToken[`. */
const TOKEN_MARK = '{TfToken[';

/** Whether cdktf's resolver could change the string or refuse it. */
function stringMayHoldToken(value: string): boolean {
  return (
    value.includes(TOKEN_MARK) ||
    // The public test as well, in case another version of cdktf marks tokens otherwise.
    Token.isUnresolved(value) ||
    NUMBER_WITH_EXPONENT.test(value) ||
    value === Token.STRING_MAP_TOKEN_VALUE ||
    value === Token.ANY_MAP_TOKEN_VALUE
  );
}

/**
 * `value` as cdktf's resolver would return it when it holds no token: the same, with
 * `undefined` left out of objects and arrays. {@link NOT_PLAIN} when some part of it may
 * hold a token or is not plain data (a class instance, a function).
 */
export function plainCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'string':
      return stringMayHoldToken(value) ? NOT_PLAIN : value;
    case 'number':
      return Token.isUnresolved(value) || value === Token.NUMBER_MAP_TOKEN_VALUE ? NOT_PLAIN : value;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const copy = plainCopy(item);
      if (copy === NOT_PLAIN) return NOT_PLAIN;
      if (copy !== undefined) out.push(copy);
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype || Tokenization.isResolvable(value)) return NOT_PLAIN;
  const out: Json = {};
  for (const key of Object.keys(value)) {
    if (stringMayHoldToken(key)) return NOT_PLAIN;
    const copy = plainCopy((value as Json)[key]);
    if (copy === NOT_PLAIN) return NOT_PLAIN;
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

/** An element that can give its synthesized JSON already resolved, when it holds no token. */
export interface PlainJsonSource {
  /** The element's `toTerraform()` as cdktf would resolve it; `undefined` when cdktf must resolve it. */
  plainJson(): Json | undefined;
}

/** Whether `element` is a {@link PlainJsonSource}. */
export function hasPlainJson(element: object): element is PlainJsonSource {
  return typeof (element as Partial<PlainJsonSource>).plainJson === 'function';
}
