import { describe, expect, test } from 'vitest';
import { publicKeyBase64, resourceCounts, resourcesOf, synthStacks } from './support/synth';
import type { StackJson } from './support/synth';

const TOKEN = (index: number, id = 'example_com__identity') =>
  `\${element(aws_sesv2_email_identity.${id}.dkim_signing_attributes[0].tokens, ${index})}`;

function stackFor(
  provider: 'route53' | 'cloudflare',
  env: Record<string, unknown> = {},
  domain: Record<string, unknown> = {},
) {
  return synthStacks({
    defaults: { region: 'eu-central-1', dmarc: { policy: 'reject', rua: ['dmarc@example.com'] } },
    environments: {
      production: { dns: { provider }, ...env, domains: [{ name: 'example.com', ...domain }] },
    },
  }).production!;
}

/** A record of either vendor, reduced to what the vendor would publish. */
function published(stack: StackJson) {
  const route53 = Object.entries(resourcesOf(stack, 'aws_route53_record')).map(([address, r]) => ({
    address,
    name: r.name as string,
    type: r.type as string,
    values: r.records as string[],
  }));
  const cloudflare = Object.entries(resourcesOf(stack, 'cloudflare_dns_record')).map(([address, r]) => ({
    address,
    name: r.name as string,
    type: r.type as string,
    values: [r.type === 'MX' ? `${r.priority} ${r.content}` : (r.content as string)],
  }));
  return [...route53, ...cloudflare];
}

const PROVIDERS = [
  { provider: 'route53' as const, recordType: 'aws_route53_record', zoneData: 'aws_route53_zone' },
  { provider: 'cloudflare' as const, recordType: 'cloudflare_dns_record', zoneData: 'cloudflare_zone' },
];

