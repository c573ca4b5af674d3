/**
 * Figures and recommendations on reports built in the test, with counts small enough to
 * check by hand (each expectation says how it was counted).
 */
import { describe, expect, test } from 'vitest';
import type { ResolvedDmarc } from '../../src/config/model';
import { dedupeReports, figuresByDomain, periodOf } from '../../src/dmarc/aggregate';
import type { AggregateReport, ReportRecord } from '../../src/dmarc/model';
import { DEFAULT_THRESHOLDS, percent, recommend } from '../../src/dmarc/recommend';
import type { DomainEntry } from '../../src/dmarc/recommend';

const DAY = 86_400;
const D1 = 1772409600; // 2026-03-02

function rec(ip: string, count: number, dkim: boolean, spf: boolean, headerFrom = 'example.com'): ReportRecord {
  return { sourceIp: ip, count, dkimAligned: dkim, spfAligned: spf, headerFrom, dkim: [], spf: [] };
}

let id = 0;
function report(
  day: number,
  records: ReportRecord[],
  p: 'none' | 'quarantine' | 'reject' = 'none',
  domain = 'example.com',
  org = 'google.com',
): AggregateReport {
  const begin = D1 + (day - 1) * DAY;
  return {
    format: 'rfc7489',
    orgName: org,
    reportId: String(++id),
    begin,
    end: begin + DAY - 1,
    policy: { domain, p },
    records,
  };
}

function dmarc(policy: ResolvedDmarc['policy'], extra: Partial<ResolvedDmarc> = {}): ResolvedDmarc {
  return { policy, alignment: { dkim: 'relaxed', spf: 'relaxed' }, rua: ['dmarc@example.com'], ruf: [], ...extra };
}

const entry = (d: ResolvedDmarc | false, environment = 'production'): DomainEntry => ({
  environment,
  path: `environments.${environment}.domains[0]`,
  dmarc: d,
});

/** 15 days, 1,000 messages: 995 pass (DKIM 990 + SPF-only 5), 5 fail from one IP. */
function healthy(p: 'none' | 'quarantine' = 'none'): AggregateReport[] {
  return [
    report(1, [rec('192.0.2.1', 600, true, true), rec('192.0.2.2', 5, false, true)], p),
    report(8, [rec('192.0.2.1', 390, true, false)], p),
    report(15, [rec('198.51.100.9', 5, false, false)], p),
  ];
}

function judge(d: ResolvedDmarc | false, reports: AggregateReport[], thresholds = DEFAULT_THRESHOLDS) {
  const figures = figuresByDomain(reports).find((f) => f.domain === 'example.com');
  return recommend('example.com', [entry(d)], reports, figures, thresholds);
}

describe('figures', () => {
  test('per From domain: messages, DMARC pass (DKIM or SPF aligned), each aligned share, worst sources first', () => {
    const [f] = figuresByDomain(healthy());
    // 600 + 5 + 390 + 5 = 1000; pass: 600 + 5 + 390 = 995; DKIM: 600 + 390; SPF: 600 + 5.
    expect(f).toMatchObject({
      domain: 'example.com',
      messages: 1000,
      dmarcPass: 995,
      dkimAligned: 990,
      spfAligned: 605,
    });
    expect(f!.failingSources.map((s) => [s.ip, s.count, s.passing])).toEqual([['198.51.100.9', 5, 0]]);
    expect(f!.period).toEqual({ firstSeen: '2026-03-02', lastSeen: '2026-03-16', days: 15 });
  });

  test("a period ending at next midnight (Microsoft) covers one day, like Google's 23:59:59", () => {
    const google = { ...report(1, []), end: D1 + DAY - 1 };
    const microsoft = { ...report(1, []), end: D1 + DAY };
    expect(periodOf([google])).toEqual({ firstSeen: '2026-03-02', lastSeen: '2026-03-02', days: 1 });
    expect(periodOf([microsoft])).toEqual({ firstSeen: '2026-03-02', lastSeen: '2026-03-02', days: 1 });
  });

  test('duplicates: same organization, policy domain and report_id; the same id for another domain is another report', () => {
    const a = report(1, [rec('192.0.2.1', 1, true, true)]);
    const other = { ...a, policy: { ...a.policy, domain: 'example.org' } };
    const again = { ...a, orgName: 'GOOGLE.COM' };
    const result = dedupeReports([
      { report: a, file: 'a.xml', part: '' },
      { report: again, file: 'b.eml', part: 'x.zip' },
      { report: other, file: 'c.xml', part: '' },
    ]);
    expect(result.reports.map((r) => r.file)).toEqual(['a.xml', 'c.xml']);
    expect([...result.duplicatesByFile]).toEqual([['b.eml', 1]]);
  });

  test('percentages round down, so a shown 99% never hides 98.96%', () => {
    expect(percent(9896, 10000)).toBe('98.9');
    expect(percent(990, 1000)).toBe('99');
    expect(percent(0, 0)).toBe('0');
  });
});

