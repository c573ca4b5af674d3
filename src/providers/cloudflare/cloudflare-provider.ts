/**
 * Cloudflare (provider 5.x): `cloudflare_dns_record`, one resource per record value.
 *
 * Vendor rules encoded here:
 * - `name` is the full name: a name relative to the zone makes every plan drift
 *   (cloudflare/terraform-provider-cloudflare#5620, #7289).
 * - `proxied = false` on every record: a proxied or flattened DKIM CNAME stops resolving to
 *   the key, and mail records must never go through the proxy.
 * - `ttl` is required: 1 means automatic, else 60-86400 seconds.
 * - TXT `content` "must consist of quoted character strings (RFC 1035), each up to 255
 *   bytes" (Cloudflare API, DNS records); unquoted content is accepted but flagged.
 * - v5 has no `allow_overwrite`: an existing identical record fails with API errors
 *   81053/81057, and is adopted with an import instead.
 * - The API token is read by the provider from `CLOUDFLARE_API_TOKEN`; it is never written.
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/records/
 */
import type { Construct } from 'constructs';
import type { ZoneRef } from '../../config/model';
import { recordAddress, zoneAddress } from '../../records/address';
import type { PlannedRecord } from '../../records/model';
import { chunkTxt } from '../../records/txt';
import { PlainDataSource, PlainProvider, PlainResource } from '../../terraform/elements';
import type { ProviderRequirement } from '../../terraform/elements';
import type { DnsProvider, DnsTarget, MaterializedRecord } from '../provider';
import { CLOUDFLARE_AUTO_TTL, CLOUDFLARE_SUPPORTS } from './supports';

/**
 * The Cloudflare provider the generated stacks require (`test/provider-requirements.test.ts`
 * keeps it equal to the generator metadata of the installed `@cdktf/provider-cloudflare`).
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs
 */
export const CLOUDFLARE_PROVIDER: ProviderRequirement = {
  name: 'cloudflare',
  source: 'cloudflare/cloudflare',
  version: '5.14.0',
};

/**
 * TXT content as Cloudflare wants it: each string of at most 255 bytes in double quotes,
 * separated by a space. Our TXT values hold no quotes or backslashes (validated).
 */
export function cloudflareTxtContent(value: string): string {
  return chunkTxt(value)
    .map((chunk) => `"${chunk}"`)
    .join(' ');
}

function comment(record: PlannedRecord): string {
  return `Managed by ses-dns (${record.role} of ${record.domain}); do not edit by hand`;
}

class CloudflareTarget implements DnsTarget {
  private readonly zones = new Map<string, string>();

  constructor(private readonly scope: Construct) {}

  private zoneId(zone: ZoneRef): string {
    if (zone.kind === 'id') return zone.id;
    const existing = this.zones.get(zone.name);
    if (existing) return existing;
    const data = new PlainDataSource(this.scope, CLOUDFLARE_SUPPORTS.zoneLookup, zoneAddress(zone.name), {
      filter: { name: zone.name },
    });
    const zoneId = data.reference('zone_id');
    this.zones.set(zone.name, zoneId);
    return zoneId;
  }

  emit(records: readonly MaterializedRecord[]): void {
    for (const record of records) {
      const address = recordAddress(record);
      const resource = new PlainResource(this.scope, address, CLOUDFLARE_SUPPORTS.resource, address, {
        comment: comment(record),
        content: record.type === 'TXT' ? cloudflareTxtContent(record.value) : record.value,
        name: record.name,
        priority: record.type === 'MX' ? record.priority : undefined,
        proxied: false,
        ttl: record.ttl === 'auto' ? CLOUDFLARE_AUTO_TTL : record.ttl,
        type: record.type,
        zone_id: this.zoneId(record.zone),
      });
      // Kept TXT values (keepTxt) are separate records on Cloudflare: we leave them alone.
      if (record.importId !== undefined) resource.importFrom(record.importId);
    }
  }
}

/** The Cloudflare provider. */
export const cloudflareProvider: DnsProvider = {
  name: 'cloudflare',
  supports: CLOUDFLARE_SUPPORTS,

  configure(scope: Construct): DnsTarget {
    // The API token comes from CLOUDFLARE_API_TOKEN: the configuration has no argument.
    new PlainProvider(scope, 'cloudflare', CLOUDFLARE_PROVIDER, {});
    return new CloudflareTarget(scope);
  },
};