describe.each(PROVIDERS)('conformance: $provider', ({ provider, recordType, zoneData }) => {
  const stack = stackFor(provider);

  test('exact resource counts: identity, MAIL FROM, 6 records', () => {
    expect(resourceCounts(stack)).toEqual({
      aws_sesv2_email_identity: 1,
      aws_sesv2_email_identity_mail_from_attributes: 1,
      [recordType]: 6,
    });
    expect(Object.keys(stack.data[zoneData])).toEqual(['zone_example_com']);
  });

  test('the identity uses Easy DKIM with a 2048-bit key', () => {
    expect(resourcesOf(stack, 'aws_sesv2_email_identity').example_com__identity).toMatchObject({
      email_identity: 'example.com',
      dkim_signing_attributes: { next_signing_key_length: 'RSA_2048_BIT' },
    });
  });

  test('MAIL FROM attributes', () => {
    expect(resourcesOf(stack, 'aws_sesv2_email_identity_mail_from_attributes').example_com__mail_from).toMatchObject({
      email_identity: '${aws_sesv2_email_identity.example_com__identity.email_identity}',
      mail_from_domain: 'mail.example.com',
      behavior_on_mx_failure: 'USE_DEFAULT_VALUE',
    });
  });

  test('three DKIM CNAMEs built from the identity tokens by fixed index', () => {
    const cnames = published(stack).filter((r) => r.type === 'CNAME');
    expect(cnames.map((r) => [r.address, r.name, r.values])).toEqual(
      [0, 1, 2].map((i) => [
        `example_com__dkim_${i}`,
        `${TOKEN(i)}._domainkey.example.com`,
        [`${TOKEN(i)}.dkim.amazonses.com`],
      ]),
    );
    expect(JSON.stringify(stack)).not.toContain('for_each');
  });

  test('exactly one MX and one SPF TXT at the MAIL FROM name', () => {
    const atMailFrom = published(stack).filter((r) => r.name === 'mail.example.com');
    expect(atMailFrom.map((r) => [r.type, r.values.length])).toEqual([
      ['MX', 1],
      ['TXT', 1],
    ]);
    expect(atMailFrom[0]!.values[0]).toBe('10 feedback-smtp.eu-central-1.amazonses.com');
    expect(atMailFrom[1]!.values[0]).toMatch(/^"?v=spf1 include:amazonses\.com ~all"?$/);
  });

  test('one DMARC TXT', () => {
    const dmarc = published(stack).filter((r) => r.name === '_dmarc.example.com');
    expect(dmarc).toHaveLength(1);
    expect(dmarc[0]!.values[0]).toMatch(/^"?v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc@example.com"?$/);
  });

  test('outputs: identity ARN, DKIM tokens, MAIL FROM domain', () => {
    expect(stack.output).toEqual({
      example_com__identity_arn: expect.objectContaining({
        value: '${aws_sesv2_email_identity.example_com__identity.arn}',
      }),
      example_com__dkim_tokens: expect.objectContaining({
        value: '${aws_sesv2_email_identity.example_com__identity.dkim_signing_attributes[0].tokens}',
      }),
      example_com__mail_from_domain: expect.objectContaining({ value: 'mail.example.com' }),
    });
  });

  test('the default local state is beside the config, as a path relative to the stack folder', () => {
    // cdktf.out/stacks/production -> the project folder, where cdktf's own default puts it.
    expect(stack.terraform.backend).toEqual({ local: { path: '../../../terraform.production.tfstate' } });
  });

  test('a 2048-bit BYODKIM key: one TXT split into strings of at most 255, private key from a sensitive variable', () => {
    const publicKey = publicKeyBase64(2048);
    const byo = stackFor(provider, {}, { dkim: { type: 'byodkim', selector: 's1', publicKey } });
    const txt = published(byo).find((r) => r.name === 's1._domainkey.example.com')!;
    expect(txt.type).toBe('TXT');
    const strings =
      provider === 'route53' ? txt.values[0]!.split('""') : JSON.parse(`[${txt.values[0]!.replace(/" "/g, '","')}]`);
    expect(strings.join('')).toBe(`v=DKIM1; k=rsa; p=${publicKey}`);
    expect(strings.length).toBe(2);
    for (const s of strings) expect(s.length).toBeLessThanOrEqual(255);
    expect(resourcesOf(byo, 'aws_sesv2_email_identity').example_com__identity.dkim_signing_attributes).toEqual({
      domain_signing_selector: 's1',
      domain_signing_private_key: '${var.example_com__dkim_private_key}',
    });
    expect(byo.variable.example_com__dkim_private_key).toMatchObject({ sensitive: true, type: 'string' });
    expect(published(byo).filter((r) => r.type === 'CNAME')).toEqual([]);
  });

  test('a regional DKIM host (eu-south-1)', () => {
    const milan = stackFor(provider, { region: 'eu-south-1' });
    const cname = published(milan).find((r) => r.address === 'example_com__dkim_0')!;
    expect(cname.values).toEqual([`${TOKEN(0)}.dkim.eu-south-1.amazonses.com`]);
    expect(published(milan).find((r) => r.type === 'MX')!.values).toEqual([
      '10 feedback-smtp.eu-south-1.amazonses.com',
    ]);
  });

  test('tracking: a CNAME and a configuration set with tracking options attached to the identity', () => {
    const tracked = stackFor(provider, {}, { tracking: { subdomain: 'track', httpsPolicy: 'optional' } });
    expect(published(tracked).find((r) => r.address === 'example_com__tracking')).toMatchObject({
      name: 'track.example.com',
      type: 'CNAME',
      values: ['r.eu-central-1.awstrack.me'],
    });
    expect(resourcesOf(tracked, 'aws_sesv2_configuration_set').example_com__configuration_set).toMatchObject({
      configuration_set_name: 'example-com',
      tracking_options: { custom_redirect_domain: 'track.example.com', https_policy: 'OPTIONAL' },
    });
    expect(resourcesOf(tracked, 'aws_sesv2_email_identity').example_com__identity.configuration_set_name).toBe(
      '${aws_sesv2_configuration_set.example_com__configuration_set.configuration_set_name}',
    );
  });

  test('a domain in another region gets an aliased AWS provider', () => {
    const stacks = synthStacks({
      defaults: { region: 'eu-central-1' },
      environments: {
        production: {
          dns: { provider },
          domains: [{ name: 'example.com' }, { name: 'eu.example.com', zone: 'example.com', region: 'eu-south-1' }],
        },
      },
    });
    const stack2 = stacks.production!;
    expect(stack2.provider.aws).toEqual(
      expect.arrayContaining([{ region: 'eu-central-1' }, { alias: 'eu_south_1', region: 'eu-south-1' }]),
    );
    expect(resourcesOf(stack2, 'aws_sesv2_email_identity').eu_example_com__identity.provider).toBe('aws.eu_south_1');
    expect(
      resourcesOf(stack2, 'aws_sesv2_email_identity_mail_from_attributes').eu_example_com__mail_from.provider,
    ).toBe('aws.eu_south_1');
    expect(resourcesOf(stack2, 'aws_sesv2_email_identity').example_com__identity.provider).toBeUndefined();
    expect(Object.keys(stack2.data[zoneData])).toEqual(['zone_example_com']);
  });

  test('a zone given by id needs no lookup', () => {
    const id = provider === 'route53' ? 'Z0123456789ABCDEF' : '0123456789abcdef0123456789abcdef';
    const byId = stackFor(provider, {}, { zone: { id } });
    expect(byId.data).toBeUndefined();
    for (const r of Object.values(resourcesOf(byId, recordType))) expect(r.zone_id).toBe(id);
  });
});

