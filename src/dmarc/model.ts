/**
 * A DMARC aggregate report as ses-dns reads it: the fields of RFC 7489 appendix C and of
 * the DMARCbis aggregate format (RFC 9990) that the analysis needs, normalized (lowercase
 * domains and results, numbers parsed). Both formats map to this one shape.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7489#appendix-C
 * @see https://www.rfc-editor.org/rfc/rfc9990
 */

/** A DMARC policy as published (`p`, `sp`, `np`). */
export type PublishedPolicyValue = 'none' | 'quarantine' | 'reject';

/** Which schema a report follows. */
export type ReportFormat = 'rfc7489' | 'dmarcbis';

/** The DMARC record the receiver found (`policy_published`). */
export interface PublishedPolicy {
  /** The DMARC policy domain: where the receiver found the record. */
  readonly domain: string;
  readonly p?: PublishedPolicyValue;
  readonly sp?: PublishedPolicyValue;
  readonly np?: PublishedPolicyValue;
  /** RFC 7489 only; DMARCbis drops it. */
  readonly pct?: number;
  readonly adkim?: string;
  readonly aspf?: string;
  /** DMARCbis `t=y`: the policy was published in test mode. */
  readonly testing?: boolean;
}

/** One DKIM or SPF result of `auth_results`, uninterpreted with respect to DMARC. */
export interface AuthResult {
  readonly domain: string;
  readonly result: string;
  /** DKIM selector, when given. */
  readonly selector?: string;
}

/** One `record`: messages from one source with one set of results. */
export interface ReportRecord {
  readonly sourceIp: string;
  readonly count: number;
  /** `policy_evaluated/dkim`: DKIM passed and aligned with the From domain. */
  readonly dkimAligned: boolean;
  /** `policy_evaluated/spf`: SPF passed and aligned with the From domain. */
  readonly spfAligned: boolean;
  readonly disposition?: string;
  /** `identifiers/header_from`, lowercase. */
  readonly headerFrom: string;
  readonly envelopeFrom?: string;
  readonly dkim: readonly AuthResult[];
  readonly spf: readonly AuthResult[];
}

/** One aggregate report. */
export interface AggregateReport {
  readonly format: ReportFormat;
  /** `report_metadata/org_name` (empty when the receiver left it empty). */
  readonly orgName: string;
  readonly email?: string;
  readonly reportId: string;
  /** `date_range/begin`, seconds since the epoch. */
  readonly begin: number;
  /** `date_range/end`, seconds since the epoch. */
  readonly end: number;
  readonly policy: PublishedPolicy;
  readonly records: readonly ReportRecord[];
}

/** A report and where it was found. */
export interface LocatedReport {
  readonly report: AggregateReport;
  /** The input file, as given or found in a folder. */
  readonly file: string;
  /** Inside the file: `message 3 > google.com!example.com!1!2.zip > report.xml`; empty for a plain XML file. */
  readonly part: string;
}

/** A report that cannot be used, with a message that says what is wrong in it. */
export class ReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportError';
  }
}
