/**
 * The DNS providers by name. Adding a provider: one folder under `src/providers/`, one line
 * here and one in supports.ts. (Deep imports keep each vendor's cost to a few milliseconds,
 * so both load eagerly; the check stage reads supports.ts and loads neither.)
 */
import type { DnsProviderName } from '../config/types';
import { cloudflareProvider } from './cloudflare/cloudflare-provider';
import type { DnsProvider } from './provider';
import { route53Provider } from './route53/route53-provider';

/** Providers by name: one line per vendor. */
const PROVIDERS: Record<DnsProviderName, DnsProvider> = {
  route53: route53Provider,
  cloudflare: cloudflareProvider,
};

/** The provider registered under `name`. */
export function dnsProvider(name: DnsProviderName): DnsProvider {
  return PROVIDERS[name];
}
