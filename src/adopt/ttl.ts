/**
 * Live TTLs against the plan's, for the record sets `ses-dns adopt` takes over. Pure: the
 * live TTL comes in from where it was read, a {@link TtlReport} goes out.
 *
 * Where a live TTL is read, in this order:
 * - the DNS provider's API, when adopt read the zone's listing: Cloudflare's `ttl` (1 is its
 *   automatic TTL), Route 53's record set `TTL` (with `--aws`). Exact.
 * - for a vendor without an automatic TTL (Route 53), a DNS answer given with authority (the
 *   AA bit): the zone's own TTL, as `--resolver` pointed at a server of the zone gives it.
 *   A cached answer is never compared: a resolver counts the TTL down from the zone's value
 *   and may cap or raise it, so it tells neither the value nor a bound that holds for every
 *   resolver. A vendor with an automatic TTL publishes it as a number (Cloudflare: 300), so
 *   DNS cannot tell it from that number either: its TTLs come from its API only.
 *
 * A different TTL is no conflict: the first apply changes it in place (the record stays,
 * with its value). adopt says so, with the setting that would keep the live value, and
 * writes nothing about it: the TTL is one setting per domain, whose choice is the user's.
 * @see https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/ (automatic TTL)
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html (TTL)
 * @see https://www.rfc-editor.org/rfc/rfc2181#section-8 (TTL)
 */
import type { ResolvedDomain, Ttl } from '../config/model';
import { takesTtl } from '../checks/audit';
import type { ProviderSupport } from '../providers/provider';
import type { PlannedRecord } from '../records/model';
import { addressRegionOf } from '../records/regional';
import type { AnsweredTtl } from './live-ttl';
import type { ZoneRecord } from './zone-listing';

/** A live TTL and where it was read. */
export interface LiveTtl {
  /** Seconds, or `auto`: the vendor's automatic TTL. */
  readonly ttl: Ttl;
  /** Where it was read, in words: `the Route 53 API`, `an authoritative DNS answer`. */
  readonly from: string;
}

/** Why a live TTL was not compared. */
export type TtlUnread = 'cached' | 'api-only' | 'unanswered';

/** A live record set whose TTL the plan changes: the first apply sets the planned one in place. */
export interface TtlChange {
  readonly role: string;
  /**
   * The further SES region whose record this is, for a domain in several.
   * @default the home region, or a record of the whole domain
   */
  readonly region?: string;
  readonly type: string;
  readonly name: string;
  /** The live TTL: seconds, or `auto` (Cloudflare's automatic TTL, its `ttl: 1`). */
  readonly live: Ttl;
  /** The TTL the plan gives the record (`ttl` of the domain, from whichever layer). */
  readonly planned: Ttl;
  /** Where the live TTL was read. */
  readonly from: string;
}

/** What adopt says of one domain's TTLs. */
export interface TtlReport {
  /** Each adopted record set whose live TTL differs from the plan's; empty when none does. */
  readonly changes: readonly TtlChange[];
  /**
   * The setting that keeps every live TTL adopt read, when one value does: the domain
   * entry's `ttl`. adopt never writes it (`--write` neither).
   * @default none: nothing differs, the live TTLs differ among themselves, or ses-dns cannot write the live one
   */
  readonly keep?: { readonly key: string; readonly value: Ttl };
  /** One line: the key that keeps the live TTL, and that the first apply otherwise changes it. */
  readonly advice?: string;
}

/** A TTL as the vendor means it: its number for "automatic" (Cloudflare's 1) is `auto`. */
export function vendorTtl(ttl: Ttl, support: ProviderSupport): Ttl {
  return ttl === 'auto' || ttl === support.ttl.auto ? 'auto' : ttl;
}

/**
 * The live TTL of `record`, from the provider's listing of its zone when adopt read one
 * (`listed`: the set, or the one record adopted), else from the DNS answer when the vendor
 * has no automatic TTL and the answer was authoritative; otherwise why not.
 */
export function readLiveTtl(
  support: ProviderSupport,
  listed: ZoneRecord | undefined,
  answered: AnsweredTtl | undefined,
): LiveTtl | TtlUnread {
  if (listed?.ttl !== undefined) return { ttl: vendorTtl(listed.ttl, support), from: `the ${support.title} API` };
  if (support.ttl.auto !== false) return 'api-only';
  if (!answered) return 'unanswered';
  if (!answered.authoritative) return 'cached';
  return { ttl: answered.seconds, from: 'an authoritative DNS answer' };
}

