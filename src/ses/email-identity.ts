/**
 * The SES side of one domain: the SESv2 identity, its custom MAIL FROM, and (with tracking
 * or a configuration set) the configuration set it sends through by default.
 */
import { Construct } from 'constructs';
import { Fn, TerraformVariable } from '../cdktf';
import type { TerraformProvider, TerraformResource } from '../cdktf';
import { effectiveConfigurationSetName } from '../config/configuration-set';
import type { ResolvedDomain } from '../config/model';
import { domainIdentifier, resourceAddress } from '../records/address';
import { EASY_DKIM_TOKEN_COUNT } from '../records/dkim';
import { PlainOutput, PlainResource } from '../terraform/elements';
import type { TerraformAttributes } from '../terraform/elements';
import { DKIM_TOKENS_ATTRIBUTE, SesEmailIdentityResource } from './aws';
import { ConfigurationSet } from './configuration-set';

/** Props of {@link EmailIdentity}. */
export interface EmailIdentityProps {
  readonly domain: ResolvedDomain;
  /**
   * The AWS provider configuration of the domain's region, when it differs from the stack's.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * `lifecycle { prevent_destroy }` on the identity: destroying it drops its DKIM keys and
   * verification, and mail stops until a new identity is verified (up to 72 hours).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

const KEY_LENGTH = { 1024: 'RSA_1024_BIT', 2048: 'RSA_2048_BIT' } as const;
const MX_FAILURE = { 'use-default': 'USE_DEFAULT_VALUE', 'reject-message': 'REJECT_MESSAGE' } as const;

/**
 * An SES domain identity with its MAIL FROM attributes, configuration set and outputs.
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sesv2_email_identity
 */
export class EmailIdentity extends Construct {
  /** The `aws_sesv2_email_identity` resource. */
  readonly identity: SesEmailIdentityResource;

  constructor(scope: Construct, id: string, props: EmailIdentityProps) {
    super(scope, id);
    const { domain, provider } = props;
    const configurationSetName = this.configurationSet(domain, provider);

    this.identity = new SesEmailIdentityResource(
      this,
      'identity',
      resourceAddress(domain.name, 'identity'),
      {
        configuration_set_name: configurationSetName,
        dkim_signing_attributes: this.signingAttributes(domain),
        email_identity: domain.name,
      },
      { provider, lifecycle: { preventDestroy: props.preventDestroy ?? true } },
    );
    this.adopt(this.identity, domain, 'identity', provider);

    if (domain.mailFrom) {
      const mailFrom = new PlainResource(
        this,
        'mail_from',
        'aws_sesv2_email_identity_mail_from_attributes',
        resourceAddress(domain.name, 'mail-from'),
        {
          behavior_on_mx_failure: MX_FAILURE[domain.mailFrom.onMxFailure],
          email_identity: this.identity.reference('email_identity'),
          mail_from_domain: domain.mailFrom.domain,
        },
        { provider },
      );
      this.adopt(mailFrom, domain, 'mail-from', provider);
    }

    this.outputs(domain);
  }

  /**
   * Easy DKIM token `index` (0..2) as a cdktf token, for hand-written apps. Indexed one by
   * one, since `for_each` over the computed token list fails at plan time
   * (hashicorp/terraform#30246).
   */
  dkimToken(index: number): string {
    return Fn.element(this.identity.dkimTokens, index);
  }

  /** The three Easy DKIM token expressions, as cdktf tokens. */
  dkimTokens(): string[] {
    return Array.from({ length: EASY_DKIM_TOKEN_COUNT }, (_, i) => this.dkimToken(i));
  }

  /**
   * Easy DKIM token `index` as a literal Terraform expression, valid within this stack:
   * `${element(aws_sesv2_email_identity.<address>.dkim_signing_attributes[0].tokens, 0)}`.
   */
  dkimTokenReference(index: number): string {
    return `\${element(${this.identity.terraformResourceType}.${this.identity.friendlyUniqueId}.${DKIM_TOKENS_ATTRIBUTE}, ${index})}`;
  }

  private signingAttributes(domain: ResolvedDomain): TerraformAttributes {
    if (domain.dkim.type === 'easy') {
      return { next_signing_key_length: KEY_LENGTH[domain.dkim.keyLength] };
    }
    // The private key never enters the config or the generated files: it is a sensitive
    // variable, supplied at apply time (TF_VAR_<name> or a tfvars file kept out of git).
    const privateKey = new TerraformVariable(this, 'dkim_private_key', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `BYODKIM private key of ${domain.name} (selector ${domain.dkim.selector}): base64 of the DER RSA key, without PEM lines`,
    });
    const address = `${domainIdentifier(domain.name)}__dkim_private_key`;
    privateKey.overrideLogicalId(address);
    return {
      domain_signing_private_key: `\${var.${address}}`,
      domain_signing_selector: domain.dkim.selector,
    };
  }

  private configurationSet(domain: ResolvedDomain, provider: TerraformProvider | undefined): string | undefined {
    const name = effectiveConfigurationSetName(domain);
    if (name === undefined) return undefined;
    const set = new ConfigurationSet(this, {
      domain: domain.name,
      name,
      settings: domain.configurationSet || undefined,
      tracking: domain.tracking || undefined,
      provider,
    });
    this.adopt(set.set, domain, 'configuration-set', provider);
    return set.name;
  }

  /** Adopts an existing object with an `import` block when the config gives its id. */
  private adopt(resource: TerraformResource, domain: ResolvedDomain, role: string, provider?: TerraformProvider): void {
    const id = domain.imports?.[role];
    if (id !== undefined) resource.importFrom(id, provider);
  }

  private outputs(domain: ResolvedDomain): void {
    const output = (role: string, value: unknown, description: string) => {
      new PlainOutput(this, role, resourceAddress(domain.name, role), value, description);
    };
    output('identity-arn', this.identity.reference('arn'), `ARN of the SES identity ${domain.name}`);
    if (domain.dkim.type === 'easy') {
      output(
        'dkim-tokens',
        this.identity.reference(DKIM_TOKENS_ATTRIBUTE),
        `Easy DKIM tokens of ${domain.name} (ses-dns records/verify --tokens take this output)`,
      );
    }
    if (domain.mailFrom) {
      output('mail-from-domain', domain.mailFrom.domain, `Custom MAIL FROM domain of ${domain.name}`);
    }
  }
}
