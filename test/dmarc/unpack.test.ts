/**
 * Containers and their limits: gzip (with Mimecast's trailing CRLF), zip through yauzl,
 * messages through postal-mime, mbox splitting, content sniffing, and every bomb refused.
 */
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/dmarc/limits';
import type { ReadLimits } from '../../src/dmarc/limits';
import { messageParts, splitMbox } from '../../src/dmarc/mail';
import { readReports } from '../../src/dmarc/read';
import { gunzipReport, sniff, unzipReports } from '../../src/dmarc/unpack';
import { ROOT } from '../cli/run';
import { zip } from './support';

const REPORT = (id: string, count = 1) =>
  Buffer.from(`<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>google.com</org_name><report_id>${id}</report_id>
    <date_range><begin>1700006400</begin><end>1700092799</end></date_range></report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record><row><source_ip>192.0.2.1</source_ip><count>${count}</count>
    <policy_evaluated><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers><auth_results/></record>
</feedback>
`);

const budget = () => ({ remaining: DEFAULT_LIMITS.maxUnpackedBytesPerFile });
const small: ReadLimits = { ...DEFAULT_LIMITS, maxReportBytes: 64 * 1024, maxUnpackedBytesPerFile: 256 * 1024 };

describe('sniffing: the content decides, never the name', () => {
  test.each([
    ['gzip', gzipSync(Buffer.from('x'))],
    ['zip', zip([['a.xml', REPORT('1')]])],
    ['xml', REPORT('1')],
    ['xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n <feedback/>')])],
    ['mbox', Buffer.from('From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nSubject: x\n\nbody\n')],
    ['mail', Buffer.from('Received: from x\nSubject: y\n\nbody\n')],
    ['unknown', Buffer.from('{"organization-name":"Google Inc."}')],
  ])('%s', (kind, bytes) => {
    expect(sniff(bytes)).toBe(kind);
  });
});

describe('gzip', () => {
  test('a report with trailing CRLF after the stream (Mimecast) is read', () => {
    const out = gunzipReport(Buffer.concat([gzipSync(REPORT('1')), Buffer.from('\r\n')]), DEFAULT_LIMITS, budget());
    expect(out.equals(REPORT('1'))).toBe(true);
  });

  test('two members are read as one stream (RFC 1952)', () => {
    const out = gunzipReport(Buffer.concat([gzipSync('<a>'), gzipSync('</a>')]), DEFAULT_LIMITS, budget());
    expect(out.toString()).toBe('<a></a>');
  });

  test.each([
    [
      'truncated',
      (g: Buffer) => g.subarray(0, g.length - 12),
      'is a truncated gzip file (it ends before its data does)',
    ],
    [
      'corrupt',
      (g: Buffer) => Buffer.concat([g.subarray(0, 20), Buffer.alloc(30, 0xff), g.subarray(50)]),
      /^is a corrupt gzip file: /,
    ],
    ['followed by garbage', (g: Buffer) => Buffer.concat([g, Buffer.from('garbage')]), /^is a corrupt gzip file: /],
  ])('%s: refused', (_label, mangle, message) => {
    const g = gzipSync(Buffer.concat([REPORT('1'), Buffer.alloc(2000, 32)]));
    expect(() => gunzipReport(mangle(g), DEFAULT_LIMITS, budget())).toThrow(message);
  });

  test('a bomb stops at the report limit', () => {
    const bomb = gzipSync(Buffer.alloc(small.maxReportBytes + 1, 32));
    expect(() => gunzipReport(bomb, small, budget())).toThrow(
      'decompresses to more than 64 KiB, the limit for one report: refused as a likely compression bomb',
    );
  });

  test('many small reports stop at the per-file budget', () => {
    const piece = gzipSync(Buffer.alloc(60 * 1024, 32));
    const shared = { remaining: small.maxUnpackedBytesPerFile };
    for (let i = 0; i < 4; i++) gunzipReport(piece, small, shared);
    expect(() => gunzipReport(piece, small, shared)).toThrow(
      'decompresses to more than 256 KiB in total: refused as a likely compression bomb',
    );
  });
});

