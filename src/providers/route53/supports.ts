/**
 * What Route 53 supports, as data (src/providers/provider.ts `ProviderSupport`).
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html (TTL)
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route53_record
 */
import { ROUTE53_ZONE_ID } from '../../config/patterns';
import * as say from '../../messages/config';
import { tokenPattern } from '../../records/model';
import type { ProviderSupport } from '../provider';

/** Route 53's support. */
export const ROUTE53_SUPPORTS: ProviderSupport = {
  title: 'Route 53',
  resource: 'aws_route53_record',
  recordTypes: ['CNAME', 'MX', 'TXT'],
  // One resource owns the whole set: a second one for the same name and type fails, or with
  // allow_overwrite silently replaces it (we never set allow_overwrite).
  recordSet: 'set',
  // A TTL is seconds, 0 to 2^31-1: Route 53 has no "automatic" TTL.
  ttl: { auto: false, min: 0, max: 2147483647 },
  proxied: false,
  // The provider wraps each value in quotes, so `""` separates the strings
  // (terraform-provider-aws#14941; otherwise the API answers CharacterStringTooLong).
  longTxt: 'strings of 255 characters joined by `""`',
  keptTxt: 'in-set',
  zoneLookup: 'aws_route53_zone',
  importId: '`<zone id>_<name>_<type>`: `Z0123456789ABCDEFGHIJ__dmarc.example.com_TXT`',
  // The name lowercase, fully qualified, without the trailing dot, as the AWS provider's
  // documentation writes `Z4KAPRWWNC7JR_dev.example.com_NS`.
  importIdFrom: 'set',
  importIdOf: (zoneId, record) => `${zoneId}_${record.name}_${record.type}`,
  importIdUnknown: 'the hosted zone id is unknown',
  importIdProblem(id, record) {
    const zoneId = record.zone.kind === 'id' ? record.zone.id : undefined;
    // Easy DKIM names hold a token SES chose; the user copies it from the existing record.
    const namePattern = tokenPattern(record.name, '[a-z0-9]{1,63}');
    const match = new RegExp(`^(.+)_(${namePattern})_(${record.type})$`).exec(id);
    const zoneOk = match && new RegExp(ROUTE53_ZONE_ID).test(match[1]!) && (!zoneId || match[1] === zoneId);
    if (zoneOk) return undefined;
    const example = `${zoneId ?? 'Z0123456789ABCDEFGHIJ'}_${record.name}_${record.type}`;
    return say.notRoute53ImportId(id, record.role, example);
  },
};
