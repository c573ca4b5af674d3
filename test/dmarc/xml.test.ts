/**
 * One XML document to one report: both formats, real senders' quirks, and every refusal
 * with its whole message.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/dmarc/limits';
import { parseReportXml } from '../../src/dmarc/xml';

const ROW = `
  <record>
    <row>
      <source_ip>192.0.2.1</source_ip>
      <count>7</count>
      <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated>
    </row>
    <identifiers><header_from>Example.COM.</header_from></identifiers>
    <auth_results>
      <dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>
      <dkim><domain>esp.example</domain><result>fail</result></dkim>
      <spf><domain>bounce.esp.example</domain><result>softfail</result></spf>
    </auth_results>
  </record>`;

function feedback(body: string, open = '<feedback>', close = '</feedback>', policy = '<p>none</p>') {
  return `<?xml version="1.0" encoding="UTF-8"?>
${open}
  <report_metadata>
    <org_name>google.com</org_name>
    <email>noreply-dmarc-support@google.com</email>
    <report_id>42</report_id>
    <date_range><begin>1700006400</begin><end>1700092799</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain>${policy}</policy_published>
  ${body}
${close}`;
}

const parse = (xml: string | Buffer) => parseReportXml(typeof xml === 'string' ? Buffer.from(xml) : xml);

describe('formats', () => {
  test('RFC 7489 (no namespace): every field the analysis uses, normalized', () => {
    expect(parse(feedback(ROW, '<feedback>', '</feedback>', '<p>None</p><sp>reject</sp><pct>50</pct>'))).toEqual({
      format: 'rfc7489',
      orgName: 'google.com',
      email: 'noreply-dmarc-support@google.com',
      reportId: '42',
      begin: 1700006400,
      end: 1700092799,
      policy: {
        domain: 'example.com',
        p: 'none',
        sp: 'reject',
        np: undefined,
        pct: 50,
        adkim: undefined,
        aspf: undefined,
      },
      records: [
        {
          sourceIp: '192.0.2.1',
          count: 7,
          dkimAligned: true,
          spfAligned: false,
          disposition: 'none',
          headerFrom: 'example.com',
          envelopeFrom: undefined,
          dkim: [
            { domain: 'example.com', result: 'pass', selector: 's1' },
            { domain: 'esp.example', result: 'fail' },
          ],
          spf: [{ domain: 'bounce.esp.example', result: 'softfail' }],
        },
      ],
    });
  });

  test('DMARCbis with the default namespace, np and testing', () => {
    const report = parse(
      feedback(
        ROW,
        '<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0"><version>1.0</version>',
        '</feedback>',
        '<p>quarantine</p><np>reject</np><testing>y</testing><discovery_method>treewalk</discovery_method>',
      ),
    );
    expect(report.format).toBe('dmarcbis');
    expect(report.policy).toMatchObject({ p: 'quarantine', np: 'reject', testing: true });
    expect(report.records[0]!.count).toBe(7);
  });

  test('DMARCbis with a namespace prefix; elements of an extension namespace are ignored', () => {
    const prefixed = feedback(ROW, '', '')
      .replace(/<(\/?)([a-z_]+)>/g, '<$1d:$2>')
      .replace('<?xml version="1.0" encoding="UTF-8"?>', '');
    const xml = `<d:feedback xmlns:d="urn:ietf:params:xml:ns:dmarc-2.0" xmlns:ext="urn:example:ext">${prefixed.replace(
      '</d:record>',
      '<ext:count>999</ext:count><ext:row>x</ext:row></d:record>',
    )}</d:feedback>`;
    const report = parse(xml);
    expect(report.format).toBe('dmarcbis');
    expect(report.records).toHaveLength(1);
    expect(report.records[0]).toMatchObject({ count: 7, headerFrom: 'example.com', dkimAligned: true });
  });
});

describe("real senders' quirks", () => {
  test('empty optional elements, missing optional elements, letter case, padded numbers', () => {
    const xml = feedback(
      `<record><row><source_ip> 2001:db8::1 </source_ip><count> 3 </count>
        <policy_evaluated><disposition>None</disposition><dkim>Pass</dkim><spf>PASS</spf>
          <reason><type></type><comment></comment></reason></policy_evaluated></row>
        <identifiers><envelope_from></envelope_from><header_from>example.com</header_from></identifiers>
        <auth_results><dkim><domain>example.com</domain><result>Pass</result><human_result/></dkim></auth_results>
      </record>`,
      '<feedback>',
      '</feedback>',
      '<p>none</p><sp></sp><pct></pct>',
    ).replace('<end>1700092799</end>', '<end>1700092799 </end>');
    const report = parse(xml);
    expect(report.end).toBe(1700092799);
    expect(report.policy).toMatchObject({ p: 'none', sp: undefined, pct: undefined });
    expect(report.records[0]).toMatchObject({
      sourceIp: '2001:db8::1',
      count: 3,
      dkimAligned: true,
      spfAligned: true,
      envelopeFrom: undefined,
      spf: [],
      dkim: [{ domain: 'example.com', result: 'pass' }],
    });
  });

  test('an empty org_name is kept as empty (parsedmarc sample "!example.com!…")', () => {
    expect(parse(feedback(ROW).replace('<org_name>google.com</org_name>', '<org_name></org_name>')).orgName).toBe('');
  });

  test('a declared ISO-8859-1 report is decoded as such', () => {
    const xml = feedback(ROW)
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace('google.com</org_name>', 'Jos\u00e9 Mail</org_name>');
    expect(parse(Buffer.from(xml, 'latin1')).orgName).toBe('Jos\u00e9 Mail');
  });

  test('a UTF-16 report with its byte order mark is decoded', () => {
    const xml = feedback(ROW).replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    expect(parse(bytes).records[0]!.count).toBe(7);
  });

  test('a namespace prefix used without its declaration (xsi:) does not sink the report', () => {
    const xml = feedback(ROW).replace('<feedback>', '<feedback xsi:noNamespaceSchemaLocation="rua.xsd">');
    expect(parse(xml).records[0]!.count).toBe(7);
  });

  test('a UTF-8 byte order mark is accepted', () => {
    expect(parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(feedback(ROW))])).reportId).toBe('42');
  });
});

describe('refusals, each with its whole message', () => {
  test.each([
    ['not XML at all', 'hello', 'is not XML'],
    [
      'another XML document',
      '<html><body/></html>',
      'is not a DMARC aggregate report: the root element is <html>, expected <feedback>',
    ],
    [
      'a truncated report',
      feedback(ROW).slice(0, 400),
      'is truncated: it ends with <feedback>, <record>, <row> still open',
    ],
    [
      'a DOCTYPE (entity bombs live there)',
      '<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY a "b">]><feedback>&a;</feedback>',
      'has a DOCTYPE declaration, which DMARC reports never carry: refused (entity expansion risk)',
    ],
    [
      'no report_id',
      feedback(ROW).replace('<report_id>42</report_id>', ''),
      'has no report_metadata/report_id, which a DMARC aggregate report requires',
    ],
    [
      'no date range',
      feedback(ROW).replace(/<date_range>.*<\/date_range>/, ''),
      'has no report_metadata/date_range/begin, which a DMARC aggregate report requires',
    ],
    [
      'a date that is no time',
      feedback(ROW).replace('<begin>1700006400</begin>', '<begin>yesterday</begin>'),
      'has date_range begin "yesterday", which is not a time in seconds since 1970',
    ],
    [
      'an end before the begin',
      feedback(ROW).replace('<end>1700092799</end>', '<end>1</end>'),
      'has date_range end 1 before begin 1700006400',
    ],
    [
      'no policy_published',
      feedback(ROW).replace(/<policy_published>.*<\/policy_published>/, ''),
      'has no policy_published, which a DMARC aggregate report requires',
    ],
    ['no record', feedback(''), 'has no record element: a report holds at least one'],
    [
      'a count that is not a number',
      feedback(ROW.replace('<count>7</count>', '<count>7.5</count>')),
      'has count "7.5" in record 1, not a whole number',
    ],
    [
      'a source that is not an IP',
      feedback(ROW.replace('192.0.2.1', 'mail.example.com')),
      'has source_ip "mail.example.com" in record 1, not an IP address',
    ],
    [
      'no header_from',
      feedback(ROW.replace('<header_from>Example.COM.</header_from>', '')),
      'has no record 1: identifiers/header_from, which a DMARC aggregate report requires',
    ],
    [
      'no policy_evaluated result',
      feedback(ROW.replace('<dkim>pass</dkim><spf>fail</spf>', '<dkim>pass</dkim>')),
      'has no record 1: row/policy_evaluated/spf, which a DMARC aggregate report requires',
    ],
    [
      'an unknown encoding',
      feedback(ROW).replace('encoding="UTF-8"', 'encoding="x-klingon"'),
      'declares encoding "x-klingon", which is not supported: re-encode the report as UTF-8',
    ],
  ])('%s', (_label, xml, message) => {
    expect(() => parse(xml)).toThrow(message);
  });

  test('bytes that are not UTF-8 (parsedmarc sample invalid_utf_8.xml has a cp1252 quote)', () => {
    const bytes = Buffer.concat([Buffer.from(feedback(ROW).replace('google.com<', 'google')), Buffer.from([0x91])]);
    expect(() => parse(bytes)).toThrow(
      'is not valid UTF-8 (line 24): the report must be UTF-8 as its XML declaration says',
    );
  });

  test('nesting deeper than the limit is refused', () => {
    const deep = `${'<a>'.repeat(40)}x${'</a>'.repeat(40)}`;
    expect(() =>
      parseReportXml(Buffer.from(feedback(ROW.replace('<count>7</count>', `<count>7</count>${deep}`))), {
        ...DEFAULT_LIMITS,
        maxXmlDepth: 32,
      }),
    ).toThrow('nests elements more than 32 deep: refused');
  });
});