/** The records adopt compared, each with its live TTL. */
export interface ComparedTtl {
  readonly record: PlannedRecord;
  readonly live: LiveTtl;
}

/** A TTL in words. */
export const ttlWords = (ttl: Ttl) => (ttl === 'auto' ? 'auto' : String(ttl));

/**
 * The report of one domain: each difference, and one line of advice naming the key that
 * keeps the live TTL (the domain entry's `ttl`, since a TTL at the environment or defaults
 * would change other domains too) and saying that otherwise the first apply changes it.
 */
export function ttlReport(
  domain: ResolvedDomain,
  support: ProviderSupport,
  writtenAt: string | undefined,
  compared: readonly ComparedTtl[],
): TtlReport {
  const planned = vendorTtl(domain.ttl, support);
  const changes: TtlChange[] = compared
    .filter((c) => c.live.ttl !== vendorTtl(c.record.ttl, support))
    .map(({ record, live }) => {
      const region = addressRegionOf(record);
      return {
        role: record.role,
        ...(region !== undefined && { region }),
        type: record.type,
        name: record.name,
        live: live.ttl,
        planned: vendorTtl(record.ttl, support),
        from: live.from,
      };
    });
  if (changes.length === 0) return { changes };
  const origin = writtenAt ? `set at ${writtenAt}` : 'the default';
  const these = changes.length === 1 ? 'that TTL' : `these ${changes.length} TTLs`;
  const untouched = 'adopt --write leaves ttl as it is';
  const key = `${domain.path}.ttl`;
  const lives = [...new Set(compared.map((c) => c.live.ttl))];
  if (lives.length > 1) {
    return {
      changes,
      advice: `the live TTLs differ among themselves (${lives.map(ttlWords).join(', ')}) and a domain has one ttl: set ${key} to the one to keep, or leave the plan's ${ttlWords(planned)} (${origin}); the first apply sets it on each record in place (${untouched})`,
    };
  }
  const live = lives[0]!;
  if (!writable(live, support)) {
    return {
      changes,
      advice: `ses-dns cannot write the live TTL ${ttlWords(live)} on ${support.title} (it writes ${allowedTtls(support)}): the first apply changes ${these} to ${ttlWords(planned)} (${origin}) in place`,
    };
  }
  return {
    changes,
    keep: { key, value: live },
    advice: `to keep the live TTL, set ttl: ${ttlWords(live)} in ${domain.path} (the plan's ${ttlWords(planned)} is ${origin}); otherwise the first apply changes ${these} in place (${untouched})`,
  };
}

/** Whether a config can give `ttl` on the vendor: what it takes, and the schema's 1 or more. */
function writable(ttl: Ttl, support: ProviderSupport): boolean {
  return takesTtl(support, ttl) && (ttl === 'auto' || ttl >= 1);
}

function allowedTtls(support: ProviderSupport): string {
  const { auto, min, max } = support.ttl;
  return `${Math.max(min, 1)} to ${max} seconds${auto === false ? '' : ' or auto'}`;
}

/**
 * The note for the adopted records whose TTL was not compared, per reason; `how` says how to
 * have them read (the provider's API), when the zone's facts know.
 */
export function unreadNotes(
  support: ProviderSupport,
  unread: readonly { readonly record: PlannedRecord; readonly why: TtlUnread }[],
  how: string | undefined,
): string[] {
  const notes: string[] = [];
  const reasons: Record<TtlUnread, string> = {
    cached: `the DNS answers came from a cache, not from a server of the zone: a resolver counts a TTL down from the zone's value (and may cap or raise it), so its TTL is not the live one`,
    'api-only': `${support.title} publishes its automatic TTL in DNS as a number, so its TTLs are read from its API`,
    unanswered: 'the DNS server gave no TTL for them',
  };
  for (const why of ['cached', 'api-only', 'unanswered'] as const) {
    const records = unread.filter((u) => u.why === why).map((u) => `${u.record.type} ${u.record.name}`);
    if (records.length === 0) continue;
    const fix = why === 'unanswered' ? '' : how ? `: ${how}` : '';
    notes.push(`TTL not compared for ${records.join(', ')}: ${reasons[why]}${fix}`);
  }
  return notes;
}
