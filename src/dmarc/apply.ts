/**
 * Where `dmarc --apply` writes each new policy.
 *
 * The config is layered (defaults < environment < domain), so a domain's `dmarc.policy` is
 * often written at a layer it shares with other domains. Raising it there would raise every
 * domain that reads it, ready or not. So for each ready domain the planner writes:
 *
 * 1. at the path where its policy is written now (`originOf`, src/config/merge.ts), when
 *    every domain whose policy that would change is ready for the same step: one edit, and
 *    the config keeps its shape;
 * 2. otherwise at its own entry, `environments.<env>.domains[<i>].dmarc.policy`, which
 *    raises that domain alone (nothing inherits from a domain entry).
 *
 * No other layer is introduced: writing a new `dmarc.policy` at an environment would also
 * decide the starting policy of domains added to it later. Whether a domain's policy would
 * change is not guessed from paths: the planner sets the value in a copy of the raw config
 * and resolves it again. Domains of environments not selected with `--env` are never
 * ready, so a shared layer they read is never raised.
 */
import { mergeLayers } from '../config/merge';
import type { ResolvedConfig, ResolvedDomain } from '../config/model';
import { isObj } from '../config/read';
import { resolveConfig } from '../config/resolve';
import type { DmarcPolicy } from '../config/types';
import { applyEditsToValue, ConfigEditError, parseConfigPath } from '../config/edit';

/** One value `--apply` writes. */
export interface PolicyChange {
  /** Config path of the value: `environments.production.dmarc.policy`. */
  readonly path: string;
  readonly from: DmarcPolicy;
  readonly to: DmarcPolicy;
  /** The domains it raises, as `domain (environment)`. */
  readonly domains: readonly string[];
}

/** The config path where `domain`'s DMARC policy is written (or would be, by the layer that holds its `dmarc`). */
export function policyOrigin(raw: unknown, domain: ResolvedDomain): string {
  const root = isObj(raw) ? raw : {};
  const environments = isObj(root.environments) ? root.environments : {};
  const env = environments[domain.environment];
  const envPath = `environments.${domain.environment}`;
  const entry = valueAt(raw, parseConfigPath(domain.path));
  const layer = (values: unknown, path: string) => ({
    values: isObj(values) && 'dmarc' in values ? { dmarc: values.dmarc } : {},
    path,
  });
  return mergeLayers([layer(root.defaults, 'defaults'), layer(env, envPath), layer(entry, domain.path)]).originOf(
    'dmarc.policy',
  );
}

function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let value = root;
  for (const key of segments) {
    if (Array.isArray(value) && typeof key === 'number') value = value[key];
    else if (isObj(value) && typeof key === 'string') value = value[key];
    else return undefined;
  }
  return value;
}

/** The DMARC policy of every domain entry, by the entry's config path. */
export function policiesByPath(config: ResolvedConfig): Map<string, DmarcPolicy | false> {
  return new Map(
    config.environments.flatMap((e) => e.domains).map((d) => [d.path, d.dmarc ? d.dmarc.policy : false] as const),
  );
}

/**
 * The edits that raise each ready domain to its target, at the outermost layer that raises
 * no other domain.
 * @param raw the config as read (before defaults are applied)
 * @param config the whole config resolved (every environment, not only the selected ones)
 * @param ready target policy by domain entry path (`environments.production.domains[0]`)
 */
export function planPolicyChanges(
  raw: unknown,
  config: ResolvedConfig,
  ready: ReadonlyMap<string, DmarcPolicy>,
): PolicyChange[] {
  const before = policiesByPath(config);
  const domains = config.environments.flatMap((e) => e.domains);
  const byPath = new Map(domains.map((d) => [d.path, d]));
  const changes = new Map<string, { from: DmarcPolicy; to: DmarcPolicy; domains: Set<string> }>();
  const verdicts = new Map<string, ReadonlySet<string> | undefined>();

  /** The entries that writing `to` at `path` raises, if all of them are ready for it; else undefined. */
  const tryCandidate = (path: string, to: DmarcPolicy): ReadonlySet<string> | undefined => {
    const key = `${path}\n${to}`;
    if (verdicts.has(key)) return verdicts.get(key);
    let edited: unknown;
    try {
      edited = applyEditsToValue(raw, [{ path, value: to }]);
    } catch (error) {
      // A path through a value of another kind cannot take the policy: write it elsewhere.
      if (!(error instanceof ConfigEditError)) throw error;
      verdicts.set(key, undefined);
      return undefined;
    }
    const after = policiesByPath(resolveConfig(edited).config);
    const changed = new Set([...before.keys()].filter((p) => after.get(p) !== before.get(p)));
    const safe = [...changed].every((p) => ready.get(p) === to && after.get(p) === to);
    const verdict = safe ? changed : undefined;
    verdicts.set(key, verdict);
    return verdict;
  };

  for (const [entryPath, to] of [...ready.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const domain = byPath.get(entryPath);
    if (!domain || !domain.dmarc) continue;
    const own = `${entryPath}.dmarc.policy`;
    const origin = policyOrigin(raw, domain);
    const verdict = origin === own ? undefined : tryCandidate(origin, to);
    const shared = verdict?.has(entryPath) === true;
    const chosen = shared ? origin : own;
    const raised: ReadonlySet<string> = shared ? verdict : new Set([entryPath]);
    const change = changes.get(chosen) ?? { from: domain.dmarc.policy, to, domains: new Set<string>() };
    for (const p of raised) {
      const d = byPath.get(p);
      if (d) change.domains.add(`${d.name} (${d.environment})`);
    }
    changes.set(chosen, change);
  }
  return [...changes.entries()]
    .map(([path, c]) => ({ path, from: c.from, to: c.to, domains: [...c.domains].sort() }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
