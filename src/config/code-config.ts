/**
 * Loading a config written as code (`ses-dns.config.ts`, `.mts`, `.cts`, `.js`, `.cjs`) from an
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

/** How a code config was loaded: by Node itself or by jiti. */
export type CodeConfigLoader = 'node' | 'jiti';

/** A loaded code config: its default export (or the module, without one) and the loader used. */
export interface LoadedCodeConfig {
  readonly value: unknown;
  readonly loader: CodeConfigLoader;
}

/** Extensions read as code configs. */
export const CODE_CONFIG_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.cjs'];

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/**
 * Errors by which Node's type stripping declines a file that jiti can still compile; any other
 * error (a syntax error, an exception thrown by the config) is the config's own.
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
 * Loads the code config at the absolute path `file`. Node caches what it loads, so a file is
 * read once per process, as any module is.
 * @throws whatever loading or running the file throws
 */
export function loadCodeConfig(file: string): LoadedCodeConfig {
  const typescript = TYPESCRIPT_EXTENSIONS.has(extname(file).toLowerCase());
  if (!typescript || nodeStripsTypes()) {
    try {
      return { value: defaultExport(require(file)), loader: 'node' };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!typescript || !code || !DECLINED_BY_NODE.has(code)) throw error;
    }
  }
  return { value: defaultExport(jitiRequire(file)), loader: 'jiti' };
}

function jitiRequire(file: string): unknown {
  const { createJiti } = require('jiti') as typeof import('jiti');
  // No cache on disk (jiti's default writes into node_modules/.cache, a folder we do not own)
  // and none in memory, so an edited config is read afresh.
  const jiti = createJiti(__filename, { fsCache: false, moduleCache: false });
  // The synchronous form: loadConfig is synchronous (jiti recommends `await jiti.import()`).
  return jiti(file);
}

function defaultExport(mod: unknown): unknown {
  return mod && typeof mod === 'object' && 'default' in mod ? (mod as { default: unknown }).default : mod;
}
