/**
 * The `configurationSet` key (issue #8): its schema, its resolution, and the checks that
 * span domains and environments. A configuration set is what makes SES publish sending
 * events (bounces, complaints) somewhere a person or a program watches them, the seed
 * guide's first best practice after DNS.
 */
import { joinPath, show } from './issues';
import type { ConfigIssue } from './issues';
import type { MergedSettings } from './merge';
import type {
  ResolvedConfigurationSet,
  ResolvedDomain,
  ResolvedEnvironment,
  ResolvedEventDestination,
  ResolvedEventTarget,
} from './model';
import * as P from './patterns';
import type { SesEventType, SuppressionReason } from './types';
import { isObj, str } from './read';
import type { Obj } from './read';

/**
 * Every SES event type, in the order of the SES API reference.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EventDestinationDefinition.html
 */
export const SES_EVENT_TYPES: readonly SesEventType[] = [
  'SEND',
  'REJECT',
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'RENDERING_FAILURE',
  'DELIVERY_DELAY',
  'SUBSCRIPTION',
];

/** Suppression reasons SES knows. */
export const SUPPRESSION_REASONS: readonly SuppressionReason[] = ['BOUNCE', 'COMPLAINT'];

/** The keys of an event destination that name its target; exactly one per event. */
export const EVENT_TARGET_KEYS = ['sns', 'cloudwatch', 'eventBridge', 'firehose'] as const;

const arn = (pattern: string, example: string) => ({
  type: 'string',
  pattern,
  'x-allowed': `an ARN such as ${example}`,
});

/** A list of suppression reasons; `[]` is allowed and means "suppress nothing". */
export const SUPPRESSION_SCHEMA = {
  type: 'array',
  uniqueItems: true,
  items: { type: 'string', enum: [...SUPPRESSION_REASONS] },
};

const eventDestination = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'types'],
  properties: {
    name: {
      type: 'string',
      pattern: P.EVENT_DESTINATION_NAME,
      'x-allowed': '1-64 letters, digits, hyphens or underscores',
    },
    types: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: [...SES_EVENT_TYPES] },
    },
    sns: {
      type: 'object',
      additionalProperties: false,
      properties: {
        topicArn: arn(P.SNS_TOPIC_ARN, 'arn:aws:sns:eu-west-1:123456789012:ses-events'),
        create: { const: true, 'x-allowed': 'true (or give topicArn instead)' },
      },
    },
    cloudwatch: {
      type: 'object',
      additionalProperties: false,
      required: ['dimensions'],
      properties: {
        dimensions: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'default'],
            properties: {
              name: {
                type: 'string',
                pattern: P.CLOUDWATCH_DIMENSION_NAME,
                'x-allowed': 'letters, digits, hyphens, underscores or colons, such as ses:from-domain',
              },
              source: { type: 'string', enum: ['messageTag', 'emailHeader', 'linkTag'] },
              default: {
                type: 'string',
                pattern: P.CLOUDWATCH_DIMENSION_DEFAULT,
                'x-allowed': 'letters, digits, hyphens, underscores, periods or @, such as unknown',
              },
            },
          },
        },
      },
    },
    eventBridge: {
      type: 'object',
      additionalProperties: false,
      required: ['busArn'],
      properties: { busArn: arn(P.EVENT_BUS_ARN, 'arn:aws:events:eu-west-1:123456789012:event-bus/default') },
    },
    firehose: {
      type: 'object',
      additionalProperties: false,
      required: ['deliveryStreamArn', 'iamRoleArn'],
      properties: {
        deliveryStreamArn: arn(
          P.FIREHOSE_STREAM_ARN,
          'arn:aws:firehose:eu-west-1:123456789012:deliverystream/ses-events',
        ),
        iamRoleArn: arn(P.ROLE_ARN, 'arn:aws:iam::123456789012:role/ses-firehose'),
      },
    },
  },
};

