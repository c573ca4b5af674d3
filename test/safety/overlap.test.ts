import { describe, expect, test } from 'vitest';
import { errorsOf } from './helpers';

describe('two records of ours in one record set are refused, naming both config paths', () => {
  test('one MAIL FROM name from two domains', () => {
    const raw = {
      defaults: { region: 'eu-west-1' },
      environments: {
        production: {
          dns: { provider: 'route53' },
          domains: [
            { name: 'example.com', mailFrom: { subdomain: 'bounce.notify' } },
            { name: 'notify.example.com', zone: 'example.com', mailFrom: { subdomain: 'bounce' } },
          ],
        },
      },
    };
    expect(errorsOf(raw)).toEqual([
      'environments.production.domains[1].mailFrom.subdomain: the mail-from-mx MX record of notify.example.com at bounce.notify.example.com would share one record set with the mail-from-mx record of example.com, set at environments.production.domains[0].mailFrom.subdomain; Route 53 keeps one record set per name and type, so one would replace the other: change one of the two so the names differ',
    ]);
  });

  test('one domain in two environments of different SES regions: the fix is one entry with a region list', () => {
    const raw = {
      environments: {
        us: { region: 'us-east-1', dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
        eu: { region: 'eu-west-1', dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
      },
    };
    const regions = 'example.com is an SES identity in us-east-1 here and in eu-west-1 there';
    const two =
      'two Terraform states cannot own one record set: list its regions in one entry (region: [us-east-1, eu-west-1])';
    const otherwise = 'or give the environments different zones (zone: { id }) or DNS accounts (dns.profile)';
    expect(errorsOf(raw)).toEqual([
      `environments.us.domains[0].mailFrom.subdomain: the mail-from-mx MX record at mail.example.com (zone example.com) is also written by environment "eu", set at environments.eu.domains[0].mailFrom.subdomain; ${regions}, and ${two}, which writes a MAIL FROM name per region (put {region} in mailFrom.subdomain), ${otherwise}`,
      `environments.us.domains[0].name: the dmarc TXT record at _dmarc.example.com (zone example.com) is also written by environment "eu", set at environments.eu.domains[0].name; ${regions}, and ${two}, which writes the records the regions share once, ${otherwise}`,
    ]);
  });

  test('a domain entry an error refuses is not also reported as an overlap (Example.com beside example.com)', () => {
    const raw = {
      defaults: { region: 'eu-west-1' },
      environments: {
        production: {
          dns: { provider: 'route53' },
          domains: [
            { name: 'example.com', mailFrom: { subdomain: 'bounce.notify' } },
            { name: 'Example.com' },
            // An error that does not touch its names: its overlap is still said.
            { name: 'notify.example.com', zone: 'example.com', mailFrom: { subdomain: 'bounce' }, ttl: 0 },
          ],
        },
      },
    };
    const errors = errorsOf(raw);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(
      /^environments\.production\.domains\[1\]\.name: "Example\.com" is not allowed: must be a lowercase/,
    );
    expect(errors[1]).toMatch(/^environments\.production\.domains\[2\]\.ttl: /);
    expect(errors[2]).toMatch(
      /^environments\.production\.domains\[2\]\.mailFrom\.subdomain: the mail-from-mx MX record of notify\.example\.com .* would share one record set/,
    );
  });

  test('the same _dmarc written by two environments into one zone', () => {
    const raw = {
      defaults: { region: 'eu-west-1', mailFrom: false },
      environments: {
        staging: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
        production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
      },
    };
    expect(errorsOf(raw)).toEqual([
      'environments.staging.domains[0].name: the dmarc TXT record at _dmarc.example.com (zone example.com) is also written by environment "production", set at environments.production.domains[0].name; two Terraform states cannot own one record set, each apply would undo the other: keep the domain in one environment, or give the environments different zones (zone: { id }) or DNS accounts (dns.profile)',
    ]);
  });

  test.each([
    ['different zone ids', { zone: { id: 'ZSTAGING' } }, {}, {}],
    ['different DNS accounts', {}, { profile: 'staging-dns' }, {}],
    ['different providers', {}, {}, { provider: 'cloudflare' }],
  ])('environments apart by %s are allowed', (_title, domainExtra, dnsExtra, providerOverride) => {
    const raw = {
      defaults: { region: 'eu-west-1' },
      environments: {
        staging: {
          dns: { provider: 'route53', ...dnsExtra, ...providerOverride },
          domains: [{ name: 'example.com', ...domainExtra }],
        },
        production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
      },
    };
    expect(errorsOf(raw)).toEqual([]);
  });
});
