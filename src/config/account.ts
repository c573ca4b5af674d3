/**
 * The environment-level `account` key (issue #9): SES settings that exist once per AWS
 * account and region (account suppression list, reputation alarms, Virtual Deliverability
 * Manager), so they belong to an environment, never to a domain.
 *
 * The thresholds come from the seed guide and the SES developer guide: SES warns at a 5%
 * bounce rate and a 0.1% complaint rate, and puts the account under review at 10% and 0.2%.
 * @see https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html
 */
import { SUPPRESSION_REASONS, SUPPRESSION_SCHEMA } from './configuration-set';
import { joinPath, show } from './issues';
import type { ConfigIssue } from './issues';
import type { ResolvedAccount, ResolvedEnvironment } from './model';
import * as P from './patterns';
import type { SuppressionReason } from './types';
import { isObj } from './read';
import type { Obj } from './read';

/** The rates, as fractions, at which SES warns (and the alarms' defaults). */
export const SES_WARNING_RATES = { bounceRate: 0.05, complaintRate: 0.001 } as const;

/** The rates, as fractions, at which SES puts the account under review. */
export const SES_REVIEW_RATES = { bounceRate: 0.1, complaintRate: 0.002 } as const;

const RATE_WORDS = { bounceRate: 'bounce', complaintRate: 'complaint' } as const;

function objectOrFalse(schema: Record<string, unknown>): Record<string, unknown> {
  return {
    if: { type: 'object' },
    then: schema,
    else: { const: false, 'x-allowed': 'an object, or false to switch it off' },
  };
}

const rate = (which: keyof typeof SES_WARNING_RATES) => ({
  type: 'number',
  description: `Alarm when the ${RATE_WORDS[which]} rate reaches this fraction (${SES_WARNING_RATES[which]} = ${percent(SES_WARNING_RATES[which])}).`,
});

/** The JSON Schema of an environment's `account` block. */
export const ACCOUNT_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  description: 'SES account settings of this environment (once per AWS account and region).',
  properties: {
    id: { type: 'string', pattern: P.AWS_ACCOUNT_ID, 'x-allowed': 'a 12-digit AWS account id such as 123456789012' },
    suppression: { ...SUPPRESSION_SCHEMA, description: 'Account-level suppression reasons; [] turns it off.' },
    alarms: objectOrFalse({
      type: 'object',
      additionalProperties: false,
      properties: {
        // Ranges are checked in resolveAccount, with a message that says what a fraction is.
        bounceRate: rate('bounceRate'),
        complaintRate: rate('complaintRate'),
        snsTopicArn: {
          type: 'string',
          pattern: P.SNS_TOPIC_ARN,
          'x-allowed': 'an ARN such as arn:aws:sns:eu-west-1:123456789012:ses-alarms',
        },
      },
    }),
    vdm: objectOrFalse({
      type: 'object',
      additionalProperties: false,
      properties: {
        dashboard: { type: 'boolean', description: 'Engagement metrics in the VDM dashboard.' },
        guardian: { type: 'boolean', description: 'Optimized shared delivery (VDM guardian).' },
      },
    }),
  },
};

/** `0.05` -> `5%`, `0.001` -> `0.1%`. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))}%`;
}

/** Resolves an environment's `account` block, or undefined when there is none. */
export function resolveAccount(
  raw: unknown,
  path: string,
  environment: Pick<ResolvedEnvironment, 'name' | 'region' | 'domains'>,
  issues: ConfigIssue[],
): ResolvedAccount | undefined {
  if (!isObj(raw)) return undefined;
  const suppression = Array.isArray(raw.suppression)
    ? raw.suppression.filter((r): r is SuppressionReason => (SUPPRESSION_REASONS as readonly unknown[]).includes(r))
    : [...SUPPRESSION_REASONS];
  const otherRegions = [...new Set(environment.domains.map((d) => d.region))]
    .filter((r) => r !== environment.region)
    .sort();
  if (otherRegions.length > 0) {
    issues.push({
      severity: 'warning',
      path,
      message: `applies to ${environment.region}, the region of environment "${environment.name}", only; its domains also send from ${otherRegions.join(', ')}, whose account settings stay as they are: manage those regions in an environment of their own`,
    });
  }
  return {
    path,
    id: typeof raw.id === 'string' ? raw.id : undefined,
    suppression,
    alarms: isObj(raw.alarms) ? resolveAlarms(raw.alarms, joinPath(path, 'alarms'), issues) : false,
    vdm: isObj(raw.vdm) ? { dashboard: raw.vdm.dashboard === true, guardian: raw.vdm.guardian === true } : false,
  };
}

function resolveAlarms(raw: Obj, path: string, issues: ConfigIssue[]): ResolvedAccount['alarms'] {
  const threshold = (key: keyof typeof SES_WARNING_RATES): number => {
    const value = raw[key];
    if (typeof value !== 'number') return SES_WARNING_RATES[key]; // absent, or reported by the schema
    const at = joinPath(path, key);
    if (!(value > 0 && value <= 1)) {
      const hint =
        value > 1 && value <= 100
          ? `; did you mean ${Number((value / 100).toPrecision(12))} (${value}%)?`
          : `; SES warns at ${SES_WARNING_RATES[key]} (${percent(SES_WARNING_RATES[key])}), the default`;
      issues.push({
        severity: 'error',
        path: at,
        message: `must be a fraction greater than 0 and at most 1 (${SES_WARNING_RATES[key]} means ${percent(SES_WARNING_RATES[key])}), got ${show(value)}${hint}`,
      });
      return SES_WARNING_RATES[key];
    }
    const review = SES_REVIEW_RATES[key];
    if (value >= review) {
      issues.push({
        severity: 'warning',
        path: at,
        message: `${value} (${percent(value)}) is at or above the ${RATE_WORDS[key]} rate at which SES puts the account under review (${review}, ${percent(review)}): the alarm would fire only once the review has begun; use ${SES_WARNING_RATES[key]} (${percent(SES_WARNING_RATES[key])}, the SES warning level) or lower`,
      });
    }
    return value;
  };
  return {
    bounceRate: threshold('bounceRate'),
    complaintRate: threshold('complaintRate'),
    snsTopicArn: typeof raw.snsTopicArn === 'string' ? raw.snsTopicArn : undefined,
  };
}

/**
 * Two environments managing the account settings of one account and region: two Terraform
 * states would fight over one suppression list and one VDM setting, each apply undoing the
 * other's. "One account" as for configuration sets: the same `account.id` is an error, a
 * missing id on either side a warning (see `checkSharedConfigurationSets`).
 */
export function checkSharedAccountSettings(environments: readonly ResolvedEnvironment[], issues: ConfigIssue[]): void {
  const seen = new Map<string, ResolvedEnvironment[]>();
  for (const env of environments) {
    if (!env.account) continue;
    const earlier = seen.get(env.region) ?? [];
    for (const other of earlier) {
      const a = other.account?.id;
      const b = env.account.id;
      if (a !== undefined && b !== undefined && a !== b) continue;
      const where = `environment "${other.name}" (${other.account?.path}) also manages the SES account settings of ${env.region}`;
      issues.push(
        a !== undefined && a === b
          ? {
              severity: 'error',
              path: env.account.path,
              message: `${where} in account ${a}: two stacks would overwrite each other's suppression and VDM settings; keep the account block in one of them`,
            }
          : {
              severity: 'warning',
              path: env.account.path,
              message: `${where}; if both deploy to one AWS account their applies overwrite each other: keep the account block in one of them, or declare account.id on both if they use different accounts`,
            },
      );
    }
    seen.set(env.region, [...earlier, env]);
  }
}
