/**
 * The whole validation of a config: the config's own rules (src/config), then the check
 * stage, the rules that need the record plan, each run once over every environment: the
 * `keepTxt` and `import` entries against each domain's plan (safety.ts; the report
 * authorization's against its environment's, report-auth-import.ts), record sets that
 * two entries or two environments would both own (overlap.ts), and, on a config without
 * errors, what each DNS vendor takes (audit.ts). Warnings (warnings.ts) are `validate`'s.
 */
import { readConfigFile, findConfigFile, validateConfigValue } from '../config/load';
import type { LoadedConfig } from '../config/load';
import { ConfigError } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import type { ResolvedConfig } from '../config/model';
import { auditEnvironments } from './audit';
import { recordSetOverlaps } from './overlap';
import { reportAuthImportIssues } from './report-auth-import';
import { withSafety } from './safety';

const isError = (issue: ConfigIssue) => issue.severity === 'error';

/**
 * The keys of a domain entry that decide its record names: an error at one of them (or at the
 * entry itself) leaves the names planned from it meaningless. An error elsewhere in the entry
 * (`ttl`, `dmarc.policy`) does not, and the entry's overlaps are still worth saying.
 */
const NAME_DECIDING = new Set([
  '',
  '.name',
  '.zone',
  '.region',
  '.mailFrom',
  '.mailFrom.subdomain',
  '.tracking',
  '.tracking.subdomain',
  '.dkim',
  '.dkim.selector',
]);

/**
 * The config paths of the domain entries that an error in `issues` refuses at a key that
 * decides its names: `environments.production.domains[1]` for an error at its `name`. Checks
 * that plan such an entry would only repeat the error in other words (a refused `Example.com`
 * beside `example.com` is not also two overlaps).
 */
function refusedDomainEntries(config: ResolvedConfig, issues: readonly ConfigIssue[]): Set<string> {
  const refused = new Set<string>();
  const errors = issues.filter(isError);
  if (errors.length === 0) return refused;
  const entries = new Set(config.environments.flatMap((e) => e.domains.map((d) => d.path)));
  for (const { path } of errors) {
    // From the error's path up to the root, one key or index at a time.
    let at = path;
    while (at && !entries.has(at)) {
      const parent = at.replace(/(\[\d+\]|\.?[^.[]+)$/, '');
      if (parent === at) break;
      at = parent;
    }
    if (entries.has(at) && NAME_DECIDING.has(path.slice(at.length))) refused.add(at);
  }
  return refused;
}

/** Validates a raw config value: every issue, and the resolved config. */
export function validateConfig(raw: unknown): { config: ResolvedConfig; issues: ConfigIssue[] } {
  // keepTxt and import are checked on each domain as it is resolved, beside its other issues.
  const { config, issues } = validateConfigValue(raw, withSafety);
  // import.dmarc-report-auth needs the environment: checked once every domain is resolved.
  issues.push(...reportAuthImportIssues(config.environments));
  issues.push(...recordSetOverlaps(config.environments, refusedDomainEntries(config, issues)));
  // What a vendor takes is checked on a plan made from a config that is otherwise valid: a
  // value the config's rules refused would be reported twice.
  if (!issues.some(isError)) issues.push(...auditEnvironments(config.environments));
  return { config, issues };
}

/**
 * Loads, validates and resolves a config file.
 * @throws ConfigError with every error found, when there is at least one.
 */
export function loadConfig(file?: string): LoadedConfig {
  const path = findConfigFile(file);
  const { config, issues } = validateConfig(readConfigFile(path));
  if (issues.some(isError)) throw new ConfigError(issues, path);
  return { file: path, config, issues };
}