describe('zip', () => {
  test('entries are read; folders are skipped', async () => {
    const entries = await unzipReports(
      zip([
        ['reports/', Buffer.alloc(0)],
        ['reports/a.xml', REPORT('a')],
        ['b.xml', REPORT('b')],
      ]),
      DEFAULT_LIMITS,
      budget(),
    );
    expect(entries.map((e) => [e.name, e.bytes.length])).toEqual([
      ['reports/a.xml', REPORT('a').length],
      ['b.xml', REPORT('b').length],
    ]);
  });

  test('too many entries', async () => {
    const entries = Array.from({ length: 4 }, (_, i) => [`${i}.xml`, REPORT(String(i))] as [string, Buffer]);
    await expect(unzipReports(zip(entries), { ...DEFAULT_LIMITS, maxZipEntries: 3 }, budget())).rejects.toThrow(
      'is a zip archive of 4 entries, more than the 3 allowed: refused',
    );
  });

  test('an entry declared over the report limit is refused before it is inflated', async () => {
    await expect(unzipReports(zip([['big.xml', Buffer.alloc(70 * 1024, 32)]]), small, budget())).rejects.toThrow(
      'has a zip entry "big.xml" of 70 KiB uncompressed, over the 64 KiB limit for one report: refused as a likely compression bomb',
    );
  });

  test('an entry whose header understates its size is stopped while inflating', async () => {
    const archive = zip([['lie.xml', Buffer.alloc(5000, 32)]], { declaredSize: 100 });
    await expect(unzipReports(archive, DEFAULT_LIMITS, budget())).rejects.toThrow(/^is a corrupt zip archive: /);
  });

  test('an encrypted entry is refused', async () => {
    await expect(
      unzipReports(zip([['a.xml', REPORT('1')]], { encrypted: true }), DEFAULT_LIMITS, budget()),
    ).rejects.toThrow('has an encrypted zip entry "a.xml": ses-dns cannot read it');
  });

  test('not a zip after all', async () => {
    await expect(unzipReports(Buffer.from('PK\x03\x04 and then nothing'), DEFAULT_LIMITS, budget())).rejects.toThrow(
      /^is not a readable zip archive: /,
    );
  });
});

describe('mail', () => {
  test("a message whose whole body is the gzipped report (Mimecast's shape)", async () => {
    const body = gzipSync(REPORT('m')).toString('base64');
    const message = `From: no-reply@mimecast.example\r\nSubject: Report\r\nContent-Type: application/gzip\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="r.xml.gz"\r\n\r\n${body}\r\n`;
    const parts = await messageParts(Buffer.from(message));
    expect(parts.map((p) => [p.name, p.mimeType])).toEqual([['r.xml.gz', 'application/gzip']]);
  });

  test('mbox: separators after an empty line with a date; body lines starting with "From " do not split', () => {
    const mbox = [
      'From noreply@google.com Mon Mar  2 00:00:00 2026',
      'Subject: one',
      '',
      'From here on, this line is body text (no date on it).',
      '',
      '>From a quoted line (mboxrd)',
      '',
      'From MAILER-DAEMON Tue Mar  3 10:11:12 2026',
      'Subject: two',
      '',
      'body',
      'From noreply@google.com Wed Mar  4 00:00:00 2026 (not after an empty line: body)',
      '',
    ].join('\r\n');
    const messages = splitMbox(Buffer.from(mbox)).map((m) => m.toString());
    expect(messages).toEqual([
      'Subject: one\r\n\r\nFrom here on, this line is body text (no date on it).\r\n\r\nFrom a quoted line (mboxrd)\r\n\r\n',
      'Subject: two\r\n\r\nbody\r\nFrom noreply@google.com Wed Mar  4 00:00:00 2026 (not after an empty line: body)\r\n',
    ]);
  });
});

