import { describe, expect, test } from 'vitest';
import { issuesOf, publicKeyBase64 } from './support/synth';

/** A valid config; each case below breaks one thing in a copy of it. */
function base() {
  return {
    defaults: { region: 'eu-west-1', dmarc: { policy: 'none', rua: ['dmarc@example.com'] } },
    environments: {
      production: {
        dns: { provider: 'route53' },
        domains: [{ name: 'example.com' }, { name: 'notify.example.com', zone: 'example.com' }],
      },
      staging: { dns: { provider: 'cloudflare' }, domains: [{ name: 'example.dev' }] },
    },
  };
}

type Config = ReturnType<typeof base> & Record<string, unknown>;

function errorsOf(mutate: (c: Config) => void) {
  const config = base() as Config;
  mutate(config);
  return issuesOf(config)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.path}: ${i.message}`);
}

const prod = (c: Config) =>
  c.environments.production as Record<string, unknown> & { domains: Record<string, unknown>[] };
const stag = (c: Config) => c.environments.staging as Record<string, unknown> & { domains: Record<string, unknown>[] };

describe('a valid config', () => {
  test('has no errors', () => {
    expect(errorsOf(() => {})).toEqual([]);
  });
});

describe('each rejection, with its whole message at the path where the value is written', () => {
  test.each<[string, (c: Config) => void, string]>([
    [
      'unknown DMARC policy',
      (c) => ((c.defaults.dmarc as Record<string, unknown>).policy = 'rejct'),
      'defaults.dmarc.policy: must be one of none, quarantine, reject, got "rejct"; did you mean "reject"?',
    ],
    [
      'unknown key with a suggestion',
      (c) => ((c.defaults as Record<string, unknown>).mailfrom = { subdomain: 'mail' }),
      'defaults.mailfrom: unknown key "mailfrom"; did you mean "mailFrom"? Allowed keys: region, ttl, dkim, mailFrom, dmarc, spf, tracking, configurationSet. Remove it or fix its spelling.',
    ],
    [
      'unknown SES region',
      (c) => (prod(c).region = 'eu-west-9'),
      'environments.production.region: must be one of af-south-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-southeast-5, ca-central-1, ca-west-1, eu-central-1, eu-central-2, eu-north-1, eu-south-1, eu-west-1, eu-west-2, eu-west-3, il-central-1, me-central-1, me-south-1, sa-east-1, us-east-1, us-east-2, us-gov-east-1, us-gov-west-1, us-west-1, us-west-2, got "eu-west-9"; did you mean "eu-west-1"?',
    ],
    [
      'one report address where a list is wanted',
      (c) => ((c.defaults.dmarc as Record<string, unknown>).rua = 'dmarc@example.com'),
      'defaults.dmarc.rua: must be a list, got "dmarc@example.com": write it as a list, ["dmarc@example.com"]',
    ],
    [
      'a domain written as a bare name',
      (c) => ((prod(c).domains as unknown[])[0] = 'example.com'),
      'environments.production.domains[0]: must be an object (key: value pairs), got "example.com": a domain is an entry with its own keys, such as { name: "example.com" } (in block YAML: - name: example.com)',
    ],
    [
      'a YAML merge key',
      (c) => (prod(c)['<<'] = { region: 'eu-west-1' }),
      'environments.production.<<: YAML merge keys (<<: *anchor) are not supported: the config has layers for shared values (defaults < environment < domain); move what the anchor holds to defaults or the environment, or write the keys out',
    ],
    [
      'domain name in capitals',
      (c) => (prod(c).domains[0]!.name = 'Example.com'),
      'environments.production.domains[0].name: "Example.com" is not allowed: must be a lowercase domain name such as example.com; write it in lowercase, without a trailing dot; internationalized names in punycode (xn--...)',
    ],
    [
      'domain name with one label',
      (c) => (prod(c).domains[0]!.name = 'localhost'),
      'environments.production.domains[0].name: "localhost" is not allowed: must be a lowercase domain name such as example.com; write it in lowercase, without a trailing dot; internationalized names in punycode (xn--...)',
    ],
    [
      'MAIL FROM written as a full name',
      (c) => (prod(c).mailFrom = { subdomain: 'mail.other.com.' }),
      'environments.production.mailFrom.subdomain: "mail.other.com." is not allowed: must be lowercase labels put in front of the domain, such as "mail"; write only the labels: "mail", not "mail.example.com."; {region} stands for the region, as in "feedback-smtp-{region}-amazonses"',
    ],
    [
      'MAIL FROM that is another identity',
      (c) => (prod(c).domains[1] = { name: 'mail.example.com', zone: 'example.com' }),
      'environments.production.domains[0].mailFrom.subdomain: MAIL FROM domain "mail.example.com" is also an identity (environments.production.domains[1]); SES needs a MAIL FROM name that receives no other mail: choose another subdomain, such as "bounce"',
    ],
    [
      'MAIL FROM behaviour',
      (c) => ((c.defaults as Record<string, unknown>).mailFrom = { onMxFailure: 'bounce' }),
      'defaults.mailFrom.onMxFailure: must be one of use-default, reject-message, got "bounce"',
    ],
    [
      'report address that is not one',
      (c) => ((c.defaults.dmarc as Record<string, unknown>).rua = ['reports']),
      'defaults.dmarc.rua[0]: "reports" is not allowed: must be an address such as dmarc@example.com, or a mailto: URI',
    ],
    [
      'pct out of range',
      (c) => ((c.defaults.dmarc as Record<string, unknown>).pct = 150),
      'defaults.dmarc.pct: must be at most 100, got 150',
    ],
    [
      'alignment mode',
      (c) => ((c.defaults.dmarc as Record<string, unknown>).alignment = { spf: 'loose' }),
      'defaults.dmarc.alignment.spf: must be one of relaxed, strict, got "loose"',
    ],
    [
      'feature that is neither an object nor false',
      (c) => (prod(c).spf = true),
      'environments.production.spf: must be an object, or false to switch it off, got true',
    ],
    [
      'BYODKIM selector',
      (c) => (prod(c).domains[0]!.dkim = { type: 'byodkim', selector: '-s1', publicKey: publicKeyBase64(1024) }),
      'environments.production.domains[0].dkim.selector: "-s1" is not allowed: must be 1-63 letters, digits or hyphens, with no hyphen at either end',
    ],
    [
      'BYODKIM public key in PEM',
      (c) => (prod(c).domains[0]!.dkim = { type: 'byodkim', selector: 's1', publicKey: '-----BEGIN PUBLIC KEY-----' }),
      'environments.production.domains[0].dkim.publicKey: "-----BEGIN PUBLIC KEY-----" is not allowed: must be base64 of the DER public key, on one line; remove the "-----BEGIN PUBLIC KEY-----" lines and all line breaks',
    ],
    [
      'BYODKIM public key that is not a key',
      (c) => (prod(c).domains[0]!.dkim = { type: 'byodkim', selector: 's1', publicKey: 'AAAA' }),
      'environments.production.domains[0].dkim.publicKey: is not a DER public key (SubjectPublicKeyInfo) in base64: export it with `openssl rsa -in key.pem -pubout -outform der | base64 -w0`',
    ],
    [
      'BYODKIM key too long',
      (c) => (prod(c).domains[0]!.dkim = { type: 'byodkim', selector: 's1', publicKey: publicKeyBase64(3072) }),
      'environments.production.domains[0].dkim.publicKey: is a 3072-bit RSA key; SES BYODKIM takes 1024 to 2048 bits',
    ],
    [
      'BYODKIM without its key',
      (c) => (prod(c).domains[0]!.dkim = { type: 'byodkim', selector: 's1' }),
      'environments.production.domains[0].dkim.publicKey: is required with dkim.type byodkim: the base64 DER public key (never the private key)',
    ],
    [
      'Easy DKIM key length',
      (c) => (prod(c).dkim = { keyLength: 4096 }),
      'environments.production.dkim.keyLength: must be one of 1024, 2048, got 4096',
    ],
    [
      'selector on Easy DKIM',
      (c) => (prod(c).dkim = { selector: 's1' }),
      'environments.production.dkim.selector: applies to BYODKIM only: set dkim.type to byodkim, or remove it',
    ],
    [
      'Cloudflare TTL below 60',
      (c) => (stag(c).ttl = 30),
      'environments.staging.ttl: must be 1 (automatic), "auto" or 60-86400 seconds on Cloudflare (environment "staging"), got 30',
    ],
    [
      'automatic TTL on Route 53',
      (c) => (prod(c).ttl = 'auto'),
      'environments.production.ttl: "auto" is a Cloudflare TTL, but environment "production" uses Route 53: give a number of seconds, such as 300',
    ],
    [
      'TTL of the wrong kind',
      (c) => (prod(c).ttl = 'fast'),
      'environments.production.ttl: must be a number of seconds, or "auto" (Cloudflare only), got "fast"',
    ],
    [
      'zone that does not hold the domain',
      (c) => (prod(c).domains[1]!.zone = 'example.org'),
      'environments.production.domains[1].zone: zone "example.org" cannot hold records of "notify.example.com": the zone must be the domain itself or one of its parents: "notify.example.com" or "example.com"',
    ],
    [
      'zone that does not hold the domain, under a public suffix of two labels',
      (c) => {
        prod(c).domains[1]!.name = 'notify.example.co.uk';
        prod(c).domains[1]!.zone = 'example.org';
      },
      // Public suffixes (co.uk) are not offered: no one can own their zone.
      'environments.production.domains[1].zone: zone "example.org" cannot hold records of "notify.example.co.uk": the zone must be the domain itself or one of its parents: "notify.example.co.uk" or "example.co.uk"',
    ],
    [
      'Route 53 zone id of the wrong shape',
      (c) => (prod(c).domains[0]!.zone = { id: 'abc' }),
      'environments.production.domains[0].zone.id: "abc" is not a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
    ],
    [
      'Cloudflare zone id of the wrong shape',
      (c) => (stag(c).domains[0]!.zone = { id: 'Z123' }),
      'environments.staging.domains[0].zone.id: "Z123" is not a Cloudflare zone id of 32 hexadecimal characters',
    ],
    [
      'the same domain twice in one environment',
      (c) => prod(c).domains.push({ name: 'example.com' }),
      'environments.production.domains[2].name: "example.com" is already configured at environments.production.domains[0]; list each domain once per environment and put its settings in that one entry',
    ],
    [
      'DNS account settings on Cloudflare',
      (c) => (stag(c).dns = { provider: 'cloudflare', profile: 'dns' }),
      'environments.staging.dns.profile: applies to Route 53 only, but this environment uses Cloudflare: remove it (the Cloudflare token comes from the CLOUDFLARE_API_TOKEN environment variable)',
    ],
    [
      'unknown DNS provider',
      (c) => (stag(c).dns = { provider: 'gandi' }),
      'environments.staging.dns.provider: must be one of route53, cloudflare, got "gandi"',
    ],
    [
      'environment without DNS',
      (c) => delete (stag(c) as Record<string, unknown>).dns,
      'environments.staging.dns: is required: add dns: { provider: route53 } or dns: { provider: cloudflare }',
    ],
    [
      'environment name in capitals',
      (c) => {
        const envs = c.environments as Record<string, unknown>;
        envs.Prod = envs.production;
        delete envs.production;
      },
      'environments.Prod: environment name "Prod" is not allowed: must be a lowercase name of letters, digits and hyphens, starting with a letter',
    ],
    [
      'no region anywhere',
      (c) => {
        delete (c.defaults as Record<string, unknown>).region;
        stag(c).region = 'eu-west-1';
      },
      'environments.production.region: no SES region is set for environment "production": set defaults.region or environments.production.region (for example eu-west-1)',
    ],
    [
      'absolute state path',
      (c) => (prod(c).backend = { type: 'local', path: '/var/state.tfstate' }),
      'environments.production.backend.path: "/var/state.tfstate" is an absolute path: generated files must not depend on one machine; use a path relative to the stack folder, such as terraform.production.tfstate',
    ],
    [
      's3 backend without a bucket',
      (c) => (prod(c).backend = { type: 's3', key: 'k', region: 'eu-west-1' }),
      'environments.production.backend.bucket: is required',
    ],
    [
      'SPF mechanism "all" in the list',
      (c) => (prod(c).spf = { mechanisms: ['-all'] }),
      'environments.production.spf.mechanisms[0]: "-all" is not allowed: must be an SPF mechanism such as ip4:192.0.2.0/24, a, mx; set the final "all" with the all key, and includes with the include key',
    ],
    [
      'tracking on the MAIL FROM name',
      (c) => (prod(c).domains[0]!.tracking = { subdomain: 'mail' }),
      'environments.production.domains[0].tracking.subdomain: tracking domain "mail.example.com" is the MAIL FROM domain; a CNAME there would hide its MX and SPF: choose another subdomain, such as "track"',
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(errorsOf(mutate)).toEqual([expected]);
  });
});

describe('several mistakes', () => {
  test('are all reported at once, each at its own path', () => {
    const errors = errorsOf((c) => {
      (c.defaults.dmarc as Record<string, unknown>).policy = 'rejct';
      prod(c).domains[0]!.name = 'Example.com';
      stag(c).ttl = 5;
    });
    expect(errors.map((e) => e.split(':')[0])).toEqual([
      'defaults.dmarc.policy',
      'environments.production.domains[0].name',
      'environments.staging.ttl',
    ]);
  });

  test('a bad default is reported once, at defaults, not once per domain', () => {
    const errors = errorsOf((c) => ((c.defaults as Record<string, unknown>).mailFrom = { subdomain: 'Mail' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^defaults\.mailFrom\.subdomain: /);
  });

  test('a bad Cloudflare TTL written in defaults is reported at defaults.ttl', () => {
    const errors = errorsOf((c) => ((c.defaults as Record<string, unknown>).ttl = 30));
    expect(errors).toEqual([
      'defaults.ttl: must be 1 (automatic), "auto" or 60-86400 seconds on Cloudflare (environment "staging"), got 30',
    ]);
  });

  test('values of the wrong type never crash the resolver', () => {
    const errors = errorsOf((c) => {
      (c as Record<string, unknown>).defaults = { dmarc: 'reject', dkim: 5, mailFrom: [], ttl: null };
      prod(c).domains = [null as unknown as Record<string, unknown>, { name: 5 }];
    });
    expect(errors.length).toBeGreaterThanOrEqual(5);
  });
});
