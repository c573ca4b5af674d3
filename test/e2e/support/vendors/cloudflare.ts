/**
 * `cloudflare_dns_record` (Cloudflare provider 5.x) as the Cloudflare API applies it.
 *
 * Rules, each from the vendor:
 * - One resource is one record; the API refuses a record identical to an existing one
 *   (error 81058) and a CNAME beside any other record at its name (81053/81054).
 * - `name` is the full name, or `@` for the apex; a name that does not end in the zone is
 *   taken as relative to it.
 * - `ttl` is required: 1 means automatic (300 s), otherwise 60-86400 (30 on Enterprise).
 * - `proxied: true` turns a CNAME into Cloudflare's own A/AAAA answers, which breaks DKIM
 *   key lookups and SES's tracking and MAIL FROM checks; TXT and MX cannot be proxied.
 * - TXT `content` "must consist of quoted character strings (RFC 1035), each up to 255
 *   bytes; strings exceeding this are automatically split"; unquoted content is taken as
 *   one string and flagged in the dashboard. Content is at most 2048 characters.
 * - MX takes its preference from `priority` and its exchange from `content`.
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/create/
 * @see https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/
 */
import type { PlainRecord, RecordData } from '../model';
import { chunkText, isWithin, normalizeName, parseCharacterStrings } from '../dns-text';
import type { ResourceInstance, StackReader } from '../stack-reader';
import { block } from '../stack-reader';

const AUTOMATIC_TTL_SECONDS = 300;
const MAX_TXT_CONTENT_CHARS = 2048;

/** Reads every `cloudflare_dns_record` of a stack into plain records. */
export function readCloudflareRecords(
  reader: StackReader,
  zoneNamesById: Readonly<Record<string, string>>,
): PlainRecord[] {
  const records: PlainRecord[] = [];
  const seen = new Map<string, string>();
  for (const at of reader.instances('cloudflare_dns_record')) {
    const body = at.body;
    const zone = cloudflareZoneName(reader, at, zoneNamesById);
    const rawName = reader.string(body.name, at, 'name');
    const type = reader.string(body.type, at, 'type')?.toUpperCase();
    const ttl = cloudflareTtl(reader, at);
    const content = reader.string(body.content, at, 'content');
    if (zone === undefined || rawName === undefined || type === undefined || ttl === undefined || content === undefined)
      continue;
    if (body.proxied === true) {
      reader.report(
        'error',
        at.address,
        `a proxied ${type} is answered with Cloudflare's own addresses, not its content: mail records need proxied: false`,
      );
      continue;
    }
    const name = rawName.trim() === '@' ? zone : expandCloudflareName(rawName, zone);
    const data = cloudflareData(type, content, at, reader);
    if (!data) continue;
    const key = `${zone}|${name}|${JSON.stringify(data)}`;
    const twin = seen.get(key);
    if (twin !== undefined) {
      reader.report('error', at.address, `Cloudflare refuses a record identical to ${twin} (error 81058)`);
      continue;
    }
    seen.set(key, at.address);
    records.push({ zone, name, ttl, data, source: at.address });
  }
  return records;
}

/** A name that does not end in the zone is relative to it. */
export function expandCloudflareName(name: string, zone: string): string {
  const n = normalizeName(name);
  return isWithin(n, zone) ? n : `${n}.${normalizeName(zone)}`;
}

function cloudflareTtl(reader: StackReader, at: ResourceInstance): number | undefined {
  const ttl = reader.number(at.body.ttl, at, 'ttl');
  if (ttl === undefined) return undefined;
  if (ttl === 1) return AUTOMATIC_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 30 || ttl > 86400) {
    reader.report('error', at.address, `Cloudflare rejects ttl ${ttl}: 1 (automatic) or 60-86400`);
    return undefined;
  }
  if (ttl < 60) reader.report('warning', at.address, `ttl ${ttl} below 60 is accepted on Enterprise zones only`);
  return ttl;
}

function cloudflareZoneName(
  reader: StackReader,
  at: ResourceInstance,
  zoneNamesById: Readonly<Record<string, string>>,
): string | undefined {
  const ref = reader.reference(at.body.zone_id);
  if (ref && ['zone_id', 'id'].includes(ref.attribute) && ref.type === 'cloudflare_zone') {
    const source = ref.mode === 'data' ? reader.dataSource(ref.type, ref.name) : reader.resource(ref.type, ref.name);
    // Provider 5.x looks a zone up with `filter { name }`; 4.x took `name` directly.
    const name = block(source?.filter)?.name ?? source?.name;
    if (typeof name === 'string') return normalizeName(name);
    const id = source?.zone_id;
    if (typeof id === 'string' && zoneNamesById[id]) return zoneNamesById[id];
    reader.report(
      'error',
      at.address,
      `zone ${ref.mode}.${ref.type}.${ref.name} has neither a name filter nor a known zone_id`,
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

function cloudflareData(
  type: string,
  content: string,
  at: ResourceInstance,
  reader: StackReader,
): RecordData | undefined {
  switch (type) {
    case 'TXT': {
      if (content.length > MAX_TXT_CONTENT_CHARS) {
        reader.report(
          'error',
          at.address,
          `Cloudflare rejects TXT content of ${content.length} characters (max ${MAX_TXT_CONTENT_CHARS})`,
        );
        return undefined;
      }
      let strings: string[];
      if (content.trimStart().startsWith('"')) {
        try {
          strings = parseCharacterStrings(content);
        } catch (error) {
          reader.report('error', at.address, `Cloudflare cannot parse TXT content: ${(error as Error).message}`);
          return undefined;
        }
      } else {
        reader.report(
          'warning',
          at.address,
          'TXT content is not quoted character strings (RFC 1035); the dashboard flags it',
        );
        strings = [content];
      }
      return { type: 'TXT', strings: strings.flatMap((s) => chunkText(s)) };
    }
    case 'MX': {
      const priority = reader.number(at.body.priority, at, 'priority');
      if (priority === undefined) return undefined;
      return { type: 'MX', preference: priority, exchange: normalizeName(content) };
    }
    case 'CNAME':
      return { type: 'CNAME', target: normalizeName(content) };
    case 'A':
    case 'AAAA':
      return { type, address: content.trim() };
    default:
      reader.report('error', at.address, `record type ${type} is not interpreted by the harness`);
      return undefined;
  }
}
