/**
 * Loading a config written as code (`ses-dns.config.ts`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`) from an
 * installed package, where none of the repository's TypeScript tooling is around.
 *
 * TypeScript goes through Node's own type stripping when the running Node has it
 * (`process.features.typescript`: on by default from Node 22.18, 23.6 and in 24; 22.6+ with
 * `--experimental-strip-types`), so nothing else is loaded. Otherwise (Node 20, an older 22), or
 * when stripping refuses the file (an `enum`, a `namespace`, an extensionless import of a
 * `.ts` helper), jiti compiles it: a dependency-free loader without install scripts, the one
 * ESLint uses for `eslint.config.ts`.
 * @see https://nodejs.org/api/typescript.html#type-stripping
 * @see https://github.com/unjs/jiti#readme
 */
import { extname } from 'node:path';
import { needsLocating } from './code-config-errors';

/** How a code config was loaded: by Node itself or by jiti. */
export type CodeConfigLoader = 'node' | 'jiti';

/**
 * A loaded code config: its default export (or `module.exports` of a CommonJS file without
 * one) and the loader used.
 */
export interface LoadedCodeConfig {
  readonly value: unknown;
  readonly loader: CodeConfigLoader;
  /**
   * The names the module exports, when it exports no config: an ES module without a default
   * export, or a CommonJS file whose `module.exports` was left empty. `value` is then undefined.
   * @default none: the module exports a value
   */
  readonly named?: readonly string[];
}

/** Extensions read as code configs. */
export const CODE_CONFIG_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/**
 * Errors by which Node's type stripping declines a file that jiti can still compile; any other
 * error (a syntax error, an exception thrown by the config) is the config's own, but for a
 * syntax error Node gives no place for (see {@link needsLocating}).
 */
const DECLINED_BY_NODE = new Set([
  'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX',
  'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING',
  'ERR_MODULE_NOT_FOUND',
  'MODULE_NOT_FOUND',
  'ERR_UNKNOWN_FILE_EXTENSION',
]);

/** Whether the running Node strips TypeScript types itself. */
export function nodeStripsTypes(): boolean {
  const features = process.features as { typescript?: string | false };
  return typeof features.typescript === 'string';
}

/**
 * How deep a stack the load keeps: the frame of the config's line that threw lies under
 * those of the loader and of any library it called.
 */
const STACK_FRAMES = 50;

/**
 * Loads the code config at the absolute path `file`. Node caches what it loads, so a file is
 * read once per process, as any module is. A syntax error Node reports without a place (an ES
 * module's) sends the file to jiti too: nothing of it ran, and jiti's error says where.
 * @throws whatever loading or running the file throws (src/config/code-config-errors.ts words it)
 */
export function loadCodeConfig(file: string): LoadedCodeConfig {
  const typescript = TYPESCRIPT_EXTENSIONS.has(extname(file).toLowerCase());
  const frames = Error.stackTraceLimit;
  Error.stackTraceLimit = Math.max(frames, STACK_FRAMES);
  try {
    if (!typescript || nodeStripsTypes()) {
      try {
        return { ...configOf(require(file)), loader: 'node' };
      } catch (error) {
        if (!declinedByNode(error, typescript)) throw error;
      }
    }
    return { ...configOf(jitiRequire(file)), loader: 'jiti' };
  } finally {
    Error.stackTraceLimit = frames;
  }
}

/** Whether jiti should try a file Node's `require` failed on with `error`. */
function declinedByNode(error: unknown, typescript: boolean): boolean {
  if (needsLocating(error)) return true;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // An ES module (`.mjs`, or `.js` under "type": "module") on a Node whose `require` cannot
  // load one (before 20.19 and 22.12): jiti compiles it to CommonJS.
  if (code === 'ERR_REQUIRE_ESM') return true;
  return typescript && typeof code === 'string' && DECLINED_BY_NODE.has(code);
}

function jitiRequire(file: string): unknown {
  const { createJiti } = require('jiti') as typeof import('jiti');
  // No cache on disk (jiti's default writes into node_modules/.cache, a folder we do not own)
  // and none in memory, so an edited config is read afresh.
  const jiti = createJiti(__filename, { fsCache: false, moduleCache: false });
  // The synchronous form: loadConfig is synchronous (jiti recommends `await jiti.import()`).
  return jiti(file);
}

/**
 * The config a module exports: its default export (read from the module itself: jiti's
 * wrapper answers `default` with the whole module when the default is null or undefined),
 * else `module.exports` of a CommonJS file, else nothing and the names it does export.
 */
function configOf(mod: unknown): Pick<LoadedCodeConfig, 'value' | 'named'> {
  if (mod === null || typeof mod !== 'object') return { value: mod };
  const own = Object.getOwnPropertyDescriptor(mod, 'default');
  if (own) return { value: 'value' in own ? own.value : own.get?.call(mod) };
  const named = Object.keys(mod).filter((name) => name !== '__esModule');
  const esModule =
    Object.prototype.toString.call(mod) === '[object Module]' ||
    Object.getOwnPropertyDescriptor(mod, '__esModule')?.value === true;
  return esModule || named.length === 0 ? { value: undefined, named } : { value: mod };
}
