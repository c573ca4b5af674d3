/**
 * The provider-neutral record plan: plain data, no CDKTF. Each record knows the identity it
 * serves, its role (which becomes part of its Terraform address), and why it exists.
 */
import type { Ttl, ZoneRef } from '../config/model';

/** What a record does for an identity. Roles are part of resource addresses: never rename. */
export type RecordRole =
  | 'dkim-0'
  | 'dkim-1'
  | 'dkim-2'
  | 'dkim'
  | 'mail-from-mx'
  | 'mail-from-spf'
  | 'dmarc'
  | 'spf'
  | 'tracking'
  /** `<domain>._report._dmarc.<report-domain>`, in the report domain's zone. */
  | 'dmarc-report-auth';

/** Record types ses-dns writes. */
export type RecordType = 'CNAME' | 'MX' | 'TXT';

/** One DNS record that an identity needs. */
export interface PlannedRecord {
  /** The SES identity (domain) the record belongs to. */
  readonly domain: string;
  readonly role: RecordRole;
  /** Fully qualified name without the trailing dot; may hold a DKIM token placeholder. */
  readonly name: string;
  readonly type: RecordType;
  /** CNAME target, MX exchange host, or the whole TXT text (split only when written). */
  readonly value: string;
  /** MX preference. */
  readonly priority?: number;
  readonly ttl: Ttl;
  /** The hosted zone that holds the record. */
  readonly zone: ZoneRef;
  /** Why the record exists, in words (RECORDS.md, `ses-dns records`). */
  readonly purpose: string;
  /** Whether mail fails DMARC `p=reject` without it. */
  readonly required: boolean;
  /**
   * TXT values of others at the same name that must stay (`keepTxt`): Route 53 writes them
   * into our record set, Cloudflare leaves them alone.
   * @default none
   */
  readonly kept?: readonly string[];
  /**
   * The provider's id of an existing record to adopt with a Terraform `import` block.
   * @default none: the record is created
   */
  readonly importId?: string;
  /**
   * For a domain in several SES regions: the region whose identity the record serves (its
   * DKIM, MAIL FROM and per-region tracking records; src/records/regional.ts).
   * @default none: a domain in one region, or a record of the whole domain (DMARC, root SPF)
   */
  readonly region?: string;
  /**
   * Whether {@link region} is a further region of the domain, not its home: the record's
   * address, Easy DKIM tokens and import id are then that region's
   * (`example_com__us_east_2__dkim_0`).
   * @default false
   */
  readonly furtherRegion?: boolean;
}

const TOKEN_PLACEHOLDER = /\{dkim-token-([0-2])\}/g;
/** The same pattern without `g`, whose `test` keeps no state between calls. */
const HAS_TOKEN_PLACEHOLDER = /\{dkim-token-[0-2]\}/;

/**
 * The placeholder standing for Easy DKIM token `index` (0..2), which SES only makes known
 * once the identity exists.
 */
export function dkimTokenPlaceholder(index: number): string {
  return `{dkim-token-${index}}`;
}

/** Whether `text` still holds a DKIM token placeholder. */
export function hasTokenPlaceholder(text: string): boolean {
  return HAS_TOKEN_PLACEHOLDER.test(text);
}

/** Replaces DKIM token placeholders in `text` by `tokens[index]`. */
export function fillTokens(text: string, tokens: readonly string[]): string {
  if (!text.includes('{dkim-token-')) return text;
  return text.replace(TOKEN_PLACEHOLDER, (placeholder, index: string) => tokens[Number(index)] ?? placeholder);
}

/**
 * `record` with its DKIM token placeholders replaced by `tokens[index]`: the Terraform
 * expressions of a stack, or the tokens SES made. The record itself when it holds none;
 * `tokens` may be a function, asked only then.
 */
export function withTokens(
  record: PlannedRecord,
  tokens: readonly string[] | (() => readonly string[]),
): PlannedRecord {
  if (!hasTokenPlaceholder(record.name) && !hasTokenPlaceholder(record.value)) return record;
  const given = typeof tokens === 'function' ? tokens() : tokens;
  return Object.assign({}, record, { name: fillTokens(record.name, given), value: fillTokens(record.value, given) });
}

/**
 * `text` as the source of a regular expression matching it literally, except that each
 * DKIM token placeholder matches `token` (a pattern): for the names in import ids.
 */
export function tokenPattern(text: string, token: string): string {
  return text
    .split(HAS_TOKEN_PLACEHOLDER)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(token);
}
