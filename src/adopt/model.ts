/**
 * The result of `ses-dns adopt` for one domain: what to write into its config entry so the
 * first apply adopts what exists and keeps what is live and correct, what only a person can
 * decide, and which ids could not be known.
 */
import type { TtlReport } from './ttl';

/** An `import:` entry to write: the provider's id of an object that exists. */
export interface ProposedImport {
  readonly role: string;
  /**
   * The further SES region whose object this is, for a domain in several: written under the
   * region (`import: { us-east-2: { identity } }`).
   * @default the home region (written at the top of `import:`)
   */
  readonly region?: string;
  readonly id: string;
  /** What exists, in words. */
  readonly why: string;
}

/** A `keepTxt` entry to write: a TXT value of others in a set ses-dns takes over. */
export interface ProposedKeep {
  /** Relative to the domain: `@`, `_dmarc`, `mail`. */
  readonly name: string;
  readonly value: string;
  readonly why: string;
}

/** A setting of the domain entry to write, so the plan keeps what is live. */
export interface ProposedSetting {
  /** Dotted key inside the domain entry: `spf.include`, `dmarc.policy`. */
  readonly key: string;
  readonly value: unknown;
  /** The value the config gives today, and where it is written. */
  readonly was: unknown;
  readonly wasAt?: string;
  readonly why: string;
}

/** Something only a person can decide: what is wrong, and how to fix it. */
export interface NeedsPerson {
  readonly what: string;
  readonly fix: string;
}

/** An id that cannot be known with what adopt was given, and how to get it. */
export interface MissingId {
  /** `import.dmarc`, or `import.dkim-0..2`. */
  readonly what: string;
  readonly how: string;
}

/** The proposal for one domain. */
export interface DomainProposal {
  readonly environment: string;
  readonly provider: 'route53' | 'cloudflare';
  readonly domain: string;
  /** Config path of the domain entry: `environments.production.domains[0]`. */
  readonly path: string;
  readonly imports: readonly ProposedImport[];
  readonly keepTxt: readonly ProposedKeep[];
  readonly settings: readonly ProposedSetting[];
  readonly people: readonly NeedsPerson[];
  readonly missing: readonly MissingId[];
  /** What does not exist yet and the first apply creates (`TXT _dmarc.example.com`). */
  readonly creates: readonly string[];
  /** Worth knowing, never a failure: what the first apply will change. */
  readonly notes: readonly string[];
  /**
   * The live TTLs that differ from the plan's (the first apply changes them in place: never a
   * conflict, never written), with the setting that would keep them (src/adopt/ttl.ts).
   */
  readonly ttl: TtlReport;
}

/** Whether a proposal can be written and applied as it is. */
export function isAdoptable(p: DomainProposal): boolean {
  return p.people.length === 0 && p.missing.length === 0;
}
