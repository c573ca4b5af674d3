/**
 * Plain JSON: values that cdktf's token resolver would return unchanged (but for their
 * `undefined` entries), so that synthesis can copy them instead of resolving them.
 */
import { Lazy, Token, Tokenization } from '../cdktf';

/** A JSON object under construction. */
export type Json = Record<string, unknown>;

/** What {@link plainCopy} returns for a value that cdktf must resolve. */
export const NOT_PLAIN: unique symbol = Symbol('not plain');

/**
 * A number token written into a string: cdktf encodes number tokens as doubles of a huge
 * magnitude, which JavaScript always writes with an exponent: `-1.8881545897087626e+289`.
 */
const NUMBER_WITH_EXPONENT = /\de\+\d/;

/**
 * What cdktf's encoded string, list and map tokens contain: `${TfToken[TOKEN.1]}`,
 * `#{TfToken[...]}`, `&{TfToken[...]}`. Checked against the running cdktf by {@link markIsCurrent}.
 */
const TOKEN_MARK = 'TfToken[';

const STRING_MAP_TOKEN = Token.STRING_MAP_TOKEN_VALUE;
const ANY_MAP_TOKEN = Token.ANY_MAP_TOKEN_VALUE;
const NUMBER_MAP_TOKEN = Token.NUMBER_MAP_TOKEN_VALUE;
const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);
const isResolvable = (value: unknown): boolean => Tokenization.isResolvable(value);

/**
 * Whether the quick tests below recognize the tokens of the cdktf that is loaded: a token of
 * each kind is made through cdktf's public API and must be caught. When not (another cdktf
 * that encodes tokens otherwise), every string goes through cdktf's own public test too.
 */
const markIsCurrent = ((): boolean => {
  const lazy = Lazy.anyValue({ produce: () => 'x' });
  const string = Token.asString(lazy);
  const [list] = Token.asList(lazy);
  const number = Token.asNumber(lazy);
  return (
    string.includes(TOKEN_MARK) &&
    (list ?? '').includes(TOKEN_MARK) &&
    NUMBER_WITH_EXPONENT.test(`${number}`) &&
    Object.keys(Token.asStringMap(lazy)).some((key) => key.includes(TOKEN_MARK))
  );
})();

/** Whether cdktf's resolver could change the string or refuse it. */
function stringMayHoldToken(value: string): boolean {
  return (
    value.includes(TOKEN_MARK) ||
    NUMBER_WITH_EXPONENT.test(value) ||
    value === STRING_MAP_TOKEN ||
    value === ANY_MAP_TOKEN ||
    (!markIsCurrent && isUnresolved(value))
  );
}

/**
 * `value` as cdktf's resolver would return it when it holds no token: the same, with
 * `undefined` left out of objects and arrays (and keys in sorted order). {@link NOT_PLAIN} when some part of it may
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
      // A token is encoded as a double far outside the safe integers.
      return value !== NUMBER_MAP_TOKEN && (Number.isSafeInteger(value) || !isUnresolved(value)) ? value : NOT_PLAIN;
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
  if (Object.getPrototypeOf(value) !== Object.prototype || isResolvable(value)) return NOT_PLAIN;
  const out: Json = {};
  // Keys in sorted order, as they are written: the JSON writer then keeps the copy as is.
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  for (const key of keys) {
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
