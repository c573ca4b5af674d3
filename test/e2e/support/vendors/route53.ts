/**
 * `aws_route53_record` as the AWS provider and the Route 53 API apply it.
 *
 * Rules, each from the vendor:
 * - One resource owns the whole record set of a (name, type); every entry of `records` is
 *   one resource record, and a second resource for the same set fails to create
 *   ("already exists") or, with `allow_overwrite`, silently replaces the first.
 *   @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route53_record
 * - The provider lower-cases the name, drops a trailing dot, and appends the zone name when
 *   the name does not already end with it. The test is a plain string suffix test
 *   (`expandRecordName` in terraform-provider-aws), so `badexample.com` counts as inside
 *   `example.com`; Route 53 itself then rejects a name outside the zone.
 * - For TXT and SPF the provider wraps each value in double quotes (`flattenTxtEntry`:
 *   `"%s"`), and Route 53 parses the result as RFC 1035 character-strings: a `""` inside a
 *   value thereby ends one string and starts the next. A string over 255 bytes is rejected
 *   with `CharacterStringTooLong`.
 *   @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html#TXTFormat
 * - MX values are `<preference> <exchange>`; a CNAME set holds exactly one value.
 */
import type { PlainRecord, RecordData } from '../model';
import { MAX_CHARACTER_STRING_BYTES, byteLength, isWithin, normalizeName, parseCharacterStrings } from '../dns-text';
import type { ResourceInstance, StackReader } from '../stack-reader';

/** Reads every `aws_route53_record` of a stack into plain records. */
export function readRoute53Records(
  reader: StackReader,
  zoneNamesById: Readonly<Record<string, string>>,
): PlainRecord[] {
  const records: PlainRecord[] = [];
  const owners = new Map<string, string>();
  for (const at of reader.instances('aws_route53_record')) {
    const body = at.body;
    if (body.alias !== undefined || body.set_identifier !== undefined) {
      reader.report('error', at.address, 'alias and routing-policy records are not interpreted by the harness');
      continue;
    }
    const zone = route53ZoneName(reader, at, zoneNamesById);
    const rawName = reader.string(body.name, at, 'name');
    const type = reader.string(body.type, at, 'type')?.toUpperCase();
    const ttl = reader.number(body.ttl, at, 'ttl');
    if (zone === undefined || rawName === undefined || type === undefined || ttl === undefined) continue;
    if (!Array.isArray(body.records) || body.records.length === 0) {
      reader.report('error', at.address, 'records must be a non-empty list (Route 53 rejects an empty record set)');
      continue;
    }
    const name = expandRecordName(rawName, zone);
    if (!isWithin(name, zone)) {
      reader.report('error', at.address, `Route 53 rejects ${name}: it is not in zone ${zone}`);
      continue;
    }
    const key = `${zone}|${name}|${type}`;
    const owner = owners.get(key);
    if (owner !== undefined) {
      reader.report(
        'error',
        at.address,
        body.allow_overwrite === true
          ? `replaces the ${type} set at ${name} that ${owner} creates (allow_overwrite): one of them is lost`
          : `Route 53 already has the ${type} set at ${name} from ${owner}: creating it again fails`,
      );
      continue;
    }
    owners.set(key, at.address);
    if (type === 'CNAME' && body.records.length !== 1) {
      reader.report('error', at.address, `a CNAME set holds exactly one value, got ${body.records.length}`);
      continue;
    }
    for (const [i, raw] of body.records.entries()) {
      const value = reader.string(raw, at, `records[${i}]`);
      if (value === undefined) continue;
      const data = route53Data(type, value, at, reader);
      if (data) records.push({ zone, name, ttl, data, source: at.address });
    }
  }
  return records;
}

/**
 * The provider's `expandRecordName`: lower-case, no trailing dot, and the zone appended
 * unless the name already ends with the zone's text (an empty name is the apex).
 */
export function expandRecordName(name: string, zone: string): string {
  const rn = normalizeName(name);
  const z = normalizeName(zone);
  if (rn.endsWith(z)) return rn;
  return rn === '' ? z : `${rn}.${z}`;
}

function route53ZoneName(
  reader: StackReader,
  at: ResourceInstance,
  zoneNamesById: Readonly<Record<string, string>>,
): string | undefined {
  const ref = reader.reference(at.body.zone_id);
  if (ref && ['zone_id', 'id'].includes(ref.attribute) && ref.type === 'aws_route53_zone') {
    const source = ref.mode === 'data' ? reader.dataSource(ref.type, ref.name) : reader.resource(ref.type, ref.name);
    if (typeof source?.name === 'string') return normalizeName(source.name);
    if (typeof source?.zone_id === 'string' && zoneNamesById[source.zone_id]) return zoneNamesById[source.zone_id];
    reader.report(
      'error',
      at.address,
      `zone ${ref.mode}.${ref.type}.${ref.name} has neither a name nor a known zone_id`,
    );
    return undefined;
  }
  const literal = reader.string(at.body.zone_id, at, 'zone_id');
  if (literal === undefined) return undefined;
  const known = zoneNamesById[literal];
  if (known === undefined)
    reader.report('error', at.address, `zone id ${literal} is not one the harness was told the name of`);
  return known;
}

function route53Data(type: string, value: string, at: ResourceInstance, reader: StackReader): RecordData | undefined {
  switch (type) {
    case 'TXT':
    case 'SPF': {
      let strings: string[];
      try {
        strings = parseCharacterStrings(`"${value}"`);
      } catch (error) {
        reader.report(
          'error',
          at.address,
          `Route 53 cannot parse TXT value ${JSON.stringify(value)}: ${(error as Error).message}`,
        );
        return undefined;
      }
      const long = strings.find((s) => byteLength(s) > MAX_CHARACTER_STRING_BYTES);
      if (long !== undefined) {
        reader.report(
          'error',
          at.address,
          `Route 53 rejects a ${byteLength(long)}-byte TXT character-string (CharacterStringTooLong, max ${MAX_CHARACTER_STRING_BYTES}): split it with \\"\\"`,
        );
        return undefined;
      }
      if (type === 'SPF')
        reader.report('warning', at.address, 'the SPF record type is obsolete (RFC 7208 section 14.1); served as TXT');
      return { type: 'TXT', strings };
    }
    case 'MX': {
      const match = /^\s*(\d+)\s+(\S+)\s*$/.exec(value);
      if (!match) {
        reader.report(
          'error',
          at.address,
          `Route 53 rejects MX value ${JSON.stringify(value)}: expected "<preference> <host>"`,
        );
        return undefined;
      }
      return { type: 'MX', preference: Number(match[1]), exchange: normalizeName(match[2]) };
    }
    case 'CNAME':
      return { type: 'CNAME', target: normalizeName(value) };
    case 'A':
    case 'AAAA':
      return { type, address: value.trim() };
    default:
      reader.report('error', at.address, `record type ${type} is not interpreted by the harness`);
      return undefined;
  }
}
