/**
 * Thin Terraform elements on cdktf's public base classes: a resource, a data source and a
 * provider configuration whose attributes are handed over final, as Terraform JSON takes
 * them (snake_case keys, plain values).
 *
 * Why not the generated classes of `@cdktf/provider-aws` and `@cdktf/provider-cloudflare`:
 * each of their resources builds about ten token-backed objects in its constructor (one per
 * nested block it might have), and every value it is given is resolved through cdktf's token
 * machinery twice at synthesis. ses-dns knows every value when it builds a stack, and what
 * one resource reads of another is fixed by the other's address, so it writes references as
 * literal Terraform expressions ({@link reference}) and needs no token at all. The output is
 * byte for byte the same (the golden examples); a hand-written app can still ask for a token
 * of any attribute (`getStringAttribute`, or the typed getters of the SES and DNS classes).
 *
 * Only JSON synthesis is supported: cdktf's HCL output (`SYNTH_HCL_OUTPUT`) needs type
 * information per attribute that these classes do not carry.
 */
import type { Construct } from 'constructs';
import { TerraformDataSource, TerraformOutput, TerraformProvider, TerraformResource } from '../cdktf';
import type { TerraformResourceLifecycle } from '../cdktf';
import { NOT_PLAIN, plainCopy } from './plain-json';
import type { Json, PlainJsonSource } from './plain-json';

/** Attributes as Terraform JSON takes them: snake_case keys, final values; `undefined` is left out. */
export type TerraformAttributes = Readonly<Record<string, unknown>>;

/** Meta-arguments of a {@link PlainResource} or {@link PlainDataSource}. */
export interface PlainElementOptions {
  /**
   * The provider configuration to use.
   * @default the stack's default configuration of the resource's provider
   */
  readonly provider?: TerraformProvider;
  /** @default none */
  readonly lifecycle?: TerraformResourceLifecycle;
}

function hclUnsupported(path: string): never {
  throw new Error(`${path}: ses-dns synthesizes Terraform JSON only; unset SYNTH_HCL_OUTPUT to synthesize this stack`);
}

/**
 * Meta-arguments that cdktf writes beside a resource's attributes (and, when unset, deletes
 * from them); an attribute of such a name makes {@link PlainResource} leave its JSON to cdktf.
 */
const META_ARGUMENTS = ['count', 'depends_on', 'for_each', 'provider', 'lifecycle', 'connection', 'provisioner', '//'];

/** A Terraform resource with final attributes, at a fixed address. */
export class PlainResource extends TerraformResource implements PlainJsonSource {
  private imported?: { readonly id: string; readonly provider?: TerraformProvider };

  /**
   * @param id the construct id (its path in the tree)
   * @param type the Terraform resource type, `aws_route53_record`
   * @param address the resource name in Terraform, `example_com__dmarc`
   */
  constructor(
    scope: Construct,
    id: string,
    type: string,
    address: string,
    private readonly attributes: TerraformAttributes,
    options: PlainElementOptions = {},
  ) {
    super(scope, id, { terraformResourceType: type, provider: options.provider, lifecycle: options.lifecycle });
    this.overrideLogicalId(address);
  }

  /**
   * A Terraform expression of one of the resource's attributes, as a plain string:
   * `${aws_sesv2_email_identity.example_com__identity.arn}`. Unlike a token, it is not
   * turned into a cross-stack reference: use it within the resource's stack.
   */
  reference(attribute: string): string {
    return `\${${this.terraformResourceType}.${this.friendlyUniqueId}.${attribute}}`;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { ...this.attributes };
  }

  override importFrom(id: string, provider?: TerraformProvider): void {
    super.importFrom(id, provider);
    this.imported = { id, provider };
  }

