/**
 * One XML document to one {@link AggregateReport}, for both RFC 7489 (no namespace) and
 * DMARCbis (`urn:ietf:params:xml:ns:dmarc-2.0`, default or prefixed).
 *
 * The XML is parsed by fast-xml-parser, configured for hostile input: the document is first
 * checked for well-formedness (a truncated or malformed report is refused with its line), a
 * DOCTYPE is refused outright (reports never carry one, and it is where entity-expansion
 * bombs live), only the five predefined entities are decoded, and nesting is bounded.
 * Real senders' quirks are accepted: empty optional elements, missing optional elements,
 * results in any letter case (`Pass`), white space around values.
 */
import { isIP } from 'node:net';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DEFAULT_LIMITS } from './limits';
import type { ReadLimits } from './limits';
import { ReportError } from './model';
import type { AggregateReport, AuthResult, PublishedPolicy, PublishedPolicyValue, ReportRecord } from './model';

/** The DMARCbis aggregate report namespace. @see https://www.rfc-editor.org/rfc/rfc9990 */
export const DMARC_2_NAMESPACE = 'urn:ietf:params:xml:ns:dmarc-2.0';

type Node = Record<string, unknown>;

/** Bytes to text: UTF-8 unless a BOM or the XML declaration says otherwise. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes);
  // The declaration is ASCII in every encoding a report uses, so read it as Latin-1.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  const label = declared?.toLowerCase() ?? 'utf-8';
  if (label === 'utf-8' || label === 'utf8' || label === 'us-ascii' || label === 'ascii') {
    return decodeWith('utf-8', bytes);
  }
  return decodeWith(label, bytes);
}

function decodeWith(label: string, bytes: Uint8Array): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new ReportError(`declares encoding "${label}", which is not supported: re-encode the report as UTF-8`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    const line =
      new TextDecoder(label)
        .decode(bytes)
        .split('\n')
        .findIndex((l) => l.includes('\uFFFD')) + 1;
    const name = label === 'utf-8' ? 'UTF-8' : label;
    throw new ReportError(
      `is not valid ${name}${line > 0 ? ` (line ${line})` : ''}: the report must be ${name} as its XML declaration says`,
    );
  }
}

/**
 * Parses one aggregate report.
 * @throws ReportError naming what is wrong: not XML, malformed, not a report, a required element missing
 */
