/**
 * The `configurationSet` key (issue #8): its resolution, and the checks that
 * span domains and environments. A configuration set is what makes SES publish sending
 * events (bounces, complaints) somewhere a person or a program watches them, the seed
 * guide's first best practice after DNS.
 */
import * as say from '../messages/config';
import { errorAt, joinPath, warningAt } from './issues';
import type { ConfigIssue } from './issues';
import type { MergedSettings } from './merge';
import type {
  ResolvedConfigurationSet,
  ResolvedDomain,
  ResolvedEnvironment,
  ResolvedEventDestination,
  ResolvedEventTarget,
} from './model';
import {
  DIMENSION_SOURCES,
  EVENT_TARGET_KEYS,
  oneOf,
  onlyOf,
  SES_EVENT_TYPES,
  SUPPRESSION_REASONS,
  TLS_POLICIES,
} from './vocabulary';
import { isObj, str } from './read';
import type { Obj } from './read';

/** The configuration set name used when none is given: `notify.example.com` -> `notify-example-com`. */
export function defaultConfigurationSetName(domain: string): string {
  return domain.replace(/\./g, '-');
}

/**
 * The configuration set a domain's stack creates, if any: the configured one, or the one
 * that tracking alone needs (it carries the tracking options).
 */
export function effectiveConfigurationSetName(domain: ResolvedDomain): string | undefined {
  if (domain.configurationSet) return domain.configurationSet.name;
  return domain.tracking ? defaultConfigurationSetName(domain.name) : undefined;
}

/** Resolves the merged `configurationSet` value of `domain`. */
export function resolveConfigurationSet(
  domain: string,
  raw: unknown,
  settings: MergedSettings,
  issues: ConfigIssue[],
): ResolvedConfigurationSet | false {
  if (!isObj(raw)) return false;
  const set: { -readonly [K in keyof ResolvedConfigurationSet]: ResolvedConfigurationSet[K] } = {
    name: str(raw.name) ?? defaultConfigurationSetName(domain),
  };
  // Only what is written lands in the model, so `{ name }` alone synthesizes as it always did.
  if (Array.isArray(raw.events)) {
    set.events = resolveEvents(raw.events, settings.originOf('configurationSet.events'), issues);
  }
  if (Array.isArray(raw.suppression)) set.suppression = onlyOf(SUPPRESSION_REASONS, raw.suppression);
  if (typeof raw.reputationMetrics === 'boolean') set.reputationMetrics = raw.reputationMetrics;
  const tls = oneOf(TLS_POLICIES, raw.tls);
  if (tls) set.tls = tls;
  if (typeof raw.sendingPool === 'string') set.sendingPool = raw.sendingPool;
  return set;
}

function resolveEvents(raw: readonly unknown[], path: string, issues: ConfigIssue[]): ResolvedEventDestination[] {
  const events: ResolvedEventDestination[] = [];
  const firstPathOf = new Map<string, string>();
  raw.forEach((entry, index) => {
    const eventPath = joinPath(path, index);
    if (!isObj(entry) || typeof entry.name !== 'string') return;
    // The address is `<domain>__event_<name>` with hyphens as underscores: `a-b` and `a_b` would share it.
    const key = entry.name.replace(/-/g, '_');
    const earlier = firstPathOf.get(key);
    if (earlier !== undefined) {
      issues.push(errorAt(joinPath(eventPath, 'name'), say.eventNameTaken(entry.name, earlier)));
      return;
    }
    firstPathOf.set(key, eventPath);
    const target = resolveTarget(entry, eventPath, issues);
    if (!target) return;
    const types = Array.isArray(entry.types) ? onlyOf(SES_EVENT_TYPES, entry.types) : [];
    events.push({ name: entry.name, types, target });
  });
  return events;
}

function resolveTarget(entry: Obj, path: string, issues: ConfigIssue[]): ResolvedEventTarget | undefined {
  const given = EVENT_TARGET_KEYS.filter((k) => entry[k] !== undefined);
  if (given.length === 0) {
    issues.push(errorAt(path, say.eventWithoutTarget(entry.name, EVENT_TARGET_KEYS)));
    return undefined;
  }
  if (given.length > 1) {
    issues.push(errorAt(joinPath(path, given[1]!), say.eventWithTargets(entry.name, given)));
    return undefined;
  }
  const kind = given[0]!;
  const body = isObj(entry[kind]) ? (entry[kind] as Obj) : {};
  switch (kind) {
    case 'sns': {
      const topicArn = str(body.topicArn);
      if (topicArn !== undefined && body.create !== undefined) {
        issues.push(errorAt(joinPath(path, 'sns'), say.snsTopicAndCreate));
        return undefined;
      }
      if (body.create === false) return undefined; // reported by the schema
      if (topicArn === undefined && body.create !== true) {
        issues.push(errorAt(joinPath(path, 'sns'), say.snsNeedsTopic));
        return undefined;
      }
      return topicArn !== undefined ? { kind: 'sns', topicArn } : { kind: 'sns-create' };
    }
    case 'cloudwatch': {
      const dimensions = (Array.isArray(body.dimensions) ? body.dimensions : []).filter(isObj).map((d) => ({
        name: str(d.name) ?? '',
        source: oneOf(DIMENSION_SOURCES, d.source) ?? 'messageTag',
        default: str(d.default) ?? '',
      }));
      return { kind: 'cloudwatch', dimensions };
    }
    case 'eventBridge':
      return { kind: 'eventBridge', busArn: str(body.busArn) ?? '' };
    case 'firehose':
      return {
        kind: 'firehose',
        deliveryStreamArn: str(body.deliveryStreamArn) ?? '',
        iamRoleArn: str(body.iamRoleArn) ?? '',
      };
  }
}

/**
 * Two environments whose stacks would create the same configuration set in one AWS account
 * and region. A configuration set name is unique per account and region, so the second
 * `terraform apply` fails with AlreadyExists (or, imported, two states fight over one set).
 *
 * "One account": environments do not say which AWS account they deploy to unless they set
 * `account.id`. Two environments are in one account when both declare the same id (an
 * error: a certain clash), and may be when either declares none (a warning: declare
 * `account.id` on both to say they differ). Distinct ids never clash.
 */
export function checkSharedConfigurationSets(
  environments: readonly ResolvedEnvironment[],
  issues: ConfigIssue[],
): void {
  const seen = new Map<string, { env: ResolvedEnvironment; path: string }>();
  for (const env of environments) {
    for (const domain of env.domains) {
      const name = effectiveConfigurationSetName(domain);
      if (name === undefined) continue;
      const path = domain.configurationSet
        ? joinPath(joinPath(domain.path, 'configurationSet'), 'name')
        : joinPath(domain.path, 'tracking');
      const key = `${domain.region}\n${name}`;
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, { env, path });
        continue;
      }
      if (earlier.env === env) continue; // reported per environment by resolve.ts
      const a = earlier.env.account?.id;
      const b = env.account?.id;
      if (a !== undefined && b !== undefined && a !== b) continue;
      const same = a !== undefined && a === b ? a : undefined;
      const other = { environment: earlier.env.name, path: earlier.path };
      const message = say.configurationSetShared(name, domain.region, other, env.name, same);
      issues.push(same !== undefined ? errorAt(path, message) : warningAt(path, message));
    }
  }
}
