/**
 * Account-level SES settings of one environment (issue #9): the account suppression list,
 * CloudWatch alarms on the reputation rates, and Virtual Deliverability Manager. They have
 * no domain, so their addresses start with `account__`.
 */
import { Construct } from 'constructs';
import { percent, SES_REVIEW_RATES } from '../config/account';
import type { ResolvedAccount } from '../config/model';
import { PlainOutput, PlainResource } from '../terraform/elements';

/** Props of {@link SesAccountSettings}. */
export interface SesAccountSettingsProps {
  /** The environment's name: alarm and topic names carry it. */
  readonly environment: string;
  readonly account: ResolvedAccount;
}

/** The Terraform address of an account-level resource: `account__<role>`. */
export function accountAddress(role: string): string {
  return `account__${role.replace(/-/g, '_')}`;
}

/** The CloudWatch namespace SES publishes its account metrics to. */
export const SES_NAMESPACE = 'AWS/SES';

const RATE_ALARMS = [
  { key: 'bounceRate', role: 'bounce-rate-alarm', metric: 'Reputation.BounceRate', words: 'bounce' },
  { key: 'complaintRate', role: 'complaint-rate-alarm', metric: 'Reputation.ComplaintRate', words: 'complaint' },
] as const;

const ENABLED = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');

/**
 * `aws_sesv2_account_suppression_attributes`, two `aws_cloudwatch_metric_alarm` on the
 * reputation rates (with an `aws_sns_topic` when none is given), and
 * `aws_sesv2_account_vdm_attributes`, in the stack's region.
 * @see https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html
 * @see https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html
 * @see https://docs.aws.amazon.com/ses/latest/dg/vdm.html
 */
export class SesAccountSettings extends Construct {
  constructor(scope: Construct, id: string, props: SesAccountSettingsProps) {
    super(scope, id);
    const { environment, account } = props;

    new PlainResource(this, 'suppression', 'aws_sesv2_account_suppression_attributes', accountAddress('suppression'), {
      suppressed_reasons: [...account.suppression],
    });

    if (account.alarms) {
      const topicArn = account.alarms.snsTopicArn ?? this.alarmTopic(environment);
      for (const alarm of RATE_ALARMS) {
        const threshold = account.alarms[alarm.key];
        new PlainResource(this, alarm.role, 'aws_cloudwatch_metric_alarm', accountAddress(alarm.role), {
          alarm_name: `ses-${environment}-${alarm.role.replace(/-alarm$/, '')}`,
          alarm_description: `SES ${alarm.words} rate of environment ${environment} at or above ${percent(threshold)}; SES reviews the account at ${percent(SES_REVIEW_RATES[alarm.key])}`,
          namespace: SES_NAMESPACE,
          metric_name: alarm.metric,
          // The rate is already a rolling figure over recent sending, not a count per period,
          // so one datapoint at the threshold means the rate crossed it: Maximum over one hour,
          // one period. SES publishes the metric only while the account sends (and not at all
          // before the first bounce or complaint), so missing data is not a breach.
          statistic: 'Maximum',
          period: 3600,
          evaluation_periods: 1,
          threshold,
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          treat_missing_data: 'notBreaching',
          alarm_actions: [topicArn],
          ok_actions: [topicArn],
        });
      }
    }

    if (account.vdm) {
      new PlainResource(this, 'vdm', 'aws_sesv2_account_vdm_attributes', accountAddress('vdm'), {
        vdm_enabled: 'ENABLED',
        dashboard_attributes: { engagement_metrics: ENABLED(account.vdm.dashboard) },
        guardian_attributes: { optimized_shared_delivery: ENABLED(account.vdm.guardian) },
      });
    }
  }

  private alarmTopic(environment: string): string {
    const topic = new PlainResource(this, 'alarm-topic', 'aws_sns_topic', accountAddress('alarm-topic'), {
      name: `ses-reputation-alarms-${environment}`,
    });
    const arn = topic.reference('arn');
    new PlainOutput(
      this,
      'alarm-topic-arn',
      accountAddress('alarm-topic-arn'),
      arn,
      `SNS topic of the SES reputation alarms of environment ${environment}: subscribe to it`,
    );
    return arn;
  }
}
