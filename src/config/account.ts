/**
 * The environment-level `account` key (issue #9): SES settings that exist once per AWS
 * account and region (account suppression list, reputation alarms, Virtual Deliverability
 * Manager), so they belong to an environment, never to a domain.
 *
 * The thresholds come from the seed guide and the SES developer guide: SES warns at a 5%
 * bounce rate and a 0.1% complaint rate, and puts the account under review at 10% and 0.2%.
 * @see https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html
 */
import * as say from '../messages/config';
import { errorAt, joinPath, warningAt } from './issues';
import type { ConfigIssue } from './issues';
import type { ResolvedAccount, ResolvedEnvironment } from './model';
import { domainRegions, hasRegionPlaceholder } from './domain-regions';
import { arnRegion } from './regional';
import { onlyOf, SUPPRESSION_REASONS } from './vocabulary';
import { isObj } from './read';
import type { Obj } from './read';

/** The rates, as fractions, at which SES warns (and the alarms' defaults). */
export const SES_WARNING_RATES = { bounceRate: 0.05, complaintRate: 0.001 } as const;

/** The rates, as fractions, at which SES puts the account under review. */
export const SES_REVIEW_RATES = { bounceRate: 0.1, complaintRate: 0.002 } as const;

/** `0.05` -> `5%` (kept here for the modules that print rates). */
export { percent } from '../messages/words';

const RATE_WORDS = { bounceRate: 'bounce', complaintRate: 'complaint' } as const;

/** Resolves an environment's `account` block, or undefined when there is none. */
export function resolveAccount(
  raw: unknown,
  path: string,
  environment: Pick<ResolvedEnvironment, 'name' | 'region' | 'regions' | 'domains'>,
  issues: ConfigIssue[],
): ResolvedAccount | undefined {
  if (!isObj(raw)) return undefined;
  const suppression = Array.isArray(raw.suppression)
    ? onlyOf(SUPPRESSION_REASONS, raw.suppression)
    : [...SUPPRESSION_REASONS];
  const managed = environmentRegions(environment);
  const otherRegions = [...new Set(environment.domains.flatMap((d) => domainRegions(d)))]
    .filter((r) => !managed.includes(r))
    .sort();
  if (otherRegions.length > 0) {
    issues.push(warningAt(path, say.accountRegionOnly(managed, environment.name, otherRegions)));
  }
  return {
    path,
    id: typeof raw.id === 'string' ? raw.id : undefined,
    suppression,
    alarms: isObj(raw.alarms) ? resolveAlarms(raw.alarms, joinPath(path, 'alarms'), managed, issues) : false,
    vdm: isObj(raw.vdm) ? { dashboard: raw.vdm.dashboard === true, guardian: raw.vdm.guardian === true } : false,
  };
}

function resolveAlarms(
  raw: Obj,
  path: string,
  regions: readonly string[],
  issues: ConfigIssue[],
): ResolvedAccount['alarms'] {
  const threshold = (key: keyof typeof SES_WARNING_RATES): number => {
    const value = raw[key];
    const warnAt = SES_WARNING_RATES[key];
    if (typeof value !== 'number') return warnAt; // absent, or reported by the schema
    const at = joinPath(path, key);
    if (!(value > 0 && value <= 1)) {
      issues.push(errorAt(at, say.rateNotFraction(value, warnAt)));
      return warnAt;
    }
    const review = SES_REVIEW_RATES[key];
    if (value >= review) issues.push(warningAt(at, say.rateAtReview(value, RATE_WORDS[key], review, warnAt)));
    return value;
  };
  const snsTopicArn = typeof raw.snsTopicArn === 'string' ? raw.snsTopicArn : undefined;
  // An alarm notifies a topic of its own region, and the alarms exist in each region.
  if (snsTopicArn !== undefined && regions.length > 1 && !hasRegionPlaceholder(snsTopicArn)) {
    issues.push(
      errorAt(joinPath(path, 'snsTopicArn'), say.alarmTopicInOneRegion(snsTopicArn, arnRegion(snsTopicArn), regions)),
    );
  }
  return {
    bounceRate: threshold('bounceRate'),
    complaintRate: threshold('complaintRate'),
    snsTopicArn,
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
    for (const region of environmentRegions(env)) {
      const earlier = seen.get(region) ?? [];
      for (const other of earlier) {
        const a = other.account?.id;
        const b = env.account.id;
        if (a !== undefined && b !== undefined && a !== b) continue;
        const same = a !== undefined && a === b ? a : undefined;
        const message = say.accountSettingsShared({ environment: other.name, path: other.account?.path }, region, same);
        issues.push(same !== undefined ? errorAt(env.account.path, message) : warningAt(env.account.path, message));
      }
      seen.set(region, [...earlier, env]);
    }
  }
}

/**
 * The regions whose account settings an environment manages: those of its `region` (a
 * list gives several, the first the stack's own).
 */
export function environmentRegions(environment: Pick<ResolvedEnvironment, 'region' | 'regions'>): readonly string[] {
  return environment.regions ?? [environment.region];
}
