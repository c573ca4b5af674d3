/**
 * Route 53: `aws_route53_record`, one resource per record set (name, type).
 *
 * Vendor rules encoded here:
 * - One resource owns the whole set; a second resource for the same name and type fails, or
 *   with `allow_overwrite` silently replaces the set. We never set `allow_overwrite`, and
 *   refuse two records of ours for one set at plan time.
 * - The provider wraps each TXT value in double quotes, so a value longer than 255
 *   characters is split by writing `""` between its strings (terraform-provider-aws#14941;
 *   otherwise the API answers `CharacterStringTooLong`).
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route53_record
 */
import type { Construct } from 'constructs';
import type { ResolvedEnvironment, ZoneRef } from '../../config/model';
import { recordAddress, zoneAddress } from '../../records/address';
import type { PlannedRecord } from '../../records/model';
import { chunkTxt } from '../../records/txt';
import { AwsProviderConfig } from '../../ses/aws';
import { PlainDataSource, PlainResource } from '../../terraform/elements';
import { groupRecordSets } from '../provider';
import type { DnsProvider, DnsTarget, MaterializedRecord } from '../provider';
import { ROUTE53_SUPPORTS } from './supports';

/** Route 53 TTLs are seconds; `auto` is refused by the check stage before we get here. */
function ttlSeconds(record: PlannedRecord): number {
  return record.ttl === 'auto' ? 300 : record.ttl;
}

/**
 * A TXT value as the Route 53 provider takes it: strings of at most 255 characters joined
 * by `""`, which the provider's own quoting turns into separate character-strings.
 */
export function route53TxtValue(value: string): string {
  return chunkTxt(value).join('""');
}

/** The value of a record in `aws_route53_record.records`. */
function recordValue(record: MaterializedRecord): string {
  switch (record.type) {
    case 'TXT':
      return route53TxtValue(record.value);
    case 'MX':
      return `${record.priority ?? 10} ${record.value}`;
    default:
      return record.value;
  }
}

class Route53Target implements DnsTarget {
  private readonly zones = new Map<string, string>();

  constructor(
    private readonly scope: Construct,
    private readonly dnsProvider: AwsProviderConfig | undefined,
  ) {}

  /** The zone id expression for `zone`: one data source per zone name, shared by its domains. */
  private zoneId(zone: ZoneRef): string {
    if (zone.kind === 'id') return zone.id;
    const existing = this.zones.get(zone.name);
    if (existing) return existing;
    const data = new PlainDataSource(
      this.scope,
      ROUTE53_SUPPORTS.zoneLookup,
      zoneAddress(zone.name),
      { name: zone.name, private_zone: false },
      { provider: this.dnsProvider },
    );
    const zoneId = data.reference('zone_id');
    this.zones.set(zone.name, zoneId);
    return zoneId;
  }

  emit(records: readonly MaterializedRecord[]): void {
    for (const set of groupRecordSets(records)) {
      const first = set[0]!;
      const address = recordAddress(first);
      // Values of others at this name (keepTxt) go into the same resource: it owns the whole
      // set, and a set written without them would delete them (issue #6).
      const kept = set.flatMap((record) => (record.kept ?? []).map(route53TxtValue));
      const resource = new PlainResource(
        this.scope,
        address,
        ROUTE53_SUPPORTS.resource,
        address,
        {
          name: first.name,
          records: [...set.map(recordValue), ...kept],
          ttl: ttlSeconds(first),
          type: first.type,
          zone_id: this.zoneId(first.zone),
        },
        { provider: this.dnsProvider },
      );
      if (first.importId !== undefined) resource.importFrom(first.importId, this.dnsProvider);
    }
  }
}

/** The Route 53 provider. */
export const route53Provider: DnsProvider = {
  name: 'route53',
  supports: ROUTE53_SUPPORTS,

  configure(scope: Construct, environment: ResolvedEnvironment): DnsTarget {
    const { profile, assumeRoleArn } = environment.dns;
    // Hosted zones often live in another AWS account than SES: the records then get their
    // own provider configuration with that account's profile or role.
    const dnsProvider =
      profile || assumeRoleArn
        ? new AwsProviderConfig(scope, 'aws_dns', { alias: 'dns', region: environment.region, profile, assumeRoleArn })
        : undefined;
    return new Route53Target(scope, dnsProvider);
  },
};
