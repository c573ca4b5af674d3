/**
 * `terraform { required_version }` of a synthesized stack: the lowest Terraform that can
 * apply what the stack holds, read off the stack's own JSON so that a feature added later
 * (an import block, a backend setting) raises it without anyone remembering to.
 */

/** A Terraform version as `[major, minor]`. */
type Version = readonly [major: number, minor: number];

/**
 * The floor of every stack: CDK for Terraform's JSON output and the Cloudflare provider v5
 * both ask for Terraform 1.2 or later.
 * @see https://developer.hashicorp.com/terraform/tutorials/cdktf/cdktf-install (prerequisites: "The Terraform CLI (1.2+)")
 * @see https://github.com/cloudflare/terraform-provider-cloudflare#minimum-requirements ("Terraform 1.2 or newer")
 */
const FLOOR: Version = [1, 2];

/** Top-level blocks of the Terraform language and the version that introduced each. */
const BLOCKS: readonly (readonly [block: string, since: Version])[] = [
  /** @see https://developer.hashicorp.com/terraform/language/import ("available in Terraform v1.5.0 and later") */
  ['import', [1, 5]],
  /** @see https://developer.hashicorp.com/terraform/language/checks (Terraform 1.5) */
  ['check', [1, 5]],
  /** @see https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources (Terraform 1.7) */
  ['removed', [1, 7]],
];

/** Settings of the `s3` backend and the version that accepts each. */
const S3_SETTINGS: readonly (readonly [setting: string, since: Version])[] = [
  /**
   * S3 native state locking: opt-in (experimental) in 1.10, generally available in 1.11.
   * @see https://developer.hashicorp.com/terraform/language/v1.10.x/upgrade-guides#s3-native-state-locking
   */
  ['use_lockfile', [1, 10]],
  /**
   * The nested `assume_role` block replaced the top-level `role_arn` in 1.6.
   * @see https://developer.hashicorp.com/terraform/language/v1.6.x/upgrade-guides
   */
  ['assume_role', [1, 6]],
];

function later(a: Version, b: Version): Version {
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? a : b;
}

function isNonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

/**
 * The `required_version` constraint of a synthesized stack, such as `>= 1.5.0`.
 * @param stack the stack as `TerraformStack.toTerraform()` returns it
 */
export function requiredTerraformVersion(stack: Readonly<Record<string, unknown>>): string {
  let needed = FLOOR;
  for (const [block, since] of BLOCKS) if (isNonEmpty(stack[block])) needed = later(needed, since);
  const terraform = stack.terraform as { backend?: { s3?: Record<string, unknown> } } | undefined;
  const s3 = terraform?.backend?.s3;
  if (s3) for (const [setting, since] of S3_SETTINGS) if (s3[setting] !== undefined) needed = later(needed, since);
  return `>= ${needed[0]}.${needed[1]}.0`;
}
