/**
 * The configuration set of one domain (issue #8): tracking options, suppression, reputation
 * metrics, delivery options, and one event destination per configured event.
 */
import { Sesv2ConfigurationSet } from '@cdktf/provider-aws/lib/sesv2-configuration-set';
import { Sesv2ConfigurationSetEventDestination } from '@cdktf/provider-aws/lib/sesv2-configuration-set-event-destination';
import type { Sesv2ConfigurationSetEventDestinationEventDestination } from '@cdktf/provider-aws/lib/sesv2-configuration-set-event-destination';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { TerraformOutput } from '../cdktf';
import type { ResolvedConfigurationSet, ResolvedEventDestination, ResolvedTracking } from '../config/model';
import { resourceAddress } from '../records/address';

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
  readonly provider?: AwsProvider;
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
  readonly set: Sesv2ConfigurationSet;
  private readonly setName: string;
  private readonly scope: Construct;

  constructor(scope: Construct, props: ConfigurationSetProps) {
    const { domain, name, settings, tracking, provider } = props;
    this.scope = scope;
    this.setName = name;
    this.set = new Sesv2ConfigurationSet(scope, 'configuration_set', {
      configurationSetName: name,
      trackingOptions: tracking
        ? { customRedirectDomain: tracking.domain, httpsPolicy: HTTPS_POLICY[tracking.httpsPolicy] }
        : undefined,
      suppressionOptions: settings?.suppression ? { suppressedReasons: [...settings.suppression] } : undefined,
      reputationOptions:
        settings?.reputationMetrics !== undefined
          ? { reputationMetricsEnabled: settings.reputationMetrics }
          : undefined,
      deliveryOptions:
        settings?.tls !== undefined || settings?.sendingPool !== undefined
          ? {
              tlsPolicy: settings.tls ? TLS_POLICY[settings.tls] : undefined,
              sendingPoolName: settings.sendingPool,
            }
          : undefined,
      provider,
    });
    this.set.overrideLogicalId(resourceAddress(domain, 'configuration-set'));

    for (const event of settings?.events ?? []) this.eventDestination(domain, event, provider);
  }

  /** The set's name as a Terraform reference (so the identity depends on the set). */
  get name(): string {
    return this.set.configurationSetName;
  }

  private eventDestination(domain: string, event: ResolvedEventDestination, provider?: AwsProvider): void {
    const role = `event-${event.name}`;
    const destination = new Sesv2ConfigurationSetEventDestination(this.scope, role, {
      configurationSetName: this.set.configurationSetName,
      eventDestinationName: event.name,
      eventDestination: {
        // The provider's default is false: a destination that silently publishes nothing.
        enabled: true,
        matchingEventTypes: [...event.types],
        ...this.target(domain, event, provider),
      },
      provider,
    });
    destination.overrideLogicalId(resourceAddress(domain, role));
  }

  private target(
    domain: string,
    event: ResolvedEventDestination,
    provider?: AwsProvider,
  ): Partial<Sesv2ConfigurationSetEventDestinationEventDestination> {
    const t = event.target;
    switch (t.kind) {
      case 'sns':
        return { snsDestination: { topicArn: t.topicArn } };
      case 'sns-create':
        return { snsDestination: { topicArn: this.topic(domain, event, provider) } };
      case 'cloudwatch':
        return {
          cloudWatchDestination: {
            dimensionConfiguration: t.dimensions.map((d) => ({
              dimensionName: d.name,
              dimensionValueSource: DIMENSION_SOURCE[d.source],
              defaultDimensionValue: d.default,
            })),
          },
        };
      case 'eventBridge':
        return { eventBridgeDestination: { eventBusArn: t.busArn } };
      case 'firehose':
        return {
          kinesisFirehoseDestination: { deliveryStreamArn: t.deliveryStreamArn, iamRoleArn: t.iamRoleArn },
        };
    }
  }

  /**
   * A topic made for one event destination, named `<set>-<event>`, with its ARN as an output
   * to subscribe to. SES publishes to a topic of its own account without a topic policy.
   */
  private topic(domain: string, event: ResolvedEventDestination, provider?: AwsProvider): string {
    const role = `event-${event.name}-topic`;
    const topic = new SnsTopic(this.scope, role, { name: `${this.setName}-${event.name}`, provider });
    topic.overrideLogicalId(resourceAddress(domain, role));
    const output = new TerraformOutput(this.scope, `${role}-arn`, {
      value: topic.arn,
      description: `SNS topic of the ${event.name} events of ${domain}: subscribe to it`,
    });
    output.overrideLogicalId(resourceAddress(domain, `${role}-arn`));
    return topic.arn;
  }
}
