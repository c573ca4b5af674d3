import { describe, expect, test } from 'vitest';
import { validateConfig } from '../../src/checks/validate';
import { configAdvice, configWarnings, spfLookups } from '../../src/checks/warnings';

type Raw = Record<string, unknown>;

/** A one-environment config on Route 53 with `settings` on the domain entry of example.com. */
function config(settings: Raw = {}, env: Raw = {}, defaults: Raw = { region: 'eu-west-1' }): Raw {
  return {
    defaults,
    environments: {
      production: { dns: { provider: 'route53' }, ...env, domains: [{ name: 'example.com', ...settings }] },
    },
  };
}

function warningsOf(raw: Raw) {
  const { config: resolved, issues } = validateConfig(raw);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return configWarnings(resolved, raw);
}

describe('configWarnings', () => {
  test('a plain config has no warnings', () => {
    expect(warningsOf(config())).toEqual([]);
  });

  test.each([
    {
      why: 'p=reject without custom MAIL FROM: DKIM alone carries DMARC',
      raw: config({ mailFrom: false }, { dmarc: { policy: 'reject' } }),
      path: 'environments.production.domains[0].mailFrom',
      message:
        'mailFrom is off for example.com while dmarc.policy is reject (environments.production.dmarc.policy): only DKIM can make DMARC pass (SPF authenticates amazonses.com and never aligns), so a missing or broken DKIM signature means rejected mail; enable mailFrom: { subdomain: mail }',
    },
    {
      why: 'p=quarantine with strict DKIM alignment',
      raw: config({ dmarc: { policy: 'quarantine', alignment: { dkim: 'strict' } } }),
      path: 'environments.production.domains[0].dmarc.alignment.dkim',
      message:
        'strict DKIM alignment (adkim=s) with policy quarantine: mail From an address at a subdomain of example.com that is not its own identity is signed d=example.com and fails DMARC; use relaxed unless every From address is exactly @example.com',
    },
    {
      why: 'strict SPF alignment with a custom MAIL FROM',
      raw: config({}, {}, { region: 'eu-west-1', dmarc: { alignment: { spf: 'strict' } } }),
      path: 'defaults.dmarc.alignment.spf',
      message:
        'strict SPF alignment (aspf=s) can never pass for example.com: its MAIL FROM domain mail.example.com differs from the From domain; use relaxed, which aligns mail.example.com with example.com',
    },
    {
      why: 'pct (DMARCbis)',
      raw: config({ dmarc: { pct: 50 } }),
      path: 'environments.production.domains[0].dmarc.pct',
      message:
        'pct is removed by DMARCbis (RFC 9989) and receivers may ignore it, got 50; remove it and step the policy none -> quarantine -> reject instead',
    },
    {
      why: 'ri (DMARCbis)',
      raw: config({ dmarc: { reportInterval: 3600 } }),
      path: 'environments.production.domains[0].dmarc.reportInterval',
      message:
        'reportInterval (ri) is removed by DMARCbis (RFC 9989): receivers send aggregate reports daily whatever it says, got 3600; remove it',
    },
    {
      why: 'a region without an SMTP endpoint',
      raw: config({}, { region: 'eu-central-2' }),
      path: 'environments.production.region',
      message:
        'eu-central-2 has no SES SMTP endpoint: applications must send through the SES API; if yours sends over SMTP, choose a region that has one (such as eu-west-1)',
    },
    {
      why: 'a root SPF over 10 lookups',
      raw: config({
        spf: {
          include: ['a.example.net', 'b.example.net', 'c.example.net', 'd.example.net', 'e.example.net'],
          mechanisms: ['a', 'mx', 'exists:x.example.net', 'ip4:192.0.2.1', 'include:f.example.net', 'ptr'],
        },
      }),
      path: 'environments.production.domains[0].spf',
      message:
        'the root SPF of example.com needs 11 DNS lookups before counting nested includes, more than the 10 RFC 7208 section 4.6.4 allows: receivers return permerror and SPF fails; drop includes, or replace them by ip4:/ip6: ranges',
    },
    {
      why: 'no DMARC record at all',
      raw: config({ dmarc: false }),
      path: 'environments.production.domains[0].dmarc',
      message:
        'dmarc is false for example.com: no DMARC record is published, so receivers apply no policy (p=reject, the aim of this setup, is impossible) and nobody receives reports; remove dmarc: false (ses-dns then publishes p=none to start), or keep it only if another tool writes _dmarc.example.com',
    },
    {
      why: 'a root SPF with the SES include but no custom MAIL FROM',
      raw: config({ mailFrom: false, spf: { include: ['_spf.google.com'] } }),
      path: 'environments.production.domains[0].spf',
      message:
        'the root SPF of example.com includes amazonses.com, but example.com has no custom MAIL FROM: SES then sends with an amazonses.com envelope sender, so receivers check SPF against amazonses.com, never against this record; the include costs one of the 10 DNS lookups and helps no SES mail: set spf.includeAmazonSes: false, or enable mailFrom (SPF then aligns through mail.example.com)',
    },
    {
      why: 'reports to another domain that nobody here manages',
      raw: config({ dmarc: { rua: ['dmarc@example.com', 'mailto:reports@dmarc.example.net!10m'] } }),
      path: 'environments.production.domains[0].dmarc.rua[1]',
      message:
        'DMARC reports of example.com go to dmarc.example.net, another domain: receivers drop them unless dmarc.example.net publishes TXT example.com._report._dmarc.dmarc.example.net "v=DMARC1" (RFC 7489 section 7.1); ask its owner to add it, or manage its zone in environment production and ses-dns writes it',
    },
  ])('$why', ({ raw, path, message }) => {
    expect(warningsOf(raw)).toEqual([{ severity: 'warning', path, message }]);
  });

  test('failure reports (ruf) to another domain are located in ruf', () => {
    const warnings = warningsOf(config({ dmarc: { ruf: ['f@reports.example.org'] } }));
    expect(warnings.map((w) => w.path)).toEqual(['environments.production.domains[0].dmarc.ruf[0]']);
  });

  test('reports to a subdomain of the same organization need no authorization', () => {
    expect(warningsOf(config({ dmarc: { rua: ['d@reports.example.com'] } }))).toEqual([]);
  });

  test('reports to a report domain managed in the same environment: a note, no warning', () => {
    const raw: Raw = {
      defaults: { region: 'eu-west-1', dmarc: { rua: ['dmarc@example.net'] } },
      environments: {
        production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }, { name: 'example.net' }] },
      },
    };
    const { config: resolved } = validateConfig(raw);
    expect(configAdvice(resolved, raw)).toEqual({
      warnings: [],
      notes: [
        {
          path: 'defaults.dmarc.rua[0]',
          message:
            'DMARC reports of example.com go to example.net, whose zone environment production manages: ses-dns writes the authorization record example.com._report._dmarc.example.net TXT "v=DMARC1" (RFC 7489 section 7.1)',
        },
      ],
    });
  });

  test('a second managed report domain of one domain is left to the user', () => {
    const raw: Raw = {
      defaults: { region: 'eu-west-1' },
      environments: {
        production: {
          dns: { provider: 'route53' },
          domains: [
            { name: 'example.com', dmarc: { rua: ['a@example.net'], ruf: ['b@example.org'] } },
            { name: 'example.net' },
            { name: 'example.org' },
          ],
        },
      },
    };
    expect(warningsOf(raw)).toEqual([
      {
        severity: 'warning',
        path: 'environments.production.domains[0].dmarc.ruf[0]',
        message:
          'DMARC reports of example.com go to example.org, which needs TXT example.com._report._dmarc.example.org "v=DMARC1" (RFC 7489 section 7.1); ses-dns writes one authorization record per domain (example.com._report._dmarc.example.net), so add this one by hand or send all reports to one domain',
      },
    ]);
  });

  test('reports to a domain managed in another environment', () => {
    const raw: Raw = {
      defaults: { region: 'eu-west-1', dmarc: { rua: ['dmarc@example.com'] } },
      environments: {
        production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
        staging: { dns: { provider: 'cloudflare' }, domains: [{ name: 'example.dev' }] },
      },
    };
    expect(warningsOf(raw)).toEqual([
      {
        severity: 'warning',
        path: 'defaults.dmarc.rua[0]',
        message:
          'DMARC reports of example.dev go to example.com, another domain: receivers drop them unless example.com publishes TXT example.dev._report._dmarc.example.com "v=DMARC1" (RFC 7489 section 7.1); its zone is managed in environment production, and ses-dns writes the record only within one environment: add it there by hand',
      },
    ]);
  });

  test('the same domain in two environments', () => {
    const raw: Raw = {
      defaults: { region: 'eu-west-1' },
      environments: {
        production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
        staging: { dns: { provider: 'cloudflare' }, domains: [{ name: 'example.dev' }, { name: 'example.com' }] },
      },
    };
    expect(warningsOf(raw)).toEqual([
      {
        severity: 'warning',
        path: 'environments.staging.domains[1].name',
        message:
          'example.com is also configured in environment production (environments.production.domains[0]), also in eu-west-1: two stacks would manage one SES identity unless the environments deploy to different AWS accounts (declare account.id on both to say so), each apply undoing the other; keep each domain in one environment (use a subdomain such as staging.example.com for the other), or list all its regions in one entry (region: [...])',
      },
    ]);
  });

  test('a warning written once in defaults is reported once', () => {
    const raw: Raw = {
      defaults: { region: 'eu-central-2', dmarc: { pct: 100 } },
      environments: {
        production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }, { name: 'example.org' }] },
      },
    };
    expect(warningsOf(raw).map((w) => w.path)).toEqual(['defaults.dmarc.pct', 'defaults.region']);
  });

  test('a root SPF without the SES include and no MAIL FROM: no warning', () => {
    expect(
      warningsOf(config({ mailFrom: false, spf: { includeAmazonSes: false, include: ['_spf.google.com'] } })),
    ).toEqual([]);
  });

  test('a subdomain without DMARC is covered by its organizational domain in the same environment', () => {
    const raw: Raw = {
      defaults: { region: 'eu-west-1' },
      environments: {
        production: {
          dns: { provider: 'route53' },
          domains: [{ name: 'example.com' }, { name: 'notify.example.com', zone: 'example.com', dmarc: false }],
        },
      },
    };
    expect(warningsOf(raw)).toEqual([]);
    const alone = {
      ...raw,
      environments: {
        production: {
          ...((raw.environments as Raw).production as Raw),
          domains: [{ name: 'notify.example.com', zone: 'example.com', dmarc: false }],
        },
      },
    };
    expect(warningsOf(alone).map((w) => w.path)).toEqual(['environments.production.domains[0].dmarc']);
  });

  test('p=none needs no MAIL FROM, and relaxed alignment no warning', () => {
    expect(warningsOf(config({ mailFrom: false, dmarc: { policy: 'none', alignment: { dkim: 'strict' } } }))).toEqual(
      [],
    );
  });
});

describe('spfLookups', () => {
  test.each([
    [{ include: [], mechanisms: [], all: 'softfail' as const }, 1],
    [
      {
        include: ['_spf.google.com'],
        mechanisms: ['ip4:192.0.2.0/24', 'a', 'mx:mx.example.com', '-ptr'],
        all: 'fail' as const,
      },
      5,
    ],
    [{ include: ['amazonses.com'], mechanisms: ['ip6:2001:db8::/32'], all: 'softfail' as const }, 1],
  ])('%j costs %i', (spf, lookups) => {
    expect(spfLookups(spf)).toBe(lookups);
  });
});
