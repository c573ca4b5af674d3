/**
 * Route 53 for `ses-dns adopt --aws`: the id of each public hosted zone named in the config
 * (`ListHostedZonesByName`), for import ids `<zone id>_<name>_<type>`, and the record sets
 * of a zone (`ListResourceRecordSets`), to find Easy DKIM CNAMEs that belong to another
 * identity. The DNS account's profile or role (`dns.profile`, `dns.assumeRoleArn`) is used
 * as the stack uses it.
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListHostedZonesByName.html
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListResourceRecordSets.html
 */
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ResolvedDns } from '../config/model';
import { AwsUnavailableError, awsUnavailableMessage } from '../verify/aws-unavailable';
import type { ZoneListing, ZoneRecord } from './zone-listing';

/** What Route 53 said of a zone name. */
export interface HostedZoneFacts {
  readonly zone: string;
  /** `ambiguous`: two public zones carry the name. */
  readonly state: 'found' | 'absent' | 'ambiguous';
  /** The hosted zone id without its `/hostedzone/` prefix. */
  readonly id?: string;
  /** Every id, when ambiguous. */
  readonly ids?: readonly string[];
}

/** Builds a Route 53 client for an environment's DNS account; tests pass a mocked one. */
export type Route53ClientFactory = (dns: ResolvedDns) => Route53Client;

/** Real clients: the standard AWS chain, or the environment's profile or role. */
export async function defaultRoute53ClientFactory(): Promise<Route53ClientFactory> {
  const { Route53Client } = await import('@aws-sdk/client-route-53');
  const clients = new Map<string, Route53Client>();
  return (dns) => {
    const key = `${dns.profile ?? ''}\n${dns.assumeRoleArn ?? ''}`;
    let client = clients.get(key);
    if (!client) {
      // Route 53 is a global service, signed in us-east-1.
      const credentials = dns.assumeRoleArn ? roleCredentials(dns.assumeRoleArn, dns.profile) : undefined;
      client = new Route53Client({
        region: 'us-east-1',
        ...(dns.profile ? { profile: dns.profile } : {}),
        credentials,
      });
      clients.set(key, client);
    }
    return client;
  };
}

function roleCredentials(roleArn: string, profile: string | undefined) {
  // Loaded lazily with the rest of the AWS SDK: only `adopt --aws` with assumeRoleArn needs it.
  const providers = require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
  return providers.fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: 'ses-dns-adopt' },
    clientConfig: { region: 'us-east-1' },
    ...(profile ? { masterCredentials: providers.fromIni({ profile }) } : {}),
  });
}

const stripPrefix = (id: string) => id.replace(/^\/hostedzone\//, '');

/**
 * The public hosted zone named `zone`, as ListHostedZonesByName finds it.
 * @throws the SDK's error when Route 53 cannot be asked (see {@link route53Unavailable})
 */
export async function findHostedZone(client: Route53Client, zone: string): Promise<HostedZoneFacts> {
  const { ListHostedZonesByNameCommand } = await import('@aws-sdk/client-route-53');
  const answer = await client.send(new ListHostedZonesByNameCommand({ DNSName: zone, MaxItems: 10 }));
  // The list starts at the name and continues in order: keep exact public matches only.
  const ids = (answer.HostedZones ?? [])
    .filter((z) => canonical(z.Name ?? '') === zone && z.Config?.PrivateZone !== true && z.Id)
    .map((z) => stripPrefix(z.Id!));
  if (ids.length === 0) return { zone, state: 'absent' };
  if (ids.length > 1) return { zone, state: 'ambiguous', ids };
  return { zone, state: 'found', id: ids[0] };
}

/**
 * Route 53 could not be asked (credentials, permission, throttling, network): adopt could
 * not check, exit 2, with the fix. The DNS account's profile or role is named when the
 * environment sets one, since those are the credentials that failed.
 */
export function route53Unavailable(action: string, dns: ResolvedDns, cause: unknown): AwsUnavailableError {
  const e = cause as { name?: string; message?: string };
  const whose = [dns.profile ? `profile ${dns.profile}` : '', dns.assumeRoleArn ? `role ${dns.assumeRoleArn}` : '']
    .filter(Boolean)
    .join(', ');
  return new AwsUnavailableError(
    awsUnavailableMessage(
      {
        service: 'Route 53',
        action,
        instead: 'or run adopt without --aws and write zone: { id: ... } for each zone',
        ...(whose ? { credentials: `of the DNS account (${whose}: dns.profile, dns.assumeRoleArn)` } : {}),
      },
      e,
    ),
    e.name ?? 'Error',
  );
}

/** At most this many pages (300 record sets each) are read of one zone. */
const MAX_PAGES = 100;

/**
 * Every record set of a hosted zone, names canonical (lowercase, no trailing dot).
 * @throws the SDK's error when Route 53 cannot be asked (see {@link route53Unavailable})
 */
export async function listHostedZone(client: Route53Client, zoneId: string): Promise<ZoneListing> {
  const { ListResourceRecordSetsCommand } = await import('@aws-sdk/client-route-53');
  const records: ZoneRecord[] = [];
  let start: { StartRecordName?: string; StartRecordType?: string; StartRecordIdentifier?: string } = {};
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ...start,
      } as ConstructorParameters<typeof ListResourceRecordSetsCommand>[0]),
    );
    for (const set of answer.ResourceRecordSets ?? []) {
      records.push({
        name: canonical(unescapeName(set.Name ?? '')),
        type: set.Type ?? '',
        values: (set.ResourceRecords ?? []).map((r) => r.Value ?? ''),
        // An alias set has no TTL of its own (Route 53 uses its target's).
        ...(set.TTL !== undefined && { ttl: set.TTL }),
      });
    }
    if (!answer.IsTruncated) return { complete: true, records };
    start = {
      StartRecordName: answer.NextRecordName,
      StartRecordType: answer.NextRecordType,
      StartRecordIdentifier: answer.NextRecordIdentifier,
    };
  }
  return { complete: false, records };
}

function canonical(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Route 53 writes characters outside `a-z0-9-_.` as `\ooo` octal escapes (`*` is `\052`). */
function unescapeName(name: string): string {
  return name.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
