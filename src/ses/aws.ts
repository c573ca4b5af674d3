/**
 * The AWS side of a stack: the AWS provider configuration and the SES identity resource,
 * as thin elements with final attributes (see `src/terraform/elements.ts` for why).
 */
import type { Construct } from 'constructs';
import { PlainProvider, PlainResource } from '../terraform/elements';
import type { PlainElementOptions, ProviderRequirement, TerraformAttributes } from '../terraform/elements';

/**
 * The AWS provider the generated stacks require: the version the resources are written and
 * tested for (`test/provider-requirements.test.ts` keeps it equal to the generator metadata
 * of the installed `@cdktf/provider-aws`).
 * @see https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs
 */
export const AWS_PROVIDER: ProviderRequirement = { name: 'aws', source: 'aws', version: '6.25.0' };

/** Arguments of an {@link AwsProviderConfig}. */
export interface AwsProviderConfigProps {
  readonly region: string;
  /** @default the default configuration (no alias) */
  readonly alias?: string;
  /** Credentials of any other account are refused. @default any account */
  readonly allowedAccountIds?: readonly string[];
  /** @default the environment's credentials */
  readonly profile?: string;
  /** @default none */
  readonly assumeRoleArn?: string;
}

/**
 * One `provider "aws"` configuration.
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs#argument-reference
 */
export class AwsProviderConfig extends PlainProvider {
  constructor(scope: Construct, id: string, props: AwsProviderConfigProps) {
    super(
      scope,
      id,
      AWS_PROVIDER,
      {
        alias: props.alias,
        allowed_account_ids: props.allowedAccountIds ? [...props.allowedAccountIds] : undefined,
        assume_role: props.assumeRoleArn ? [{ role_arn: props.assumeRoleArn }] : undefined,
        profile: props.profile,
        region: props.region,
      },
      props.alias,
    );
  }
}

/**
 * An `aws_sesv2_email_identity`. Its attributes are references to what Terraform computes;
 * the typed getters return cdktf tokens, for hand-written apps that wire them into their
 * own resources (in this stack or another).
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sesv2_email_identity
 */
export class SesEmailIdentityResource extends PlainResource {
  constructor(
    scope: Construct,
    id: string,
    address: string,
    attributes: TerraformAttributes,
    options?: PlainElementOptions,
  ) {
    super(scope, id, 'aws_sesv2_email_identity', address, attributes, options);
  }

  /** The identity's ARN. */
  get arn(): string {
    return this.getStringAttribute('arn');
  }

  /** The domain, as the identity's id (a reference, so that dependants wait for it). */
  get emailIdentity(): string {
    return this.getStringAttribute('email_identity');
  }

  /** The three Easy DKIM tokens SES generated. */
  get dkimTokens(): string[] {
    return this.getListAttribute(DKIM_TOKENS_ATTRIBUTE);
  }
}

/** Where the identity keeps its Easy DKIM tokens (a block of at most one element). */
export const DKIM_TOKENS_ATTRIBUTE = 'dkim_signing_attributes[0].tokens';
