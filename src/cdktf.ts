/**
 * The one door to the CDK for Terraform core library.
 *
 * Every other module imports CDKTF classes from here, never from `cdktf` directly, so that
 * a move to the community fork (`cdktn`) or another major version is a change to this file
 * alone. Provider classes (`@cdktf/provider-*`) are deep-imported where they are used.
 */
import './cdktf-preload';

export {
  App,
  CloudBackend,
  Fn,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
export type { TerraformProvider, TerraformResource } from 'cdktf';

/** cdktf's private modules swapped during `ses-dns synth` (see {@link withFastSynthesis}). */
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}
type Resolve = (scope: unknown, obj: unknown, preparing?: boolean) => unknown;
interface ResolveModule {
  resolve: Resolve;
}

const NO_TRACE: string[] = [];
/** Marks of cdktf's encoded tokens: strings holding `${TfToken[`, `#{TfToken[`, `&{TfToken[`. */
const TOKEN_MARK = 'TfToken[';
/** cdktf's pattern for numbers encoded inside strings (tokens/private/encoding.js). */
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
const MAP_TOKEN_VALUES: readonly unknown[] = ['String Map Token Value', 'Any Map Token Value', -123456789];
const SLOW = Symbol('slow');

/** Whether cdktf's resolver could change `value` or refuse it: then it must see it. */
function needsCdktf(value: unknown): boolean {
  if (typeof value === 'string') {
    return value.includes(TOKEN_MARK) || NUMBER_IN_STRING.test(value) || MAP_TOKEN_VALUES.includes(value);
  }
  // Tokens encode as doubles far outside the safe integers.
  if (typeof value === 'number') return !Number.isSafeInteger(value) || MAP_TOKEN_VALUES.includes(value);
  return typeof value === 'function';
}

/**
 * The result of cdktf's `resolve` for a value without any token, built without cdktf's
 * per-value resolution context; `SLOW` when some part needs cdktf. Mirrors resolve.js:
 * `undefined` entries are dropped from arrays and objects, nothing else changes.
 */
function resolvePlain(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return needsCdktf(value) ? SLOW : value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const resolved = resolvePlain(item);
      if (resolved === SLOW) return SLOW;
      if (resolved !== undefined) out.push(resolved);
    }
    return out;
  }
  if (typeof (value as { resolve?: unknown }).resolve === 'function' || 'node' in value) return SLOW;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (needsCdktf(key)) return SLOW;
    const resolved = resolvePlain((value as Record<string, unknown>)[key]);
    if (resolved === SLOW) return SLOW;
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}

/**
 * cdktf's stack-level `resolve`, with a fast path: the parts of a value without tokens are
 * copied as cdktf would copy them, and each part that holds a token (or anything unusual)
 * goes to cdktf's own resolver, whole.
 */
function fastResolve(original: Resolve): Resolve {
  const walk = (scope: unknown, value: unknown): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const plain = resolvePlain(value);
      return plain === SLOW ? original(scope, value) : plain;
    }
    if (typeof (value as { resolve?: unknown }).resolve === 'function' || 'node' in value) {
      return original(scope, value);
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (needsCdktf(key)) return original(scope, value);
    }
    for (const key of Object.keys(value)) {
      const resolved = walk(scope, (value as Record<string, unknown>)[key]);
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  };
  return (scope, obj, preparing = false) => (preparing ? original(scope, obj, true) : walk(scope, obj));
}

/**
 * Runs `work` (an app's construction and synthesis) with two of cdktf's costs removed, and
 * restores cdktf after, so hand-written apps in the same process keep its defaults. The
 * synthesized JSON does not change (bench/PROFILE.md has the profile and the checks):
 *
 * - Per-token stack traces: every token, and each of the ten or so output references a
 *   generated resource class builds in its constructor, captures a full stack trace,
 *   whatever `App({ stackTraces })` says. The traces only decorate errors of tokens that
 *   fail to resolve.
 * - Resolution of token-free values: cdktf resolves every key and value of the stack (twice)
 *   with a fresh context each; values without tokens now skip that.
 *
 * Both live in private modules with no `exports` map, whose callers read the function from
 * the module object at each call, so swapping the property is enough.
 */
export function withFastSynthesis<T>(work: () => T): T {
  let traces: StackTraceModule;
  let tokens: ResolveModule;
  try {
    traces = require('cdktf/lib/tokens/private/stack-trace') as StackTraceModule;
    tokens = require('cdktf/lib/_tokens') as ResolveModule;
  } catch {
    // Another cdktf (or cdktn) without these private modules: same output, only slower.
    return work();
  }
  if (typeof traces.captureStackTrace !== 'function' || typeof tokens.resolve !== 'function') return work();
  const capture = traces.captureStackTrace;
  const resolve = tokens.resolve;
  traces.captureStackTrace = () => NO_TRACE;
  tokens.resolve = fastResolve(resolve);
  try {
    return work();
  } finally {
    traces.captureStackTrace = capture;
    tokens.resolve = resolve;
  }
}
