/**
 * Reads a config file (`.yaml`, `.yml`, `.json`, or `.ts` with `defineConfig`) and validates
 * it by the config's own rules, resolving it. The rules that need the record plan (record
 * sets claimed twice, `keepTxt` and `import`, what a DNS vendor takes) are the check stage's:
 * src/checks/validate.ts `loadConfig` runs both.
 */
import { existsSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import * as say from '../messages/config';
import { CODE_CONFIG_EXTENSIONS, loadCodeConfig } from './code-config';
import { jsonDuplicateKeys, jsonSyntaxFault } from './json-syntax';
import type { LoadedCodeConfig } from './code-config';
import { codeConfigIssue, exportIssue } from './code-config-errors';
import { InputFileError, MAX_CONFIG_BYTES, readTextFile } from './input-file';
import { ConfigError, errorAt } from './issues';
import type { ConfigIssue } from './issues';
import type { ResolvedConfig } from './model';
import { selfReference } from './cycles';
import { resolveConfig } from './resolve';
import type { DomainPass } from './resolve';
import { checkStructure } from './structure';
import { readYaml } from './yaml';

/** The names looked for, in order, when no file is given. */
export const DEFAULT_CONFIG_FILES = [
  'ses-dns.yaml',
  'ses-dns.yml',
  'ses-dns.json',
  'ses-dns.config.ts',
  'ses-dns.config.mts',
  'ses-dns.config.cts',
  'ses-dns.config.js',
  'ses-dns.config.mjs',
  'ses-dns.config.cjs',
];

/** A validated config and the warnings it still deserves (src/checks/validate.ts `loadConfig`). */
export interface LoadedConfig {
  readonly file: string;
  readonly config: ResolvedConfig;
  readonly issues: readonly ConfigIssue[];
}

/** The config file to use: `file` if given, else the first default name that exists. */
export function findConfigFile(file?: string, cwd = process.cwd()): string {
  if (file) return resolve(cwd, file);
  const found = DEFAULT_CONFIG_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));
  if (!found) {
    throw new ConfigError([errorAt('', say.noConfigFile(cwd, DEFAULT_CONFIG_FILES))]);
  }
  return found;
}

/** The message for `-c FOLDER`: the config in it, when there is one. */
function folderGiven(folder: string): string {
  const inside = DEFAULT_CONFIG_FILES.find((f) => existsSync(join(folder, f)));
  const shown = relative(process.cwd(), folder) || '.';
  return say.folderGiven(shown, inside, DEFAULT_CONFIG_FILES, join(shown, inside ?? ''));
}

/**
 * The text of a config file, within bounds (src/config/input-file.ts).
 * @throws ConfigError when it is missing, a folder, larger than {@link MAX_CONFIG_BYTES} or not text
 */
function readConfigText(file: string): string {
  try {
    return readTextFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    if (!existsSync(file)) throw new ConfigError([errorAt('', say.configFileMissing(file))]);
    if (error.message === 'is a folder, not a file') throw new ConfigError([errorAt('', folderGiven(file))]);
    throw new ConfigError([errorAt('', say.unreadableConfig(error.message))], file);
  }
}

/** Reads the raw value of a config file; syntax errors become issues with line and column. */
export function readConfigFile(file: string): unknown {
  const text = readConfigText(file);
  const ext = extname(file).toLowerCase();
  // Said as such: "must be an object, got null" would leave the user guessing.
  if (text.trim() === '') throw new ConfigError([errorAt('', say.emptyConfig)], file);
  if (CODE_CONFIG_EXTENSIONS.includes(ext)) {
    return readCodeConfig(file);
  }
  if (ext === '.json') {
    try {
      const value = JSON.parse(text) as unknown;
      const duplicates = jsonDuplicateKeys(text);
      if (duplicates.length > 0) {
        throw new ConfigError(
          duplicates.map((d) => errorAt(d.path, say.duplicateJsonKey(d.key, d.firstLine, d.line, d.column), d.excerpt)),
          file,
        );
      }
      return value;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const fault = jsonSyntaxFault(text);
      throw new ConfigError(
        [
          fault
            ? errorAt('', say.invalidJsonAt(fault.reason, fault.line, fault.column), fault.excerpt)
            : errorAt('', say.invalidJson((error as Error).message)),
        ],
        file,
      );
    }
  }
  const value = readYaml(text, file);
  if (value === null || value === undefined) throw new ConfigError([errorAt('', say.emptyConfig)], file);
  return value;
}

/**
 * The config a code config exports. Its syntax errors, what it throws while it runs and an
 * export that is no config object become one issue with the place (code-config-errors.ts).
 */
function readCodeConfig(file: string): unknown {
  let loaded: LoadedCodeConfig;
  try {
    // Node's type stripping where it has it, else jiti (code-config.ts); never repository tooling.
    loaded = loadCodeConfig(file);
  } catch (error) {
    throw new ConfigError([codeConfigIssue(error, file)], file);
  }
  const notAConfig = exportIssue(loaded, file);
  if (notAConfig) throw new ConfigError([notAConfig], file);
  return loaded.value;
}

/**
 * Validates a raw config value by the config's own rules (its shape, then every rule
 * between its values): every issue, and the resolved config. `validateConfig` in
 * src/checks/validate.ts adds the rules that need the plan.
 * @param domainPass run on each domain once resolved (see `DomainPass`)
 * @default domainPass none
 */
export function validateConfigValue(
  raw: unknown,
  domainPass?: DomainPass,
): { config: ResolvedConfig; issues: ConfigIssue[] } {
  const cycle = selfReference(raw);
  if (cycle) return { config: { environments: [] }, issues: [cycle] };
  const structural = checkStructure(raw);
  const { config, issues } = resolveConfig(raw, domainPass);
  return { config, issues: [...structural, ...issues] };
}
