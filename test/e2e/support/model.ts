/**
 * Plain data the harness passes between its stages: the records a stack would put in DNS,
 * the SES identities it would create, and the problems a vendor would raise applying it.
 */

/** The data of one resource record, by type. TXT keeps its character-strings apart. */
export type RecordData =
  | { readonly type: 'TXT'; readonly strings: readonly string[] }
  | { readonly type: 'CNAME'; readonly target: string }
  | { readonly type: 'MX'; readonly preference: number; readonly exchange: string }
  | { readonly type: 'A' | 'AAAA'; readonly address: string };

/** One resource record as a DNS server would serve it. */
export interface PlainRecord {
  /** The zone the record lives in (normalized, no trailing dot). */
  readonly zone: string;
  /** Owner name, fully qualified, normalized. */
  readonly name: string;
  /** TTL in seconds, after vendor defaults (Cloudflare "automatic" is 300). */
  readonly ttl: number;
  readonly data: RecordData;
  /** The Terraform address that created it, for messages. */
  readonly source: string;
}

/** How an identity signs: Easy DKIM (SES's rotating keys) or a bring-your-own key. */
export type IdentityDkim =
  { readonly type: 'easy'; readonly keyLength?: string } | { readonly type: 'byodkim'; readonly selector: string };

/** One `aws_sesv2_email_identity`, as SES would create it. */
export interface SesIdentity {
  /** Terraform address, e.g. `aws_sesv2_email_identity.example_com`. */
  readonly address: string;
  /** The identity's logical name inside the stack. */
  readonly name: string;
  /** The domain (normalized). */
  readonly domain: string;
  /** The SES region, from the identity's AWS provider configuration. */
  readonly region: string;
  readonly dkim: IdentityDkim;
  /** Custom MAIL FROM, when the stack sets one. */
  readonly mailFrom?: { readonly domain: string; readonly behaviorOnMxFailure?: string };
  /** The custom open/click tracking domain of the identity's default configuration set. */
  readonly trackingDomain?: string;
}

/**
 * Something the vendor would refuse (`error`) or accept with a caveat (`warning`), or
 * something the harness could not read.
 */
export interface Problem {
  readonly severity: 'error' | 'warning';
  /** Terraform address the problem is about. */
  readonly address: string;
  readonly message: string;
}

/** What one synthesized stack would do once applied. */
export interface AppliedStack {
  /** Stack name (the directory under `stacks/`). */
  readonly stack: string;
  readonly identities: readonly SesIdentity[];
  readonly records: readonly PlainRecord[];
  readonly problems: readonly Problem[];
}

/** Supplies the Easy DKIM tokens SES would generate for an identity. */
export type TokenSource = (identity: { readonly name: string; readonly domain: string }, index: number) => string;
