/**
 * `ACCOUNT.md`: the account-level SES settings of one environment in words (issue #9),
 * written beside `RECORDS.md` when the environment has an `account` block.
 */
import { percent, SES_REVIEW_RATES, SES_WARNING_RATES } from '../config/account';
import type { ResolvedEnvironment } from '../config/model';
import { renderTemplate } from './templates';

const REASONS = { BOUNCE: 'hard bounces', COMPLAINT: 'complaints' } as const;

/** Renders the ACCOUNT.md of `environment`, or undefined when it has no `account` block. */
export function renderAccountMarkdown(environment: ResolvedEnvironment): string | undefined {
  const account = environment.account;
  if (!account) return undefined;
  const reasons = account.suppression.map((r) => REASONS[r]);
  const suppression =
    reasons.length > 0
      ? `On for ${reasons.join(' and ')}: SES stops sending to an address of the account once it has caused one, in every configuration set that does not say otherwise.`
      : 'Off: SES keeps sending to addresses that bounced or complained, which raises the rates below. Turn it on unless another system suppresses them.';
  const alarms = account.alarms && {
    topic: account.alarms.snsTopicArn
      ? `the SNS topic \`${account.alarms.snsTopicArn}\``
      : `the SNS topic \`ses-reputation-alarms-${environment.name}\` made by this stack (output \`account__alarm_topic_arn\`: subscribe to it)`,
    rows: (['bounceRate', 'complaintRate'] as const).map((key) => ({
      name: `ses-${environment.name}-${key === 'bounceRate' ? 'bounce' : 'complaint'}-rate`,
      metric: key === 'bounceRate' ? 'Reputation.BounceRate' : 'Reputation.ComplaintRate',
      threshold: percent((account.alarms as { [k in typeof key]: number })[key]),
      warning: percent(SES_WARNING_RATES[key]),
      review: percent(SES_REVIEW_RATES[key]),
    })),
  };
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  return renderTemplate('ACCOUNT.md.hbs', {
    environment: environment.name,
    region: environment.region,
    accountId: account.id,
    suppression,
    alarms,
    vdm: account.vdm && { dashboard: onOff(account.vdm.dashboard), guardian: onOff(account.vdm.guardian) },
  });
}
