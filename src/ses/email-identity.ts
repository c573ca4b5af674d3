/**
 * The SES side of one domain: the SESv2 identity, its custom MAIL FROM, and (with tracking
 * or a configuration set) the configuration set it sends through by default; for a domain in
 * several SES regions, all of these in each region (issue #16).
 */
import { Construct } from 'constructs';
import { Fn, TerraformVariable } from '../cdktf';
import type { TerraformProvider, TerraformResource } from '../cdktf';
import { effectiveConfigurationSetName } from '../config/configuration-set';
import type { ResolvedDomain } from '../config/model';
import { domainIdentifier, resourceAddress } from '../records/address';
import { domainInRegions, importKey } from '../records/regional';
import type { DomainInRegion } from '../records/regional';
import { EASY_DKIM_TOKEN_COUNT } from '../records/dkim';
import { PlainOutput, PlainResource } from '../terraform/elements';
import { DKIM_TOKENS_ATTRIBUTE, SesEmailIdentityResource } from './aws';
import { dkimSigningFor } from './dkim-signing';
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
   * The AWS provider configurations of the stack's other regions, by region: each further
   * region of a domain in several (src/records/regional.ts) takes its identity's from here.
   * @default none: a further region not in it uses the stack's default provider
   */
  readonly providers?: ReadonlyMap<string, TerraformProvider>;
  /**
   * `lifecycle { prevent_destroy }` on the identity: destroying it drops its DKIM keys and
   * verification, and mail stops until a new identity is verified (up to 72 hours).
   * @default true
   */
  readonly preventDestroy?: boolean;
}

const MX_FAILURE = { 'use-default': 'USE_DEFAULT_VALUE', 'reject-message': 'REJECT_MESSAGE' } as const;

/** What a {@link RegionalEmailIdentity} is made of. */
interface RegionalIdentityProps {
  /** The domain as seen from the identity's region (src/records/regional.ts). */
  readonly identity: DomainInRegion;
  readonly provider?: TerraformProvider;
  readonly preventDestroy: boolean;
  /** The BYODKIM private key variable the domain's identities share, when the domain signs with one. */
  readonly privateKey?: () => string;
}

/**
 * One SES identity of a domain in one region: the SESv2 identity, its MAIL FROM attributes,
 * its configuration set and its outputs. The home region's is the domain's
 * {@link EmailIdentity} itself; each further region of a domain in several has its own,
 * with the region in every address (`example_com__us_east_2__identity`).
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sesv2_email_identity
 */
export class RegionalEmailIdentity extends Construct {
  /** The `aws_sesv2_email_identity` resource. */
  readonly identity: SesEmailIdentityResource;
  /** The SES region of the identity. */
  readonly region: string;

  /** Made by {@link EmailIdentity}, one per region of its domain. */
  constructor(scope: Construct, id: string, props: RegionalIdentityProps) {
    super(scope, id);
    this.region = props.identity.region;
    this.identity = this.build(props);
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

  /** The three Easy DKIM token expressions ({@link dkimTokenReference}), for the records' placeholders. */
  dkimTokenReferences(): string[] {
    return Array.from({ length: EASY_DKIM_TOKEN_COUNT }, (_, i) => this.dkimTokenReference(i));
  }

  /** The identity, MAIL FROM, configuration set and outputs of `props.identity`, in this scope. */
  private build(props: RegionalIdentityProps): SesEmailIdentityResource {
    const { identity: view, provider } = props;
    const { domain } = view;
    const addressRegion = view.further ? view.region : undefined;
    const address = (role: string) => resourceAddress(domain.name, role, addressRegion);
    const configurationSetName = this.configurationSet(view, provider);

    const identity = new SesEmailIdentityResource(
      this,
      'identity',
      address('identity'),
      {
        configuration_set_name: configurationSetName,
        dkim_signing_attributes: dkimSigningFor(domain.dkim).attributes(
          (selector) => props.privateKey?.() ?? this.privateKeyVariable(domain.name, selector),
        ),
        email_identity: domain.name,
      },
      { provider, lifecycle: { preventDestroy: props.preventDestroy } },
    );
    this.adopt(identity, view, 'identity', provider);

    if (domain.mailFrom) {
      const mailFrom = new PlainResource(
        this,
        'mail_from',
        'aws_sesv2_email_identity_mail_from_attributes',
        address('mail-from'),
        {
          behavior_on_mx_failure: MX_FAILURE[domain.mailFrom.onMxFailure],
          email_identity: identity.reference('email_identity'),
          mail_from_domain: domain.mailFrom.domain,
        },
        { provider },
      );
      this.adopt(mailFrom, view, 'mail-from', provider);
    }

    this.outputs(view, identity);
    return identity;
  }

  /**
   * The BYODKIM private key of `domain` (signing with `selector`) as a sensitive variable,
   * `${var.<domain>__dkim_private_key}`: it never enters the config or the generated files,
   * and is supplied at apply time (TF_VAR_<name> or a tfvars file kept out of git). One key
   * serves every region. Declared only when the domain's DKIM strategy asks for it.
   */
  protected privateKeyVariable(domain: string, selector: string): string {
    const privateKey = new TerraformVariable(this, 'dkim_private_key', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `BYODKIM private key of ${domain} (selector ${selector}): base64 of the DER RSA key, without PEM lines`,
    });
    const address = `${domainIdentifier(domain)}__dkim_private_key`;
    privateKey.overrideLogicalId(address);
    return `\${var.${address}}`;
  }

