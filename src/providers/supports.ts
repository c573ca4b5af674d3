/**
 * What each DNS provider supports, by name: plain data that loads no construct, for the
 * check stage (src/checks/audit.ts) and the docs (docs/providers.md, kept equal to it by
 * test/providers/supports.test.ts). One line per vendor, beside its line in registry.ts.
 */
import type { DnsProviderName } from '../config/types';
import { CLOUDFLARE_SUPPORTS } from './cloudflare/supports';
import type { ProviderSupport } from './provider';
import { ROUTE53_SUPPORTS } from './route53/supports';

/** What each provider supports. */
export const PROVIDER_SUPPORT: Readonly<Record<DnsProviderName, ProviderSupport>> = {
  route53: ROUTE53_SUPPORTS,
  cloudflare: CLOUDFLARE_SUPPORTS,
};

/** What the provider `name` supports. */
export function providerSupport(name: DnsProviderName): ProviderSupport {
  return PROVIDER_SUPPORT[name];
}
