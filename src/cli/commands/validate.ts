/**
 * `ses-dns validate`: every error and every warning of a config at once, each with its
 * config path. Errors exit 2; warnings exit 0, or 1 with `--strict`.
 */
import { displayPath } from '../output';
import { ConfigError } from '../../config/issues';
import type { ConfigIssue } from '../../config/issues';
import { validateConfig } from '../../checks/validate';
import { configAdvice } from '../../checks/warnings';
import type { ConfigNote } from '../../checks/warnings';
import { findConfigFile, readConfigFile } from '../../config/load';

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** @default the first of ses-dns.yaml, ses-dns.yml, ses-dns.json, ses-dns.config.ts */
  readonly config?: string;
}

/** What {@link validate} found. */
export interface ValidateResult {
  /** The config file, relative to the working folder when inside it. */
  readonly file: string;
  readonly errors: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
  /** Things ses-dns does on the user's behalf, worth knowing (never a failure). */
  readonly notes: readonly ConfigNote[];
  readonly environments: number;
  readonly domains: number;
}

/** Validates a config file; never throws on a bad config, it reports it. */
export async function validate(options: ValidateOptions = {}): Promise<ValidateResult> {
  let file = options.config ?? '';
  try {
    file = findConfigFile(options.config);
    const raw = readConfigFile(file);
    // The config's rules and the check stage (src/checks): what a DNS vendor takes is read
    // from its data, so no provider module and no CDKTF is loaded.
    const { config, issues } = validateConfig(raw);
    const errors = issues.filter((i) => i.severity === 'error');
    const advice = configAdvice(config, raw);
    const warnings = [...issues.filter((i) => i.severity === 'warning'), ...advice.warnings];
    return {
      file: displayPath(file),
      errors,
      // Advice on a value already refused (a `pct` of 150, a report address that is no
      // address) repeats the error in other words: the error alone says what to fix.
      warnings: warnings.filter((w) => !errors.some((e) => within(w.path, e.path))),
      notes: advice.notes,
      environments: config.environments.length,
      domains: config.environments.reduce((n, e) => n + e.domains.length, 0),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      file: displayPath(error.file ?? file),
      errors: error.issues,
      warnings: [],
      notes: [],
      environments: 0,
      domains: 0,
    };
  }
}

/** The stable JSON of `validate --json`. */
export function validateJson(result: ValidateResult) {
  const plain = (i: { path: string; message: string }) => ({ path: i.path, message: i.message });
  return {
    file: result.file,
    valid: result.errors.length === 0,
    errors: result.errors.map(plain),
    warnings: result.warnings.map(plain),
    notes: result.notes.map(plain),
  };
}

/** Whether config path `path` is `parent` or lies inside it (`dmarc.rua[0]` in `dmarc.rua`). */
function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}