/** The JSON Schema of a `configurationSet` object (the `false` form is added by the caller). */
export const CONFIGURATION_SET_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      pattern: P.CONFIGURATION_SET_NAME,
      'x-allowed': '1-64 letters, digits, hyphens or underscores',
    },
    events: { type: 'array', items: eventDestination, description: 'Where SES publishes sending events.' },
    suppression: { ...SUPPRESSION_SCHEMA, description: 'Suppression reasons of this set; [] turns it off.' },
    reputationMetrics: { type: 'boolean', description: "Publish this set's reputation metrics to CloudWatch." },
    tls: { type: 'string', enum: ['require', 'optional'] },
    sendingPool: {
      type: 'string',
      pattern: P.SENDING_POOL_NAME,
      'x-allowed': 'the name of a dedicated IP pool: 1-64 letters, digits, hyphens or underscores',
    },
  },
};

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
  if (Array.isArray(raw.suppression)) {
    set.suppression = raw.suppression.filter((r): r is SuppressionReason =>
      (SUPPRESSION_REASONS as readonly unknown[]).includes(r),
    );
  }
  if (typeof raw.reputationMetrics === 'boolean') set.reputationMetrics = raw.reputationMetrics;
  if (raw.tls === 'require' || raw.tls === 'optional') set.tls = raw.tls;
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
      issues.push({
        severity: 'error',
        path: joinPath(eventPath, 'name'),
        message: `event destination name ${show(entry.name)} is already used at ${earlier} (names that differ only in - and _ count as the same): give each event destination its own name`,
      });
      return;
    }
    firstPathOf.set(key, eventPath);
    const target = resolveTarget(entry, eventPath, issues);
    if (!target) return;
    const types = Array.isArray(entry.types)
      ? entry.types.filter((t): t is SesEventType => (SES_EVENT_TYPES as readonly unknown[]).includes(t))
      : [];
    events.push({ name: entry.name, types, target });
  });
  return events;
}

function resolveTarget(entry: Obj, path: string, issues: ConfigIssue[]): ResolvedEventTarget | undefined {
  const given = EVENT_TARGET_KEYS.filter((k) => entry[k] !== undefined);
  const name = show(entry.name);
  if (given.length === 0) {
    issues.push({
      severity: 'error',
      path,
      message: `event destination ${name} has no target: add exactly one of ${EVENT_TARGET_KEYS.join(', ')}, such as sns: { topicArn: arn:aws:sns:eu-west-1:123456789012:ses-events }`,
    });
    return undefined;
  }
  if (given.length > 1) {
    issues.push({
      severity: 'error',
      path: joinPath(path, given[1]!),
      message: `event destination ${name} has ${given.length} targets (${given.join(', ')}); an SES event destination publishes to exactly one: split it into one event destination per target, each with its own name`,
    });
    return undefined;
  }
  const kind = given[0]!;
  const body = isObj(entry[kind]) ? (entry[kind] as Obj) : {};
  switch (kind) {
    case 'sns': {
      const topicArn = str(body.topicArn);
      if (topicArn !== undefined && body.create !== undefined) {
        issues.push({
          severity: 'error',
          path: joinPath(path, 'sns'),
          message: `gives both topicArn and create: publish to the existing topic (keep topicArn) or let the stack create one (keep create: true), not both`,
        });
        return undefined;
      }
      if (body.create === false) return undefined; // reported by the schema
      if (topicArn === undefined && body.create !== true) {
        issues.push({
          severity: 'error',
          path: joinPath(path, 'sns'),
          message: `needs a topic: give topicArn (an existing topic) or create: true (the stack creates one and outputs its ARN)`,
        });
        return undefined;
      }
      return topicArn !== undefined ? { kind: 'sns', topicArn } : { kind: 'sns-create' };
    }
    case 'cloudwatch': {
      const dimensions = (Array.isArray(body.dimensions) ? body.dimensions : []).filter(isObj).map((d) => ({
        name: str(d.name) ?? '',
        source:
          d.source === 'emailHeader' || d.source === 'linkTag'
            ? d.source
            : ('messageTag' as 'messageTag' | 'emailHeader' | 'linkTag'),
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
      const where = `configuration set "${name}" in ${domain.region} is also created by environment "${earlier.env.name}" (${earlier.path})`;
      issues.push(
        a !== undefined && a === b
          ? {
              severity: 'error',
              path,
              message: `${where}, and both environments declare account ${a}: a name is unique per account and region, so the second apply fails; give the sets different names (for example "${name}-${env.name}")`,
            }
          : {
              severity: 'warning',
              path,
              message: `${where}; if both environments deploy to one AWS account the second apply fails: give the sets different names (for example "${name}-${env.name}"), or declare account.id on both environments if they use different accounts`,
            },
      );
    }
  }
}
