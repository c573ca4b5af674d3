/**
 * A zone as a DNS provider's API lists it, in one shape for Route 53 and Cloudflare, and the
 * readers that turn each vendor's record values into plain text.
 */

/** One record (Cloudflare) or record set (Route 53) of a zone. */
export interface ZoneRecord {
  /** Lowercase, no trailing dot. */
  readonly name: string;
  readonly type: string;
  /** As the API gives them: TXT character-strings quoted, MX as `priority host`. */
  readonly values: readonly string[];
  /** Cloudflare's record id. */
  readonly id?: string;
  /**
   * The TTL in seconds as the API gives it, of the record (Cloudflare, where 1 means
   * automatic) or of the set (Route 53; none for an alias).
   * @default none
   */
  readonly ttl?: number;
  /** Cloudflare: whether the record goes through Cloudflare's proxy. */
  readonly proxied?: boolean;
  /** Cloudflare: the record's comment. */
  readonly comment?: string;
}

/** Every record of a zone, or as many as were read. */
export interface ZoneListing {
  /** False when the listing stopped before the end (a very large zone). */
  readonly complete: boolean;
  readonly records: readonly ZoneRecord[];
}

/**
 * The text of a TXT value as an API gives it: one or more RFC 1035 character-strings in
 * double quotes (with `\"` and `\\` escapes, and `\ddd` decimal escapes) joined together,
 * or, unquoted (Cloudflare accepts that), the text itself.
 * @example txtText('"v=spf1 include:amazon" "ses.com ~all"') // 'v=spf1 include:amazonses.com ~all'
 */
export function txtText(value: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith('"')) return trimmed;
  const strings: string[] = [];
  let i = 0;
  while (i < trimmed.length) {
    if (trimmed[i] !== '"') {
      i++;
      continue;
    }
    let current = '';
    i++;
    while (i < trimmed.length && trimmed[i] !== '"') {
      if (trimmed[i] === '\\' && i + 1 < trimmed.length) {
        const decimal = /^\d{3}/.exec(trimmed.slice(i + 1));
        if (decimal) {
          current += String.fromCharCode(Number(decimal[0]));
          i += 4;
        } else {
          current += trimmed[i + 1];
          i += 2;
        }
        continue;
      }
      current += trimmed[i];
      i++;
    }
    strings.push(current);
    i++;
  }
  return strings.join('');
}

/** A host name as DNS compares it: lowercase, no trailing dot. */
export function hostName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
