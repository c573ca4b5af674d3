/**
 * What Cloudflare supports, as data (src/providers/provider.ts `ProviderSupport`).
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/records/
 * @see https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/latest/docs/resources/dns_record
 */
import { CLOUDFLARE_ZONE_ID } from '../../config/patterns';
import * as say from '../../messages/config';
import type { ProviderSupport } from '../provider';

/** Cloudflare's TTL value meaning "automatic". */
export const CLOUDFLARE_AUTO_TTL = 1;

/** Cloudflare's support. */
export const CLOUDFLARE_SUPPORTS: ProviderSupport = {
  title: 'Cloudflare',
  resource: 'cloudflare_dns_record',
  recordTypes: ['CNAME', 'MX', 'TXT'],
  // Each value is a record of its own: a name holds one SPF record and one CNAME at most.
  recordSet: 'value',
  // 1 means automatic; otherwise 60-86400 seconds (Cloudflare API, DNS record ttl).
  ttl: { auto: CLOUDFLARE_AUTO_TTL, min: 60, max: 86400 },
  // A proxied or flattened DKIM CNAME stops resolving to the key, and mail records must never
  // go through the proxy: ses-dns writes `proxied = false` on every record.
  proxied: true,
  // TXT content "must consist of quoted character strings (RFC 1035), each up to 255 bytes".
  longTxt: 'quoted strings of 255 characters separated by a space',
  keptTxt: 'apart',
  zoneLookup: 'cloudflare_zone',
  importId: '`<zone id>/<record id>`, two ids of 32 hexadecimal characters',
  importIdFrom: 'record',
  importIdOf(zoneId, record, recordId) {
    // Only the API knows a record's id: asking without it is a bug of the caller.
    if (recordId === undefined) throw new Error(`the import id of ${record.name} needs its Cloudflare record id`);
    return `${zoneId}/${recordId}`;
  },
  importIdUnknown:
    'the Cloudflare record id is unknown: set CLOUDFLARE_API_TOKEN (Zone:Read, DNS:Read) and run adopt again',
  importIdProblem(id, record) {
    const zoneId = record.zone.kind === 'id' ? record.zone.id : undefined;
    const match = /^([0-9a-f]{32})\/([0-9a-f]{32})$/.exec(id);
    const zoneOk = match && new RegExp(CLOUDFLARE_ZONE_ID).test(match[1]!) && (!zoneId || match[1] === zoneId);
    if (zoneOk) return undefined;
    return say.notCloudflareImportId(id, record.role, `${zoneId ?? '<zone id>'}/<record id>`);
  },
};