export function parseReportXml(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): AggregateReport {
  const text = decodeXml(bytes);
  if (/<!DOCTYPE/i.test(text)) {
    throw new ReportError(
      'has a DOCTYPE declaration, which DMARC reports never carry: refused (entity expansion risk)',
    );
  }
  if (
    !text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('<')
  )
    throw new ReportError('is not XML');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line } = valid.err;
    // The validator lists the tags still open when the text ends: a cut-off file.
    const open = /^Invalid '\[([^\]]*)\]' found/.exec(msg);
    if (open) {
      const tags = open[1]!.split(',').map((t) => `<${t.trim().replace(/^"|"$/g, '')}>`);
      throw new ReportError(`is truncated: it ends with ${tags.join(', ')} still open`);
    }
    // An error on the last line, or a tag never closed, is also what a cut-off file looks like.
    const truncated = /^Unclosed tag/.test(msg) || line >= text.trimEnd().split('\n').length;
    throw new ReportError(`is ${truncated ? 'truncated or ' : ''}not well-formed XML (line ${line}): ${msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 10_000, maxExpandedLength: 100_000 },
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: limits.maxXmlDepth,
  });
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (error) {
    throw new ReportError(`could not be parsed as XML: ${(error as Error).message.split('\n')[0]}`);
  }
  return readFeedback(doc);
}

/** The root `feedback`, with the prefix (if any) its DMARC elements carry. */
function findRoot(doc: Node): { root: Node; prefix: string; format: AggregateReport['format'] } {
  const rootKey = Object.keys(doc).find((k) => !k.startsWith('#') && !k.startsWith('?'));
  const match = rootKey === undefined ? null : /^(?:([A-Za-z_][\w.-]*):)?feedback$/.exec(rootKey);
  if (!rootKey || !match) {
    throw new ReportError(
      `is not a DMARC aggregate report: the root element is <${rootKey ?? '(none)'}>, expected <feedback>`,
    );
  }
  const root = doc[rootKey];
  if (!isNode(root)) throw new ReportError('is not a DMARC aggregate report: <feedback> is empty');
  const prefix = match[1] ?? '';
  const nsAttribute = prefix ? `@xmlns:${prefix}` : '@xmlns';
  const namespace = typeof root[nsAttribute] === 'string' ? root[nsAttribute] : '';
  return { root, prefix, format: namespace === DMARC_2_NAMESPACE ? 'dmarcbis' : 'rfc7489' };
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the elements of one namespace: DMARC's, under the root's prefix. */
class Reader {
  constructor(private readonly prefix: string) {}

  private key(name: string): string {
    return this.prefix ? `${this.prefix}:${name}` : name;
  }

  all(node: Node | undefined, name: string): unknown[] {
    const value = node?.[this.key(name)];
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  }

  node(node: Node | undefined, name: string): Node | undefined {
    const value = this.all(node, name)[0];
    return isNode(value) ? value : undefined;
  }

  /** The text of the first element `name`; undefined when absent, '' when empty. */
  text(node: Node | undefined, name: string): string | undefined {
    const value = this.all(node, name)[0];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value.trim();
    if (isNode(value)) return typeof value['#text'] === 'string' ? value['#text'].trim() : '';
    return String(value).trim();
  }

  /** Like {@link text}, but empty counts as absent. */
  optional(node: Node | undefined, name: string): string | undefined {
    const value = this.text(node, name);
    return value === '' ? undefined : value;
  }

  required(node: Node | undefined, name: string, where: string): string {
    const value = this.optional(node, name);
    if (value === undefined) throw new ReportError(`has no ${where}${name}, which a DMARC aggregate report requires`);
    return value;
  }
}

function readFeedback(doc: Node): AggregateReport {
  const { root, prefix, format } = findRoot(doc);
  const r = new Reader(prefix);
  const meta = r.node(root, 'report_metadata');
  if (!meta) throw new ReportError('has no report_metadata, which a DMARC aggregate report requires');
  const range = r.node(meta, 'date_range');
  const begin = timestamp(r.required(range, 'begin', 'report_metadata/date_range/'), 'begin');
  const end = timestamp(r.required(range, 'end', 'report_metadata/date_range/'), 'end');
  if (end < begin) throw new ReportError(`has date_range end ${end} before begin ${begin}`);
  const published = r.node(root, 'policy_published');
  if (!published) throw new ReportError('has no policy_published, which a DMARC aggregate report requires');
  const records = r.all(root, 'record');
  if (records.length === 0) throw new ReportError('has no record element: a report holds at least one');
  return {
    format,
    orgName: r.text(meta, 'org_name') ?? '',
    email: r.optional(meta, 'email'),
    reportId: r.required(meta, 'report_id', 'report_metadata/'),
    begin,
    end,
    policy: readPolicy(r, published),
    records: records.map((rec, i) => readRecord(r, rec, i + 1)),
  };
}

function timestamp(value: string, name: string): number {
  // Some receivers pad the number or write it as a float ("1405555199 ", "1700000000.0").
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 32503680000) {
    throw new ReportError(`has date_range ${name} "${value}", which is not a time in seconds since 1970`);
  }
  return Math.floor(n);
}

const POLICIES: readonly string[] = ['none', 'quarantine', 'reject'];

function policyValue(value: string | undefined): PublishedPolicyValue | undefined {
  const v = value?.toLowerCase();
  return v !== undefined && POLICIES.includes(v) ? (v as PublishedPolicyValue) : undefined;
}

function readPolicy(r: Reader, node: Node): PublishedPolicy {
  const pct = r.optional(node, 'pct');
  const pctNumber = pct === undefined ? undefined : Number(pct);
  const testing = r.optional(node, 'testing')?.toLowerCase();
  return {
    domain: domainName(r.required(node, 'domain', 'policy_published/')),
    p: policyValue(r.optional(node, 'p')),
    sp: policyValue(r.optional(node, 'sp')),
    np: policyValue(r.optional(node, 'np')),
    pct: pctNumber !== undefined && Number.isFinite(pctNumber) ? pctNumber : undefined,
    adkim: r.optional(node, 'adkim')?.toLowerCase(),
    aspf: r.optional(node, 'aspf')?.toLowerCase(),
    ...(testing !== undefined && { testing: testing === 'y' }),
  };
}

/** Lowercase, without a trailing dot: how domains compare. */
export function domainName(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

function readRecord(r: Reader, value: unknown, index: number): ReportRecord {
  const where = `record ${index}: `;
  if (!isNode(value)) throw new ReportError(`has an empty record (record ${index})`);
  const row = r.node(value, 'row');
  if (!row) throw new ReportError(`has no row in record ${index}`);
  const sourceIp = r.required(row, 'source_ip', `${where}row/`);
  if (isIP(sourceIp) === 0) throw new ReportError(`has source_ip "${sourceIp}" in record ${index}, not an IP address`);
  const countText = r.required(row, 'count', `${where}row/`);
  const count = Number(countText);
  if (!/^\d+$/.test(countText) || !Number.isSafeInteger(count)) {
    throw new ReportError(`has count "${countText}" in record ${index}, not a whole number`);
  }
  const evaluated = r.node(row, 'policy_evaluated');
  const dkim = r.required(evaluated, 'dkim', `${where}row/policy_evaluated/`).toLowerCase();
  const spf = r.required(evaluated, 'spf', `${where}row/policy_evaluated/`).toLowerCase();
  const identifiers = r.node(value, 'identifiers');
  const authResults = r.node(value, 'auth_results');
  return {
    sourceIp,
    count,
    dkimAligned: dkim === 'pass',
    spfAligned: spf === 'pass',
    disposition: r.optional(evaluated, 'disposition')?.toLowerCase(),
    headerFrom: domainName(r.required(identifiers, 'header_from', `${where}identifiers/`)),
    envelopeFrom: r.optional(identifiers, 'envelope_from')?.toLowerCase(),
    dkim: r
      .all(authResults, 'dkim')
      .filter(isNode)
      .map((n) => authResult(r, n)),
    spf: r
      .all(authResults, 'spf')
      .filter(isNode)
      .map((n) => authResult(r, n)),
  };
}

function authResult(r: Reader, node: Node): AuthResult {
  const selector = r.optional(node, 'selector');
  return {
    domain: domainName(r.text(node, 'domain') ?? ''),
    result: (r.optional(node, 'result') ?? 'none').toLowerCase(),
    ...(selector !== undefined && { selector }),
  };
}
