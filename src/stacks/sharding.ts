/**
 * `maxDomainsPerStack`: an environment split into stacks `<env>-1`, `<env>-2`, ... so that
 * each Terraform state and plan stays small and the stacks can be applied in parallel.
 *
 * Stable assignment needs state. A domain that moves to another stack is destroyed in one
 * state and created in the other: its SES identity comes back with new DKIM tokens. No
 * function of the config alone can keep every domain in place as domains are added and
 * still bound the stack size (docs/scaling.md has the proof), so the assignment is kept in
 * a committed file, `ses-dns.stacks.json` beside the config, and only ever extended:
 *
 * - a domain already assigned keeps its stack, whatever else changes;
 * - new domains, in name order, fill the lowest-numbered stack that has room, and open the
 *   next number when every stack is full;
 * - a removed domain leaves the file, and its place is free for a later one.
 *
 * Pure functions: the file is read and written by `src/stacks/stack-assignment.ts`.
 */
import { errorAt } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import type { ResolvedBackend, ResolvedConfig, ResolvedDomain, ResolvedEnvironment } from '../config/model';
import * as say from '../messages/config';

/** Stack number (1, 2, ...) of each domain of one environment, by domain name. */
export type StackAssignment = Readonly<Record<string, number>>;

/** Stack assignments of every sharded environment, by environment name. */
export type StackAssignments = Readonly<Record<string, StackAssignment>>;

/** The name of stack `n` of `environment`: `production-2`. */
export function shardName(environment: string, n: number): string {
  return `${environment}-${n}`;
}

/**
 * Assigns the domains of `environment` to stacks, keeping every assignment of `previous`
 * for domains still there. Issues when a stack of `previous` holds more than the maximum
 * (after `maxDomainsPerStack` was lowered): moving domains is left to the user.
 */
export function assignStacks(
  environment: ResolvedEnvironment,
  max: number,
  previous: StackAssignment = {},
): { assignment: StackAssignment; issues: ConfigIssue[] } {
  const assignment: Record<string, number> = {};
  const counts = new Map<number, number>();
  const pending: string[] = [];
  for (const { name } of environment.domains) {
    const n = previous[name];
    if (Number.isInteger(n) && n >= 1) {
      assignment[name] = n;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    } else {
      pending.push(name);
    }
  }
  const issues: ConfigIssue[] = [...counts]
    .filter(([, count]) => count > max)
    .sort(([a], [b]) => a - b)
    .map(([n, count]) =>
      errorAt(`${environment.path}.maxDomainsPerStack`, say.stackTooFull(shardName(environment.name, n), count, max)),
    );
  let n = 1;
  for (const name of pending.sort()) {
    while ((counts.get(n) ?? 0) >= max) n++;
    assignment[name] = n;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return { assignment: sortedByName(assignment), issues };
}

function sortedByName(assignment: Record<string, number>): StackAssignment {
  return Object.fromEntries(Object.entries(assignment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `ses/production.tfstate` -> `ses/production-2.tfstate`; without `.tfstate`, `-2` is appended. */
export function shardStateKey(key: string, n: number): string {
  return key.endsWith('.tfstate') ? `${key.slice(0, -'.tfstate'.length)}-${n}.tfstate` : `${key}-${n}`;
}

/** The backend of stack `n`: its own state file, key or workspace, beside the environment's. */
export function shardBackend(backend: ResolvedBackend, n: number): ResolvedBackend {
  switch (backend.type) {
    case 'local':
      return { ...backend, path: shardStateKey(backend.path, n) };
    case 's3':
      return { ...backend, key: shardStateKey(backend.key, n) };
    case 'cloud':
      return { ...backend, workspace: `${backend.workspace}-${n}` };
  }
}

/**
 * The stacks of a sharded environment, in stack order; a stack left with no domain is not
 * written. Account-level settings (`account`: suppression, alarms, VDM) exist once per
 * account and region, so they live in stack 1 only, which is then always written.
 */
export function shardEnvironment(environment: ResolvedEnvironment, assignment: StackAssignment): ResolvedEnvironment[] {
  // Domains grouped in one pass (a filter of every domain per stack is quadratic).
  const byStack = new Map<number, ResolvedDomain[]>();
  if (environment.account) byStack.set(1, []);
  for (const domain of environment.domains) {
    const n = assignment[domain.name]!;
    const domains = byStack.get(n);
    if (domains) domains.push(domain);
    else byStack.set(n, [domain]);
  }
  return [...byStack]
    .sort(([a], [b]) => a - b)
    .map(([n, domains]) => ({
      ...environment,
      name: shardName(environment.name, n),
      backend: shardBackend(environment.backend, n),
      account: n === 1 ? environment.account : undefined,
      domains,
      zoneDomains: environment.zoneDomains ?? environment.domains,
    }));
}

/**
 * Splits every environment that sets `maxDomainsPerStack`, extending `previous`.
 * @returns the config with one environment per stack, the assignments to keep, and issues
 */
export function shardConfig(
  config: ResolvedConfig,
  previous: StackAssignments = {},
): { config: ResolvedConfig; assignments: StackAssignments; issues: ConfigIssue[] } {
  const assignments: Record<string, StackAssignment> = {};
  const issues: ConfigIssue[] = [];
  const environments: ResolvedEnvironment[] = [];
  for (const environment of config.environments) {
    const max = environment.maxDomainsPerStack;
    if (max === undefined) {
      environments.push(environment);
      continue;
    }
    const result = assignStacks(environment, max, previous[environment.name]);
    assignments[environment.name] = result.assignment;
    issues.push(...result.issues);
    environments.push(...shardEnvironment(environment, result.assignment));
  }
  const names = new Set(config.environments.map((e) => e.name));
  for (const environment of environments) {
    if (config.environments.includes(environment) || !names.has(environment.name)) continue;
    issues.push(errorAt(`environments.${environment.name}`, say.environmentNamedLikeStack(environment.name)));
  }
  return { config: { environments }, assignments, issues };
}