describe('Route 53 specifics', () => {
  test('a DNS account of its own: records and zone lookups use the aliased provider, SES does not', () => {
    const stack = stackFor('route53', {
      dns: { provider: 'route53', profile: 'dns', assumeRoleArn: 'arn:aws:iam::111122223333:role/dns' },
    });
    expect(stack.provider.aws).toContainEqual({
      alias: 'dns',
      region: 'eu-central-1',
      profile: 'dns',
      assume_role: [{ role_arn: 'arn:aws:iam::111122223333:role/dns' }],
    });
    for (const r of Object.values(resourcesOf(stack, 'aws_route53_record'))) expect(r.provider).toBe('aws.dns');
    expect(stack.data.aws_route53_zone.zone_example_com.provider).toBe('aws.dns');
    expect(resourcesOf(stack, 'aws_sesv2_email_identity').example_com__identity.provider).toBeUndefined();
  });

  test('never allow_overwrite', () => {
    expect(JSON.stringify(stackFor('route53', {}, { spf: {} }))).not.toContain('allow_overwrite');
  });

  test('s3 backend with lock file, and Terraform Cloud', () => {
    const s3 = stackFor('route53', { backend: { type: 's3', bucket: 'acme-state', key: 'k', region: 'eu-west-1' } });
    expect(s3.terraform.backend).toEqual({
      s3: { bucket: 'acme-state', key: 'k', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
    const cloud = stackFor('route53', { backend: { type: 'cloud', organization: 'acme', workspace: 'ses-prod' } });
    expect(cloud.terraform.cloud).toEqual({ organization: 'acme', workspaces: { name: 'ses-prod' } });
  });
});

describe('Cloudflare specifics', () => {
  const stack = stackFor('cloudflare', { ttl: 'auto' }, { spf: {} });
  const records = Object.values(resourcesOf(stack, 'cloudflare_dns_record'));

  test('no record is proxied, every name is full, TTL auto is 1, every record says who manages it', () => {
    expect(records).toHaveLength(7);
    for (const r of records) {
      expect(r.proxied).toBe(false);
      expect(r.name).toMatch(/example\.com$/);
      expect(r.ttl).toBe(1);
      expect(r.comment).toMatch(/^Managed by ses-dns/);
    }
  });

  test('TXT content is quoted, MX has its priority apart', () => {
    expect(resourcesOf(stack, 'cloudflare_dns_record').example_com__spf.content).toBe(
      '"v=spf1 include:amazonses.com ~all"',
    );
    expect(resourcesOf(stack, 'cloudflare_dns_record').example_com__mail_from_mx).toMatchObject({
      content: 'feedback-smtp.eu-central-1.amazonses.com',
      priority: 10,
    });
  });

  test('the token is never in the provider block: Cloudflare reads CLOUDFLARE_API_TOKEN itself', () => {
    expect(stack.provider.cloudflare).toEqual([{}]);
    // The SES identity still needs AWS in a Cloudflare stack.
    expect(stack.provider.aws).toEqual([{ region: 'eu-central-1' }]);
  });
});

describe('refusals at plan time', () => {
  test('two domains whose records would share one record set', () => {
    expect(() =>
      synthStacks({
        defaults: { region: 'eu-west-1' },
        environments: {
          production: {
            dns: { provider: 'route53' },
            domains: [
              // Both MAIL FROM names are mail.b.example.com.
              { name: 'example.com', mailFrom: { subdomain: 'mail.b' } },
              { name: 'b.example.com', zone: 'example.com' },
            ],
          },
        },
      }),
    ).toThrow(/would share one record set/);
  });
});