describe('reading paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ses-dns-dmarc-read-'));
  mkdirSync(join(dir, 'Maildir', 'cur'), { recursive: true });
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'a.xml'), REPORT('a'));
  writeFileSync(join(dir, 'report-without-extension'), REPORT('ignored'));
  writeFileSync(join(dir, '.hidden.xml'), REPORT('hidden'));
  writeFileSync(join(dir, '.git', 'x.xml'), REPORT('git'));
  writeFileSync(
    join(dir, 'Maildir', 'cur', '1773360000.M1P2.host,S=1234:2,S'),
    `From: noreply@google.com\r\nSubject: r\r\nContent-Type: text/xml\r\nContent-Disposition: attachment; filename="r.xml"\r\n\r\n${REPORT('maildir').toString()}`,
  );
  writeFileSync(join(dir, 'nested.zip'), zip([['inner.xml.gz', gzipSync(REPORT('nested'))]]));
  writeFileSync(join(dir, 'tls.json.gz'), gzipSync('{"organization-name":"Google Inc."}'));
  symlinkSync(dir, join(dir, 'loop'));

  test('folders are walked in order; maildir files are read; hidden files, other names and folder links are not', async () => {
    const result = await readReports([dir], { cwd: dir });
    expect(result.files).toEqual([
      { path: 'Maildir/cur/1773360000.M1P2.host,S=1234:2,S', reports: 1, skipped: 0 },
      { path: 'a.xml', reports: 1, skipped: 0 },
      { path: 'nested.zip', reports: 1, skipped: 0 },
      {
        path: 'tls.json.gz',
        reports: 0,
        skipped: 0,
        error: 'is not a DMARC aggregate report: neither XML, gzip, zip, an email message nor an mbox',
      },
    ]);
    expect(result.reports.map((r) => [r.report.reportId, r.part])).toEqual([
      ['maildir', 'r.xml'],
      ['a', ''],
      ['nested', 'inner.xml.gz'],
    ]);
    // .git, .hidden.xml, report-without-extension, loop
    expect(result.ignored).toBe(4);
  });

  test('a file given by name is read whatever its name; a missing path is an error, not a stop', async () => {
    const result = await readReports([join(dir, 'report-without-extension'), join(dir, 'missing.xml')], { cwd: dir });
    expect(result.files).toEqual([
      {
        path: 'missing.xml',
        reports: 0,
        skipped: 0,
        error: 'does not exist: give a report file or a folder of reports',
      },
      { path: 'report-without-extension', reports: 1, skipped: 0 },
    ]);
  });

  test('a file over the size limit is refused unread', async () => {
    const result = await readReports([join(dir, 'a.xml')], {
      cwd: dir,
      limits: { ...DEFAULT_LIMITS, maxFileBytes: 100 },
    });
    expect(result.files[0]!.error).toBe(
      `is ${REPORT('a').length} bytes, over the 100 bytes limit for one file: split it`,
    );
  });

  test('containers nested deeper than the limit are refused', async () => {
    const deep = gzipSync(zip([['a.zip', zip([['b.xml.gz', gzipSync(REPORT('deep'))]])]]));
    writeFileSync(join(dir, 'deep.gz'), deep);
    const result = await readReports([join(dir, 'deep.gz')], {
      cwd: dir,
      limits: { ...DEFAULT_LIMITS, maxNesting: 3 },
    });
    expect(result.files[0]!.error).toBe('a.zip > b.xml.gz: nests containers more than 3 deep: refused');
  });

  test('a real parsedmarc sample from the fixtures: Google, zip in MIME', async () => {
    const eml = join(ROOT, 'test/fixtures/dmarc/mixed/real/parsedmarc/twilight.eml');
    const result = await readReports([eml], { cwd: ROOT });
    expect(result.reports.map((r) => [r.report.orgName, r.report.reportId, r.part])).toEqual([
      [
        'google.com',
        '1627703331531660819',
        'google.com!twlnet.com!1549756800!1549843199.zip > google.com!twlnet.com!1549756800!1549843199.xml',
      ],
    ]);
  });
});