  private configurationSet(view: DomainInRegion, provider: TerraformProvider | undefined): string | undefined {
    const { domain } = view;
    const name = effectiveConfigurationSetName(domain);
    if (name === undefined) return undefined;
    const set = new ConfigurationSet(this, {
      domain: domain.name,
      name,
      settings: domain.configurationSet || undefined,
      tracking: domain.tracking || undefined,
      provider,
      region: view.region,
      furtherRegion: view.further,
    });
    this.adopt(set.set, view, 'configuration-set', provider);
    return set.name;
  }

  /** Adopts an existing object with an `import` block when the config gives its id. */
  private adopt(resource: TerraformResource, view: DomainInRegion, role: string, provider?: TerraformProvider): void {
    const id = view.domain.imports?.[importKey(role, view.further ? view.region : undefined)];
    if (id !== undefined) resource.importFrom(id, provider);
  }

  private outputs(view: DomainInRegion, identity: SesEmailIdentityResource): void {
    const { domain } = view;
    const addressRegion = view.further ? view.region : undefined;
    // A further region's outputs say so; the home region's read as they always did.
    const where = view.further ? ` in ${view.region}` : '';
    const output = (role: string, value: unknown, description: string) => {
      new PlainOutput(this, role, resourceAddress(domain.name, role, addressRegion), value, description);
    };
    output('identity-arn', identity.reference('arn'), `ARN of the SES identity ${domain.name}${where}`);
    if (dkimSigningFor(domain.dkim).makesTokens) {
      output(
        'dkim-tokens',
        identity.reference(DKIM_TOKENS_ATTRIBUTE),
        `Easy DKIM tokens of ${domain.name}${where} (ses-dns records/verify --tokens take this output)`,
      );
    }
    if (domain.mailFrom) {
      output('mail-from-domain', domain.mailFrom.domain, `Custom MAIL FROM domain of ${domain.name}${where}`);
    }
  }
}

/**
 * The SES side of one domain: its identity in its (home) region with its MAIL FROM
 * attributes, configuration set and outputs and, for a domain in several regions, one
 * {@link RegionalEmailIdentity} per further region, a child named after the region.
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sesv2_email_identity
 */
export class EmailIdentity extends RegionalEmailIdentity {
  private readonly further = new Map<string, RegionalEmailIdentity>();

  constructor(scope: Construct, id: string, props: EmailIdentityProps) {
    const [home, ...further] = domainInRegions(props.domain);
    const preventDestroy = props.preventDestroy ?? true;
    super(scope, id, { identity: home!, provider: props.provider, preventDestroy });
    // The further regions sign with the home region's BYODKIM key variable: one key, one secret.
    const privateKey = () => `\${var.${domainIdentifier(props.domain.name)}__dkim_private_key}`;
    for (const identity of further) {
      const provider = props.providers?.get(identity.region);
      const regional = new RegionalEmailIdentity(this, identity.region, {
        identity,
        provider,
        preventDestroy,
        privateKey,
      });
      this.further.set(identity.region, regional);
    }
  }

  /**
   * The identity of the domain in `region`: this one for its home region, a child for each
   * further region.
   * @throws Error when the domain is not in that region
   */
  inRegion(region: string): RegionalEmailIdentity {
    if (region === this.region) return this;
    const found = this.further.get(region);
    if (!found) throw new Error(`${this.node.id} is not an SES identity in ${region}`);
    return found;
  }
}
