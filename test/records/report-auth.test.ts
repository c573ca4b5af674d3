import { describe, expect, test } from 'vitest';
import { validateConfig } from '../../src/config/load';
import { planEnvironment } from '../../src/records/plan';
import { organizationalDomain, reportAddressDomain } from '../../src/records/report-auth';

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
  ])('organizational domain of %s is %s', (domain, org) => {
    expect(organizationalDomain(domain)).toBe(org);
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
