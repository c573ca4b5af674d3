import { describe, expect, test } from 'vitest';
import { validateConfig } from '../../src/checks/validate';
import { configWarnings } from '../../src/checks/warnings';
import { planEnvironment } from '../../src/records/plan';
import { organizationalDomain, sameOrganization } from '../../src/records/public-suffix';
import { needsReportAuthorization, reportAddressDomain } from '../../src/records/report-auth';

describe('DMARC report authorization (RFC 7489 section 7.1)', () => {
  test.each([
    ['dmarc@example.com', 'example.com'],
    ['mailto:d@Reports.Example.net!10m', 'reports.example.net'],
  ])('report domain of %s is %s', (address, domain) => {
    expect(reportAddressDomain(address)).toBe(domain);
  });

  test.each([
    ['notify.example.com', 'example.com'],
    ['example.co.uk', 'example.co.uk'],
    ['mail.example.co.uk', 'example.co.uk'],
    ['example.com.au', 'example.com.au'],
    // Misses of the two-label approximation this replaced: suffixes of the Public Suffix List
    // that no rule of thumb knows, in its ICANN and its private section.
    ['reports.example.ltd.uk', 'example.ltd.uk'],
    ['mail.shop.herokuapp.com', 'shop.herokuapp.com'],
    ['dmarc.example.k12.ca.us', 'example.k12.ca.us'],
    ['Notify.Example.COM.', 'example.com'],
    // A public suffix is its own organizational domain.
    ['co.uk', 'co.uk'],
    ['herokuapp.com', 'herokuapp.com'],
  ])('organizational domain of %s is %s', (domain, org) => {
    expect(organizationalDomain(domain)).toBe(org);
  });

  test.each([
    ['acme.ltd.uk', 'reports.other.ltd.uk', false],
    ['app-a.herokuapp.com', 'app-b.herokuapp.com', false],
    ['notify.acme.ltd.uk', 'acme.ltd.uk', true],
    ['notify.example.com', 'reports.example.com', true],
  ])('%s and %s in one organization: %s', (a, b, same) => {
    expect(sameOrganization(a, b)).toBe(same);
    expect(needsReportAuthorization(a, b)).toBe(!same);
  });

  test('reports of a domain under ltd.uk to another ltd.uk company need authorization (validate warns)', () => {
    const raw = {
      defaults: { region: 'eu-west-1', dmarc: { rua: ['dmarc@reports.other.ltd.uk'] } },
      environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'acme.ltd.uk' }] } },
    };
    const { config } = validateConfig(raw);
    expect(configWarnings(config, raw).map((i) => [i.severity, i.path, i.message.split(',')[0]])).toContainEqual([
      'warning',
      'defaults.dmarc.rua[0]',
      'DMARC reports of acme.ltd.uk go to reports.other.ltd.uk',
    ]);
  });

  test('a report domain managed in the environment gets the record, in its own zone', () => {
    const { config, issues } = validateConfig({
      defaults: { region: 'eu-west-1', dmarc: { rua: ['dmarc@reports.example.net'] } },
      environments: {
        production: {
          dns: { provider: 'route53' },
          domains: [{ name: 'example.com' }, { name: 'example.net' }],
        },
      },
    });
    expect(issues).toEqual([]);
    const auth = planEnvironment(config.environments[0]!).filter((r) => r.role === 'dmarc-report-auth');
    expect(auth).toEqual([
      {
        domain: 'example.com',
        role: 'dmarc-report-auth',
        name: 'example.com._report._dmarc.reports.example.net',
        type: 'TXT',
        value: 'v=DMARC1',
        ttl: 600,
        zone: { kind: 'name', name: 'example.net' },
        purpose: 'Lets reports.example.net receive the DMARC reports of example.com (RFC 7489 section 7.1)',
        required: false,
      },
    ]);
  });

  test('no record when the report domain is not managed here', () => {
    const { config } = validateConfig({
      defaults: { region: 'eu-west-1', dmarc: { rua: ['dmarc@example.org'] } },
      environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } },
    });
    expect(planEnvironment(config.environments[0]!).map((r) => r.role)).not.toContain('dmarc-report-auth');
  });
});
