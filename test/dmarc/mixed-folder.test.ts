/**
 * The issue's "done": a folder of mixed reports (xml, xml.gz, zip, eml, mbox, DMARCbis,
 * real senders' samples, broken files, bombs) gives correct per-domain figures and one error
 * per bad file, and the rest is still read.
 *
 * Expected figures come from test/fixtures/dmarc/expected.py, which recounts the same files
 * with Python's standard library only (xml.etree, zlib, zipfile, email, mailbox); its output
 * is committed as expected.json and copied here. See test/fixtures/dmarc/README.md.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run, ROOT } from '../cli/run';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'dmarc');
const CONFIG = join(FIXTURES, 'ses-dns.yaml');
const MIXED = join(FIXTURES, 'mixed');

/** From expected.py: messages, dmarcPass, dkimAligned, spfAligned, firstSeen, lastSeen, days, reports, failing sources. */
const EXPECTED: Record<string, [number, number, number, number, string, string, number, number, number]> = {
  'ab.id.au': [1, 1, 1, 1, '2023-08-30', '2023-08-30', 1, 1, 0],
  'acme.example': [958, 954, 954, 754, '2026-03-02', '2026-03-16', 15, 5, 2],
  'borschow.com': [1, 0, 0, 0, '2019-02-12', '2019-02-12', 1, 1, 1],
  'example.com': [2416, 126, 126, 1, '1979-08-07', '2024-04-01', 16310, 8, 2289],
  'foo-bar.io': [1, 1, 1, 1, '2024-03-06', '2024-03-06', 1, 1, 0],
  'legacy.example': [500, 500, 500, 500, '2026-03-02', '2026-03-15', 14, 3, 0],
  'news.acme.example': [40, 40, 40, 40, '2026-03-02', '2026-03-02', 1, 1, 0],
  'random.net': [3, 3, 3, 3, '2024-03-06', '2024-03-06', 1, 1, 0],
  'random.org': [1, 1, 1, 1, '2024-03-04', '2024-03-04', 1, 1, 0],
  'shop.acme.example': [1503, 1500, 1500, 1500, '2026-03-03', '2026-03-17', 15, 2, 1],
  'twlnet.com': [1, 1, 1, 1, '2019-02-10', '2019-02-10', 1, 1, 0],
};

/** From expected.py: reports per readable file. */
const READABLE: Record<string, number> = {
  'built/Inbox.mbox': 3,
  'built/copy-of-the-first-google-report.xml': 1,
  'built/google.com!acme.example!1772409600!1772495999.xml': 1,
  'built/google.com!acme.example!1772668800!1772755199.xml.gz': 1,
  'built/google.com!legacy.example!1772409600!1772495999.xml': 1,
  'built/google.com!legacy.example!1773360000!1773446399.xml.gz': 1,
  'built/google.com!legacy.example!1773532800!1773619199.xml': 1,
  'built/protection.outlook.com!acme.example!1773014400!1773100800.xml.zip': 1,
  'built/protection.outlook.com!shop.acme.example!1773705600!1773792000.xml': 1,
  'built/yahoo-report.eml': 1,
  'real/cry-inc/google.xml': 1,
  'real/cry-inc/outlook.xml': 1,
  'real/cry-inc/yahoo.xml': 1,
  'real/parsedmarc/!example.com!1538204542!1538463818.xml': 1,
  'real/parsedmarc/!large-example.com!1711897200!1711983600.xml.gz': 1,
  'real/parsedmarc/Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml': 1,
  'real/parsedmarc/empty_reason.xml': 1,
  'real/parsedmarc/estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip': 1,
  'real/parsedmarc/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz': 1,
  'real/parsedmarc/mimecast-weird-gzip.eml': 1,
  'real/parsedmarc/protection.outlook.com!example.com!1711756800!1711843200.xml': 1,
  'real/parsedmarc/report_with_upper_cased_pass.xml': 1,
  'real/parsedmarc/rfc9990-sample.xml': 1,
  'real/parsedmarc/twilight.eml': 1,
};

