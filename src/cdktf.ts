/**
 * The one door to the CDK for Terraform core library.
 *
 * Every other module imports CDKTF classes from here, never from `cdktf` directly, so that
 * a move to the community fork (`cdktn`) or another major version is a change to this file
 * alone. Provider classes (`@cdktf/provider-*`) are deep-imported where they are used.
 */
export {
  App,
  CloudBackend,
  Fn,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
export type { TerraformProvider, TerraformResource } from 'cdktf';
