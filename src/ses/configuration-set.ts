/**
 * The configuration set of one domain (issue #8): tracking options, suppression, reputation
 * metrics, delivery options, and one event destination per configured event.
 */
import type { Construct } from 'constructs';
import type { TerraformProvider } from '../cdktf';
import type { ResolvedConfigurationSet, ResolvedEventDestination, ResolvedTracking } from '../config/model';
import { resourceAddress } from '../records/address';
import { withRegion } from '../records/regional';
import { PlainOutput, PlainResource } from '../terraform/elements';
import type { TerraformAttributes } from '../terraform/elements';

/** Props of {@link ConfigurationSet}. */
export interface ConfigurationSetProps {
  /** The domain whose identity uses the set: it names the Terraform addresses. */
  readonly domain: string;
  /** The configuration set name in SES. */
  readonly name: string;
  /**
   * What the config says of the set.
   * @default a set with no events (the set that tracking alone needs)
   */
  readonly settings?: ResolvedConfigurationSet;
  /** @default no tracking options */
  readonly tracking?: ResolvedTracking;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
  /**
   * The SES region the set is created in: event target ARNs written with `{region}` name a
   * target of this region (src/records/regional.ts).
   * @default ARNs are used as written
   */
  readonly region?: string;
  /**
   * Whether `region` is a further region of a domain in several (not its home): the
   * addresses then carry the region (`example_com__us_east_2__configuration_set`).
   * @default false
   */
  readonly furtherRegion?: boolean;
}

const HTTPS_POLICY = { optional: 'OPTIONAL', require: 'REQUIRE', 'require-open-only': 'REQUIRE_OPEN_ONLY' } as const;
const TLS_POLICY = { optional: 'OPTIONAL', require: 'REQUIRE' } as const;
const DIMENSION_SOURCE = { messageTag: 'MESSAGE_TAG', emailHeader: 'EMAIL_HEADER', linkTag: 'LINK_TAG' } as const;

/**
 * An `aws_sesv2_configuration_set` (address `<domain>__configuration_set`) and one
 * `aws_sesv2_configuration_set_event_destination` per event (`<domain>__event_<name>`).
 *
 * Not a construct of its own: the resources are declared in the given scope (the domain's
 * {@link EmailIdentity}), so the set keeps the construct path `<env>/<domain>/configuration_set`
 * it had before issue #8 and existing stacks synthesize to the same bytes.
 * @see https://docs.aws.amazon.com/ses/latest/dg/using-configuration-sets.html
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sesv2_configuration_set_event_destination
 */
export class ConfigurationSet {
  /** The `aws_sesv2_configuration_set` resource. */
  readonly set: PlainResource;
  private readonly setName: string;
  private readonly scope: Construct;
  private readonly region?: string;
  private readonly addressRegion?: string;

  constructor(scope: Construct, props: ConfigurationSetProps) {
    const { domain, name, settings, tracking, provider } = props;
    this.scope = scope;
    this.setName = name;
    this.region = props.region;
    this.addressRegion = props.furtherRegion ? props.region : undefined;
    this.set = new PlainResource(
      scope,
      'configuration_set',
      'aws_sesv2_configuration_set',
      this.address(domain, 'configuration-set'),
      {
        configuration_set_name: name,
        delivery_options:
          settings?.tls !== undefined || settings?.sendingPool !== undefined
            ? {
                sending_pool_name: settings.sendingPool,
                tls_policy: settings.tls ? TLS_POLICY[settings.tls] : undefined,
              }
            : undefined,
        reputation_options:
          settings?.reputationMetrics !== undefined
            ? { reputation_metrics_enabled: settings.reputationMetrics }
            : undefined,
        suppression_options: settings?.suppression ? { suppressed_reasons: [...settings.suppression] } : undefined,
        tracking_options: tracking
          ? { custom_redirect_domain: tracking.domain, https_policy: HTTPS_POLICY[tracking.httpsPolicy] }
          : undefined,
      },
      { provider },
    );

    for (const event of settings?.events ?? []) this.eventDestination(domain, event, provider);
  }

  /** The address of one of the set's resources: a further region's carries the region. */
  private address(domain: string, role: string): string {
    return resourceAddress(domain, role, this.addressRegion);
  }

  /** An ARN as written, or with its `{region}` filled in with the set's region. */
  private arn(arn: string): string {
    return this.region === undefined ? arn : withRegion(arn, this.region);
  }

  /** The set's name as a Terraform reference (so the identity depends on the set). */
  get name(): string {
    return this.set.reference('configuration_set_name');
  }

  private eventDestination(domain: string, event: ResolvedEventDestination, provider?: TerraformProvider): void {
    const role = `event-${event.name}`;
    new PlainResource(
      this.scope,
      role,
      'aws_sesv2_configuration_set_event_destination',
      this.address(domain, role),
      {
        configuration_set_name: this.name,
        event_destination: {
          // The provider's default is false: a destination that silently publishes nothing.
          enabled: true,
          matching_event_types: [...event.types],
          ...this.target(domain, event, provider),
        },
        event_destination_name: event.name,
      },
      { provider },
    );
  }

  private target(domain: string, event: ResolvedEventDestination, provider?: TerraformProvider): TerraformAttributes {
    const t = event.target;
    switch (t.kind) {
      case 'sns':
        return { sns_destination: { topic_arn: this.arn(t.topicArn) } };
      case 'sns-create':
        return { sns_destination: { topic_arn: this.topic(domain, event, provider) } };
      case 'cloudwatch':
        return {
          cloud_watch_destination: {
            dimension_configuration: t.dimensions.map((d) => ({
              default_dimension_value: d.default,
              dimension_name: d.name,
              dimension_value_source: DIMENSION_SOURCE[d.source],
            })),
          },
        };
      case 'eventBridge':
        return { event_bridge_destination: { event_bus_arn: this.arn(t.busArn) } };
      case 'firehose':
        return {
          kinesis_firehose_destination: {
            delivery_stream_arn: this.arn(t.deliveryStreamArn),
            iam_role_arn: t.iamRoleArn,
          },
        };
    }
  }

  /**
   * A topic made for one event destination, named `<set>-<event>`, with its ARN as an output
   * to subscribe to. SES publishes to a topic of its own account without a topic policy.
   */
  private topic(domain: string, event: ResolvedEventDestination, provider?: TerraformProvider): string {
    const role = `event-${event.name}-topic`;
    const topic = new PlainResource(
      this.scope,
      role,
      'aws_sns_topic',
      this.address(domain, role),
      { name: `${this.setName}-${event.name}` },
      { provider },
    );
    const arn = topic.reference('arn');
    new PlainOutput(
      this.scope,
      `${role}-arn`,
      this.address(domain, `${role}-arn`),
      arn,
      `SNS topic of the ${event.name} events of ${domain}${this.addressRegion ? ` in ${this.addressRegion}` : ''}: subscribe to it`,
    );
    return arn;
  }
}
