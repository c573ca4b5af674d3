/**
 * Account-level SES settings of one environment (issue #9): the account suppression list,
 * CloudWatch alarms on the reputation rates, and Virtual Deliverability Manager. They have
 * no domain, so their addresses start with `account__`.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from '../cdktf';
import { percent, SES_REVIEW_RATES } from '../config/account';
import type { ResolvedAccount } from '../config/model';
import { withRegion } from '../records/regional';
import { PlainOutput, PlainResource } from '../terraform/elements';
import type { TerraformAttributes } from '../terraform/elements';

/** Props of {@link SesAccountSettings}. */
export interface SesAccountSettingsProps {
  /** The environment's name: alarm and topic names carry it. */
  readonly environment: string;
  readonly account: ResolvedAccount;
  /**
   * The region the settings are managed in: an alarm topic ARN written with `{region}`
   * names the topic of this region.
   * @default the ARN as written
   */
  readonly region?: string;
  /**
   * Whether `region` is a further region of an environment in several (not its first): the
   * addresses and the names of alarms and topics then carry the region.
   * @default false
   */
  readonly furtherRegion?: boolean;
  /** The AWS provider configuration of `region`. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * The Terraform address of an account-level resource: `account__<role>`; of a further
 * region's, `account__<region>__<role>`.
 */
export function accountAddress(role: string, furtherRegion?: string): string {
  const region = furtherRegion === undefined ? '' : `${furtherRegion.replace(/-/g, '_')}__`;
  return `account__${region}${role.replace(/-/g, '_')}`;
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
  private readonly addressRegion?: string;
  private readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: SesAccountSettingsProps) {
    super(scope, id);
    const { environment, account, region } = props;
    this.addressRegion = props.furtherRegion ? region : undefined;
    this.provider = props.provider;
    // A further region's alarm and topic names say which region they watch.
    const named = this.addressRegion ? `${environment}-${this.addressRegion}` : environment;

    this.resource('suppression', 'aws_sesv2_account_suppression_attributes', {
      suppressed_reasons: [...account.suppression],
    });

    if (account.alarms) {
      const given = account.alarms.snsTopicArn;
      const topicArn =
        given === undefined ? this.alarmTopic(environment, named) : region ? withRegion(given, region) : given;
      for (const alarm of RATE_ALARMS) {
        const threshold = account.alarms[alarm.key];
        this.resource(alarm.role, 'aws_cloudwatch_metric_alarm', {
          alarm_name: `ses-${named}-${alarm.role.replace(/-alarm$/, '')}`,
          alarm_description: `SES ${alarm.words} rate of environment ${environment}${this.addressRegion ? ` in ${this.addressRegion}` : ''} at or above ${percent(threshold)}; SES reviews the account at ${percent(SES_REVIEW_RATES[alarm.key])}`,
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
      this.resource('vdm', 'aws_sesv2_account_vdm_attributes', {
        vdm_enabled: 'ENABLED',
        dashboard_attributes: { engagement_metrics: ENABLED(account.vdm.dashboard) },
        guardian_attributes: { optimized_shared_delivery: ENABLED(account.vdm.guardian) },
      });
    }
  }

  private resource(role: string, type: string, attributes: TerraformAttributes): PlainResource {
    return new PlainResource(this, role, type, accountAddress(role, this.addressRegion), attributes, {
      provider: this.provider,
    });
  }

  private alarmTopic(environment: string, named: string): string {
    const topic = this.resource('alarm-topic', 'aws_sns_topic', { name: `ses-reputation-alarms-${named}` });
    const arn = topic.reference('arn');
    new PlainOutput(
      this,
      'alarm-topic-arn',
      accountAddress('alarm-topic-arn', this.addressRegion),
      arn,
      `SNS topic of the SES reputation alarms of environment ${environment}${this.addressRegion ? ` in ${this.addressRegion}` : ''}: subscribe to it`,
    );
    return arn;
  }
}