describe('recommendations', () => {
  test('none, with enough passing mail over enough days: ready for quarantine', () => {
    expect(judge(dmarc('none'), healthy())).toEqual({
      action: 'quarantine',
      current: 'none',
      reason:
        '1,000 messages over 15 days under p=none, 99.5% pass DMARC (at least 99%), no failing source also sends passing mail; subdomains follow p (no sp), so their mail was counted too',
      basis: {
        policy: 'none',
        reports: 3,
        messages: 1000,
        dmarcPass: 995,
        period: { firstSeen: '2026-03-02', lastSeen: '2026-03-16', days: 15 },
        includesSubdomains: true,
        mixedSources: [],
      },
    });
  });

  test('quarantine, with reports under quarantine: ready for reject', () => {
    const r = judge(dmarc('quarantine', { subdomainPolicy: 'none' }), healthy('quarantine'));
    expect(r.action).toBe('reject');
    expect(r.reason).toContain('subdomains keep sp=none');
  });

  test('reject is the last step; a falling pass rate is pointed out', () => {
    expect(judge(dmarc('reject'), healthy('reject' as never)).reason).toBe('reject is the last step');
    const bad = [report(1, [rec('192.0.2.1', 90, true, true), rec('198.51.100.9', 10, false, false)], 'reject')];
    expect(judge(dmarc('reject'), bad)).toMatchObject({
      action: 'stay',
      reason: 'reject is the last step; only 90% of 100 messages pass DMARC: check the failing sources',
    });
  });

  test.each([
    ['too few messages', { minMessages: 1001 }, '1,000 messages under p=none, fewer than the 1,001 needed'],
    ['too few days', { minDays: 16 }, '15 days of reports under p=none, fewer than the 16 needed'],
    ['too few passing', { minPassPercent: 99.6 }, '99.5% pass DMARC, below 99.6%: fix the failing sources first'],
  ])('%s: stays, saying which threshold failed', (_label, thresholds, reason) => {
    expect(judge(dmarc('none'), healthy(), { ...DEFAULT_THRESHOLDS, ...thresholds })).toMatchObject({
      action: 'stay',
      current: 'none',
      reason,
    });
  });

  test('a source that sends both passing and failing mail holds the domain back, unless allowed', () => {
    const reports = [...healthy(), report(10, [rec('192.0.2.1', 2, false, false)])];
    expect(judge(dmarc('none'), reports)).toMatchObject({
      action: 'stay',
      reason:
        '192.0.2.1 (990 passing, 2 failing) also sends passing mail: a legitimate sender with a gap (or a forwarder: --allow-mixed-sources accepts losing its failing mail)',
    });
    const allowed = judge(dmarc('none'), reports, { ...DEFAULT_THRESHOLDS, allowMixedSources: true });
    expect(allowed.action).toBe('quarantine');
    expect(allowed.reason).toContain('1 source sending both passing and failing mail accepted (--allow-mixed-sources)');
  });

  test('only reports published under the current policy count: quarantine right after the step has no evidence yet', () => {
    expect(judge(dmarc('quarantine'), healthy('none'))).toMatchObject({
      action: 'stay',
      current: 'quarantine',
      reason:
        'no reports under p=quarantine yet: receivers saw p=none (reports up to 2026-03-16); apply the config (ses-dns synth, terraform apply) and collect reports under quarantine',
    });
  });

  test('pct below 100 at quarantine: stay until pct is 100; at none: noted', () => {
    expect(judge(dmarc('quarantine', { pct: 25 }), healthy('quarantine'))).toMatchObject({
      action: 'stay',
      reason:
        'pct=25: quarantine applies to 25% of failing mail only; raise pct to 100 (or remove it: DMARCbis drops pct) and collect reports before reject',
    });
    expect(judge(dmarc('none', { pct: 25 }), healthy()).reason).toContain(
      'pct=25 will apply quarantine to 25% of failing mail',
    );
  });

  test('without sp, failing subdomain mail in the same reports counts; with sp, it does not', () => {
    const reports = [...healthy(), report(3, [rec('203.0.113.5', 20, false, false, 'news.example.com')])];
    // 1,020 messages, 995 pass: 97.5%.
    expect(judge(dmarc('none'), reports)).toMatchObject({
      action: 'stay',
      reason: '97.5% pass DMARC, below 99%: fix the failing sources first',
    });
    expect(judge(dmarc('none', { subdomainPolicy: 'quarantine' }), reports).action).toBe('quarantine');
  });

  test('no reports: says whether rua is missing', () => {
    expect(judge(dmarc('none'), []).reason).toBe('no reports for this domain in the files given');
    expect(judge(dmarc('none', { rua: [] }), []).reason).toBe(
      'no reports: the config sets no dmarc.rua for this domain, so receivers send none; add a rua address',
    );
  });

  test('DMARC off, or configured differently in two environments', () => {
    expect(judge(false, healthy())).toEqual({
      action: 'stay',
      reason: 'DMARC is off for this domain in the config (dmarc: false)',
    });
    const r = recommend(
      'example.com',
      [entry(dmarc('none'), 'staging'), entry(dmarc('reject'), 'production')],
      healthy(),
      undefined,
    );
    expect(r).toEqual({
      action: 'stay',
      reason:
        'configured differently in staging (p=none), production (p=reject); the reports cannot tell them apart: pass --env to judge one environment',
    });
  });
});
