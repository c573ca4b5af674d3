/**
 * The provider versions the generated stacks require are constants of ses-dns (it no
 * longer loads the generated provider packages); they must stay those of the provider
 * bindings the project is developed and tested with.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { expect, test } from 'vitest';
import { App, TerraformStack } from '../src/cdktf';
import { CLOUDFLARE_PROVIDER } from '../src/providers/cloudflare/cloudflare-provider';
import { AWS_PROVIDER } from '../src/ses/aws';

test.each([
  ['aws', AWS_PROVIDER, (stack: TerraformStack) => new AwsProvider(stack, 'p', { region: 'eu-west-1' })],
  ['cloudflare', CLOUDFLARE_PROVIDER, (stack: TerraformStack) => new CloudflareProvider(stack, 'p', {})],
])('%s: source and version as the installed @cdktf/provider-* package writes them', (_name, requirement, make) => {
  const generated = make(new TerraformStack(new App(), 'stack'));
  expect(requirement).toEqual({
    name: generated.terraformResourceType,
    source: generated.terraformProviderSource,
    version: generated.terraformGeneratorMetadata?.providerVersion,
  });
});
