/**
 * The one door to the CDK for Terraform core library.
 *
 * Every other module imports CDKTF classes from here, never from `cdktf` directly, so that
 * a move to the community fork (`cdktn`) or another major version is a change to this file
 * alone. Only cdktf's public API is used: no private module, no patched function.
 */
export {
  AnnotationMetadataEntryType,
  App,
  Aspects,
  CloudBackend,
  DefaultTokenResolver,
  Fn,
  Lazy,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  StringConcat,
  TerraformDataSource,
  TerraformElement,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
} from 'cdktf';
export type { IStackSynthesizer, ISynthesisSession, TerraformResourceLifecycle } from 'cdktf';