/** Every bad file and the whole message it gets (expected.py agrees that each is an error). */
const BROKEN: Record<string, string> = {
  'broken/billion-laughs.xml':
    'has a DOCTYPE declaration, which DMARC reports never carry: refused (entity expansion risk)',
  'broken/bomb.xml.gz':
    'decompresses to more than 32 MiB, the limit for one report: refused as a likely compression bomb',
  'broken/bomb.zip':
    'has a zip entry "bomb.xml" of 40.0 MiB uncompressed, over the 32 MiB limit for one report: refused as a likely compression bomb',
  'broken/empty.xml': 'is empty',
  'broken/ikea.com!example.de!1538690400!1538776800.xml': 'is truncated: it ends with <schema> still open',
  'broken/invalid_utf_8.xml': 'is not valid UTF-8 (line 31): the report must be UTF-8 as its XML declaration says',
  'broken/invalid_xml.xml': 'is not well-formed XML (line 5, column 18): disallowed character in tag name.',
  'broken/not-a-report.xml': 'is not a DMARC aggregate report: the root element is <html>, expected <feedback>',
  'broken/ratio-lie.zip':
    'has a zip entry "lie.xml" that claims a compression ratio of 10810:1, beyond what deflate can reach: refused as a compression bomb',
  'broken/truncated.xml': 'is truncated: it ends with <feedback>, <record>, <identifiers>, <header_from> still open',
  'broken/truncated.xml.gz': 'is a truncated gzip file (it ends before its data does)',
};

interface JsonOut {
  domains: {
    domain: string;
    inConfig: boolean;
    messages: number;
    dmarcPass: number;
    dkimAligned: number;
    spfAligned: number;
    firstSeen: string | null;
    lastSeen: string | null;
    days: number;
    reports: number;
    failingSources: { ip: string; count: number; passing: number }[];
    recommendation: { action: string; current: string | null; reason: string };
  }[];
  files: { path: string; reports: number; duplicates: number; skipped: number; error?: string }[];
}

