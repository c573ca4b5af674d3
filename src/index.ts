/**
 * ses-dns as a library: the constructs and functions behind the CLI, for hand-written
 * CDKTF apps.
 *
 * @example
 * import { App } from 'cdktf';
 * import { loadConfig, EnvironmentStack } from 'ses-dns';
 * const app = new App();
 * for (const environment of loadConfig('ses-dns.yaml').config.environments) {
 *   new EnvironmentStack(app, { environment });
 * }
 * app.synth();
 */
export * from './config';
export * from './records';
export {
  auditEnvironments,
  configAdvice,
  configWarnings,
  loadConfig,
  recordSetOverlaps,
  validateConfig,
} from './checks';
export type { ConfigAdvice, ConfigNote } from './checks';
export { dnsProvider } from './providers/registry';
export { PROVIDER_SUPPORT, providerSupport } from './providers/supports';
export type { DnsProvider, DnsTarget, MaterializedRecord, ProviderSupport } from './providers/provider';
export { EmailIdentity } from './ses/email-identity';
export type { EmailIdentityProps } from './ses/email-identity';
export { EnvironmentStack, regionAlias } from './stacks/environment-stack';
export type { EnvironmentStackProps } from './stacks/environment-stack';
export { synthesizeApp } from './stacks/app';
export { synth } from './cli/commands/synth';
export type { SynthOptions, SynthResult } from './cli/commands/synth';
