/**
 * One XML document to one {@link AggregateReport}, for both RFC 7489 (no namespace) and
 * DMARCbis (`urn:ietf:params:xml:ns:dmarc-2.0`, default or prefixed).
 *
 * The XML is read by saxes, a strict, namespace-aware XML 1.0 parser, configured for hostile
 * input: a malformed or truncated report is refused with its line; a DOCTYPE is refused
 * outright (reports never carry one, and it is where entity-expansion bombs live), so only
 * the predefined entities and character references are decoded; nesting is bounded. The
 * report's elements are those in the root's namespace, so elements of an extension
 * namespace (RFC 9990 section 3) are ignored. Real senders' quirks are accepted: empty
 * optional elements, missing optional elements, results in any letter case (`Pass`), white
 * space around values, and namespace prefixes used without a declaration.
 */
import { isIP } from 'node:net';
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import { DEFAULT_LIMITS } from './limits';
import type { ReadLimits } from './limits';
import { ReportError } from './model';
import type { AggregateReport, AuthResult, PublishedPolicy, PublishedPolicyValue, ReportRecord } from './model';

/** The DMARCbis aggregate report namespace. @see https://www.rfc-editor.org/rfc/rfc9990 */
export const DMARC_2_NAMESPACE = 'urn:ietf:params:xml:ns:dmarc-2.0';

/** An element: its local name, namespace, text and child elements. */
interface Element {
  readonly local: string;
  readonly uri: string;
  text: string;
  readonly children: Element[];
}

/** Bytes to text: UTF-8 unless a BOM or the XML declaration says otherwise. */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  // The declaration is ASCII in every encoding a report uses, so read it as Latin-1.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^(?:\xEF\xBB\xBF)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  const label = declared?.toLowerCase() ?? 'utf-8';
  if (label === 'utf-8' || label === 'utf8' || label === 'us-ascii' || label === 'ascii') {
    return decodeWith('utf-8', bytes);
  }
  // A UTF-16 declaration in a file read without a byte order mark: the bytes decide.
  if (label.startsWith('utf-16')) return decodeWith('utf-8', bytes);
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
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
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
  return readFeedback(parseXml(decodeXml(bytes), limits));
}

/** The document's root element. */
function parseXml(text: string, limits: ReadLimits): Element {
  if (!text.trimStart().startsWith('<')) throw new ReportError('is not XML');
  // Undeclared prefixes (xsi: without xmlns:xsi) are a common slip; give them a namespace of
  // their own instead of refusing the report.
  const parser = new SaxesParser({ xmlns: true, resolvePrefix: (prefix: string) => `undeclared:${prefix}` });
  const top: Element = { local: '', uri: '', text: '', children: [] };
  const stack: Element[] = [top];
  let failure: ReportError | undefined;
  const fail = (error: ReportError): never => {
    failure = error;
    throw error;
  };
  parser.on('doctype', () =>
    fail(
      new ReportError('has a DOCTYPE declaration, which DMARC reports never carry: refused (entity expansion risk)'),
    ),
  );
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length > limits.maxXmlDepth) {
      fail(new ReportError(`nests elements more than ${limits.maxXmlDepth} deep: refused`));
    }
    const element: Element = { local: tag.local, uri: tag.uri, text: '', children: [] };
    stack[stack.length - 1]!.children.push(element);
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  const onText = (chunk: string) => {
    stack[stack.length - 1]!.text += chunk;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (error: Error) => {
    const at = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(error.message);
    const where = at ? `line ${at[1]}, column ${at[2]}` : `line ${parser.line}`;
    fail(new ReportError(`is not well-formed XML (${where}): ${at ? at[3] : error.message}`));
  });
  try {
    parser.write(text);
  } catch (error) {
    if (failure) throw failure;
    throw error;
  }
  try {
    parser.close();
  } catch (error) {
    if (!failure) throw error;
    // At the end of the text, an element still open means the file was cut off.
    if (stack.length > 1) {
      const open = stack.slice(1).map((e) => `<${e.local}>`);
      throw new ReportError(`is truncated: it ends with ${open.join(', ')} still open`);
    }
    throw failure;
  }
  return top.children[0] ?? fail(new ReportError('is not XML: it has no root element'));
}

/** Reads the elements of the report's namespace: the root's. */
class Reader {
  constructor(private readonly uri: string) {}

  all(node: Element | undefined, name: string): Element[] {
    return node ? node.children.filter((c) => c.local === name && c.uri === this.uri) : [];
  }

  node(node: Element | undefined, name: string): Element | undefined {
    return this.all(node, name)[0];
  }

  /** The text of the first element `name`; undefined when absent, '' when empty. */
  text(node: Element | undefined, name: string): string | undefined {
    return this.node(node, name)?.text.trim();
  }

  /** Like {@link text}, but empty counts as absent. */
  optional(node: Element | undefined, name: string): string | undefined {
    const value = this.text(node, name);
    return value === '' ? undefined : value;
  }

  required(node: Element | undefined, name: string, where: string): string {
    const value = this.optional(node, name);
    if (value === undefined) throw new ReportError(`has no ${where}${name}, which a DMARC aggregate report requires`);
    return value;
  }
}

function readFeedback(root: Element): AggregateReport {
  if (root.local !== 'feedback') {
    throw new ReportError(`is not a DMARC aggregate report: the root element is <${root.local}>, expected <feedback>`);
  }
  const format = root.uri === DMARC_2_NAMESPACE ? 'dmarcbis' : 'rfc7489';
  const r = new Reader(root.uri);
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

function readPolicy(r: Reader, node: Element): PublishedPolicy {
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

function readRecord(r: Reader, value: Element, index: number): ReportRecord {
  const where = `record ${index}: `;
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
    dkim: r.all(authResults, 'dkim').map((n) => authResult(r, n)),
    spf: r.all(authResults, 'spf').map((n) => authResult(r, n)),
  };
}

function authResult(r: Reader, node: Element): AuthResult {
  const selector = r.optional(node, 'selector');
  return {
    domain: domainName(r.text(node, 'domain') ?? ''),
    result: (r.optional(node, 'result') ?? 'none').toLowerCase(),
    ...(selector !== undefined && { selector }),
  };
}