  /**
   * What cdktf's `toTerraform()` makes of this resource, resolved, built without its
   * per-key conversions; `undefined` (cdktf's own way then) when the resource uses anything
   * beyond attributes, a provider, `prevent_destroy` and an import: overrides, `count`,
   * `for_each`, `depends_on`, provisioners, moves, other lifecycle settings, or tokens.
   */
  plainJson(): Json | undefined {
    const lifecycle = this.lifecycle;
    if (
      Object.keys(this.rawOverrides as object).length > 0 ||
      (this.dependsOn?.length ?? 0) > 0 ||
      this.count !== undefined ||
      this.forEach !== undefined ||
      this.provisioners !== undefined ||
      this.connection !== undefined ||
      this.hasResourceMove() ||
      (lifecycle !== undefined && Object.keys(lifecycle).some((key) => key !== 'preventDestroy')) ||
      META_ARGUMENTS.some((key) => key in this.attributes)
    ) {
      return undefined;
    }
    const provider = this.provider?.fqn;
    const extras: Json = { '//': this.constructNodeMetadata };
    if (provider !== undefined) extras.provider = provider;
    if (lifecycle)
      extras.lifecycle = lifecycle.preventDestroy === undefined ? {} : { prevent_destroy: lifecycle.preventDestroy };
    const resource = plainCopy(Object.assign(extras, this.attributes));
    if (resource === NOT_PLAIN) return undefined;
    const address = this.friendlyUniqueId;
    const json: Json = { resource: { [this.terraformResourceType]: { [address]: resource as Json } } };
    if (this.imported) {
      const importBlock = plainCopy({
        provider: this.imported.provider?.fqn,
        id: this.imported.id,
        to: `${this.terraformResourceType}.${address}`,
      });
      if (importBlock === NOT_PLAIN) return undefined;
      json.import = [importBlock];
    }
    return json;
  }

  override toTerraform(): Json {
    return this.plainJson() ?? (super.toTerraform() as Json);
  }

  override toHclTerraform(): never {
    return hclUnsupported(this.node.path);
  }
}

/** A Terraform data source with final arguments, at a fixed address. */
export class PlainDataSource extends TerraformDataSource {
  /**
   * @param type the Terraform data source type, `aws_route53_zone`
   * @param address its name in Terraform, also the construct id
   */
  constructor(
    scope: Construct,
    type: string,
    address: string,
    private readonly attributes: TerraformAttributes,
    options: Pick<PlainElementOptions, 'provider'> = {},
  ) {
    super(scope, address, { terraformResourceType: type, provider: options.provider });
    this.overrideLogicalId(address);
  }

  /** A Terraform expression of one of the data source's attributes: `${data.aws_route53_zone.zone_example_com.zone_id}`. */
  reference(attribute: string): string {
    return `\${data.${this.terraformResourceType}.${this.friendlyUniqueId}.${attribute}}`;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { ...this.attributes };
  }

  override toHclTerraform(): never {
    return hclUnsupported(this.node.path);
  }
}

/** Where a provider comes from and which version the generated stacks require. */
export interface ProviderRequirement {
  /** The provider's local name and resource prefix: `aws`. */
  readonly name: string;
  /** `required_providers.<name>.source`: `aws`, `cloudflare/cloudflare`. */
  readonly source: string;
  /** `required_providers.<name>.version`, an exact version: stacks are tested against it. */
  readonly version: string;
}

/** A provider configuration with final arguments. */
export class PlainProvider extends TerraformProvider {
  private configuredAlias: string | undefined;

  /** @param alias the configuration's alias; resources select it by `provider = <name>.<alias>` */
  constructor(
    scope: Construct,
    id: string,
    requirement: ProviderRequirement,
    private readonly attributes: TerraformAttributes,
    alias?: string,
  ) {
    super(scope, id, {
      terraformResourceType: requirement.name,
      terraformGeneratorMetadata: { providerName: requirement.name, providerVersion: requirement.version },
      terraformProviderSource: requirement.source,
    });
    this.configuredAlias = alias;
  }

  override get alias(): string | undefined {
    return this.configuredAlias;
  }

  override set alias(value: string | undefined) {
    this.configuredAlias = value;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { ...this.attributes };
  }

  override toHclTerraform(): never {
    return hclUnsupported(this.node.path);
  }
}

/** A Terraform output, at a fixed name. */
export class PlainOutput extends TerraformOutput implements PlainJsonSource {
  /**
   * @param id the construct id
   * @param name the output's name in Terraform, `example_com__identity_arn`
   * @param value a plain value, or a Terraform expression (`${aws_sns_topic.x.arn}`)
   */
  constructor(scope: Construct, id: string, name: string, value: unknown, description: string) {
    super(scope, id, { value, description });
    this.overrideLogicalId(name);
  }

  /** What cdktf's `toTerraform()` makes of this output, resolved; `undefined` (cdktf's way then) for anything but a plain value. */
  plainJson(): Json | undefined {
    const { value } = this;
    if (
      Object.keys(this.rawOverrides as object).length > 0 ||
      this.dependsOn !== undefined ||
      this.precondition !== undefined ||
      value === null ||
      value === undefined
    ) {
      return undefined;
    }
    const body = plainCopy({ value, description: this.description, sensitive: this.sensitive });
    return body === NOT_PLAIN ? undefined : { output: { [this.friendlyUniqueId]: body } };
  }

  override toTerraform(): Json {
    return this.plainJson() ?? (super.toTerraform() as Json);
  }
}