describe('ses-dns dmarc on a folder of mixed reports', async () => {
  const result = await run('dmarc', '-c', CONFIG, MIXED, '--json');
  const out = JSON.parse(result.stdout) as JsonOut;
  const byDomain = new Map(out.domains.map((d) => [d.domain, d]));
  const rel = (path: string) => path.replace(/\\/g, '/').split('test/fixtures/dmarc/mixed/').pop()!;
  const byFile = new Map(out.files.map((f) => [rel(f.path), f]));

  test('exits 1 (some files could not be read) after reading all the others', () => {
    expect(result.code).toBe(1);
    expect(out.files).toHaveLength(Object.keys(READABLE).length + Object.keys(BROKEN).length);
  });

  test.each(Object.entries(EXPECTED))('%s: figures as counted by expected.py', (domain, expected) => {
    const d = byDomain.get(domain)!;
    expect(d).toBeDefined();
    expect([
      d.messages,
      d.dmarcPass,
      d.dkimAligned,
      d.spfAligned,
      d.firstSeen,
      d.lastSeen,
      d.days,
      d.reports,
      d.failingSources.length,
    ]).toEqual(expected);
  });

  test('lists every domain once: the config domains (even without reports), then the others, flagged', () => {
    expect(out.domains.map((d) => [d.domain, d.inConfig])).toEqual([
      ['acme-staging.example', true],
      ['acme.example', true],
      ['legacy.example', true],
      ['shop.acme.example', true],
      ...Object.keys(EXPECTED)
        .filter((d) => !['acme.example', 'legacy.example', 'shop.acme.example'].includes(d))
        .map((d) => [d, false]),
    ]);
  });

  test('failing sources come worst first, with the messages the same IP sent that passed', () => {
    expect(byDomain.get('acme.example')!.failingSources.map((s) => [s.ip, s.count, s.passing])).toEqual([
      ['198.51.100.23', 3, 0],
      ['203.0.113.9', 1, 0],
    ]);
    expect(byDomain.get('shop.acme.example')!.failingSources.map((s) => [s.ip, s.count, s.passing])).toEqual([
      ['54.240.3.12', 3, 1500],
    ]);
    // 2,289 failing IPs in parsedmarc's large sample: the two-message source leads.
    expect(byDomain.get('example.com')!.failingSources[0]).toMatchObject({ ip: '12.20.127.122', count: 2 });
  });

  test.each(Object.entries(READABLE))('%s: its reports are read', (file, reports) => {
    expect(byFile.get(file)).toMatchObject({ reports });
    expect(byFile.get(file)!.error).toBeUndefined();
  });

  test('duplicates (the same report in the mbox, as a file and as a copy) are counted once', () => {
    // Files are read in code-unit order, so Inbox.mbox holds the copy that counts.
    expect(byFile.get('built/Inbox.mbox')).toMatchObject({ reports: 3, duplicates: 0, skipped: 1 });
    expect(byFile.get('built/copy-of-the-first-google-report.xml')!.duplicates).toBe(1);
    expect(byFile.get('built/google.com!acme.example!1772409600!1772495999.xml')!.duplicates).toBe(1);
    expect(out.files.reduce((n, f) => n + f.duplicates, 0)).toBe(2);
  });

  test.each(Object.entries(BROKEN))('%s: a clear error naming the file', (file, message) => {
    expect(byFile.get(file)).toMatchObject({ reports: 0, error: message });
    expect(result.stderr).toContain(`${file}: ${message}`);
  });

  test('recommendations: ready, held back by a mixed source, too few days under quarantine, no reports', () => {
    const verdict = (d: string) => byDomain.get(d)!.recommendation;
    expect(verdict('acme.example')).toEqual({
      action: 'quarantine',
      current: 'none',
      reason:
        '998 messages over 15 days under p=none, 99.5% pass DMARC (at least 99%), no failing source also sends passing mail; subdomains follow p (no sp), so their mail was counted too',
      basis: expect.objectContaining({ messages: 998, dmarcPass: 994, days: 15, includesSubdomains: true }),
    });
    expect(verdict('shop.acme.example')).toMatchObject({
      action: 'stay',
      current: 'none',
      reason:
        '54.240.3.12 (1,500 passing, 3 failing) also sends passing mail: a legitimate sender with a gap (or a forwarder: --allow-mixed-sources accepts losing its failing mail)',
    });
    expect(verdict('legacy.example')).toMatchObject({
      action: 'stay',
      current: 'quarantine',
      reason: '3 days of reports under p=quarantine, fewer than the 14 needed',
    });
    expect(verdict('acme-staging.example')).toMatchObject({
      action: 'stay',
      reason: 'no reports for this domain in the files given',
    });
    expect(verdict('news.acme.example').reason).toBe(
      "not in the config: receivers applied the record of acme.example; it follows p of acme.example (no sp), so its mail counts toward acme.example's recommendation",
    );
  });

  test('the text output shows figures, sources and verdicts; errors go to stderr', async () => {
    const text = await run('dmarc', '-c', CONFIG, MIXED);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      [
        'acme.example  [production: p=none]',
        '  2026-03-02 to 2026-03-16 (15 days), 5 reports from Mail.Ru, Outlook.com, Yahoo, google.com',
        '  958 messages: DMARC pass 99.5%, DKIM aligned 99.5%, SPF aligned 78.7%',
        '  failing sources, worst first (IP, messages, SPF and DKIM results):',
        '    198.51.100.23         3 failing  SPF spammer.example=fail; DKIM none',
        '    203.0.113.9           1 failing  SPF acme.example=softfail; DKIM acme.example/ses1=fail',
        '  -> ready for quarantine: 998 messages over 15 days under p=none',
      ].join('\n'),
    );
    expect(text.stdout).toContain(
      '35 files: 24 reports, 2 duplicates ignored, 1 other file in the folders not read, 11 with errors (below)',
    );
    expect(text.stderr.split('\n').filter((l) => l.startsWith('error'))).toHaveLength(11);
  });

  test('--apply refuses to change the config while files could not be read', async () => {
    const applied = await run('dmarc', '-c', CONFIG, MIXED, '--apply', '--json');
    expect(applied.code).toBe(1);
    expect(JSON.parse(applied.stdout).applied).toEqual({
      file: expect.stringContaining('ses-dns.yaml'),
      written: false,
      changes: [],
      refused:
        '11 files could not be read, so the reports may be incomplete: --apply changes nothing; fix or move those files, then run again',
    });
  });
});
