/**
 * The vendor rules of the e2e interpreter, one by one, on minimal stacks. No DNS server:
 * these pin down how a `cdk.tf.json` value becomes served records, so a harness change
 * cannot quietly start reading the generator's output more kindly than the vendor would.
 */
import { describe, expect, it } from 'vitest';
import { interpretStack } from './support/interpret';
import { parseCharacterStrings } from './support/dns-text';
import { parseDkimTokenRef } from './support/tf-expr';
import { decideBind } from './support/bind-gate';

const tokens = (identity: { name: string }, index: number) => `tok${index}${identity.name}`;

function route53(records: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return interpretStack(
    {
      provider: { aws: [{ region: 'eu-west-1' }, { alias: 'milan', region: 'eu-south-1' }] },
      data: { aws_route53_zone: { z: { name: 'example.com' } } },
      resource: {
        aws_route53_record: Object.fromEntries(
          Object.entries(records).map(([k, v]) => [
            k,
            { zone_id: '${data.aws_route53_zone.z.zone_id}', ttl: 300, ...(v as object) },
          ]),
        ),
        ...extra,
      },
    },
    { stack: 'test', tokens },
  );
}

function cloudflare(records: Record<string, unknown>) {
  return interpretStack(
    {
      provider: { aws: [{ region: 'eu-west-1' }] },
      data: { cloudflare_zone: { z: { filter: { name: 'example.com' } } } },
      resource: {
        cloudflare_dns_record: Object.fromEntries(
          Object.entries(records).map(([k, v]) => [
            k,
            { zone_id: '${data.cloudflare_zone.z.id}', ttl: 1, proxied: false, ...(v as object) },
          ]),
        ),
      },
    },
    { stack: 'test', tokens },
  );
}

const messages = (stack: { problems: readonly { severity: string; message: string }[] }, severity = 'error') =>
  stack.problems.filter((p) => p.severity === severity).map((p) => p.message);

describe('RFC 1035 character-strings', () => {
  it.each([
    ['"a" "b"', ['a', 'b']],
    ['"a""b"', ['a', 'b']],
    ['"a b"', ['a b']],
    ['plain words', ['plain', 'words']],
    ['"q\\"uote" "back\\\\slash"', ['q"uote', 'back\\slash']],
    ['"\\065\\066"', ['AB']],
    ['""', ['']],
  ])('%s', (text, strings) => {
    expect(parseCharacterStrings(text)).toEqual(strings);
  });

  it('refuses an open quote', () => {
    expect(() => parseCharacterStrings('"open')).toThrow(/unterminated/);
  });
});

describe('Easy DKIM token expressions', () => {
  it.each([
    ['element(aws_sesv2_email_identity.x.dkim_signing_attributes[0].tokens, 2)', 2],
    ['element(aws_sesv2_email_identity.x.dkim_signing_attributes.tokens, 1)', 1],
    ['aws_sesv2_email_identity.x.dkim_signing_attributes[0].tokens[0]', 0],
    ['aws_sesv2_email_identity.x.dkim_signing_attributes.0.tokens.1', 1],
    ['element(aws_sesv2_email_identity.x.dkim_signing_attributes[0].tokens, count.index)', 'count.index'],
  ])('%s', (expression, index) => {
    expect(parseDkimTokenRef(expression)).toEqual({ identity: 'x', index });
  });

  it('substitutes test tokens by identity and index, counted resources included', () => {
    const stack = route53(
      {
        dkim: {
          count: 3,
          name: '${element(aws_sesv2_email_identity.id.dkim_signing_attributes[0].tokens, count.index)}._domainkey',
          type: 'CNAME',
          records: [
            '${element(aws_sesv2_email_identity.id.dkim_signing_attributes[0].tokens, count.index)}.dkim.amazonses.com',
          ],
        },
      },
      { aws_sesv2_email_identity: { id: { email_identity: 'example.com' } } },
    );
    expect(messages(stack)).toEqual([]);
    expect(stack.records.map((r) => [r.name, r.data])).toEqual(
      [0, 1, 2].map((i) => [
        `tok${i}id._domainkey.example.com`,
        { type: 'CNAME', target: `tok${i}id.dkim.amazonses.com` },
      ]),
    );
  });
});

describe('Route 53 (aws_route53_record)', () => {
  it('wraps each TXT value in quotes, so a "" inside splits character-strings', () => {
    const stack = route53({
      t: { name: 'k._domainkey.example.com', type: 'TXT', records: [`${'a'.repeat(255)}""${'b'.repeat(100)}`] },
    });
    expect(stack.records[0].data).toEqual({ type: 'TXT', strings: ['a'.repeat(255), 'b'.repeat(100)] });
  });

  it('rejects a TXT character-string over 255 bytes (CharacterStringTooLong)', () => {
    const stack = route53({ t: { name: 'example.com', type: 'TXT', records: ['x'.repeat(256)] } });
    expect(stack.records).toEqual([]);
    expect(messages(stack)).toEqual([expect.stringMatching(/CharacterStringTooLong/)]);
  });

  it.each([
    ['mail', 'mail.example.com'],
    ['Mail.Example.com.', 'mail.example.com'],
    ['', 'example.com'],
  ])('expands name %j to %s', (name, full) => {
    expect(route53({ r: { name, type: 'TXT', records: ['v'] } }).records[0].name).toBe(full);
  });

  it('follows the provider\'s plain suffix test: "badexample.com" is not appended, and Route 53 refuses it', () => {
    const stack = route53({ r: { name: 'badexample.com', type: 'TXT', records: ['v'] } });
    expect(stack.records).toEqual([]);
    expect(messages(stack)).toEqual(['Route 53 rejects badexample.com: it is not in zone example.com']);
  });

  it('refuses a second resource for the same record set, with or without allow_overwrite', () => {
    const stack = route53({
      a: { name: 'example.com', type: 'TXT', records: ['v=spf1 -all'] },
      b: { name: 'example.com', type: 'TXT', records: ['google-site-verification=x'] },
      c: { name: 'example.com', type: 'TXT', records: ['other'], allow_overwrite: true },
    });
    expect(messages(stack)).toEqual([
      expect.stringMatching(/already has the TXT set at example\.com from aws_route53_record\.a/),
      expect.stringMatching(/replaces the TXT set .* one of them is lost/),
    ]);
  });

  it('reads MX as preference and exchange, and refuses a CNAME with two values', () => {
    const stack = route53({
      mx: { name: 'mail', type: 'MX', records: ['10 feedback-smtp.eu-west-1.amazonses.com.'] },
      c: { name: 'x', type: 'CNAME', records: ['a.example.net', 'b.example.net'] },
    });
    expect(stack.records.map((r) => r.data)).toEqual([
      { type: 'MX', preference: 10, exchange: 'feedback-smtp.eu-west-1.amazonses.com' },
    ]);
    expect(messages(stack)).toEqual(['a CNAME set holds exactly one value, got 2']);
  });

  it('refuses a CNAME beside other data (RFC 1034 3.6.2)', () => {
    const stack = route53({
      c: { name: 'track', type: 'CNAME', records: ['r.eu-west-1.awstrack.me'] },
      t: { name: 'track', type: 'TXT', records: ['x'] },
    });
    expect(messages(stack)).toEqual([expect.stringMatching(/CNAME at track\.example\.com beside other data/)]);
  });
});

describe('Cloudflare (cloudflare_dns_record)', () => {
  it('reads quoted content as character-strings and splits a long one itself', () => {
    const stack = cloudflare({ t: { name: 'example.com', type: 'TXT', content: `"${'a'.repeat(300)}" "b"` } });
    expect(stack.records[0].data).toEqual({ type: 'TXT', strings: ['a'.repeat(255), 'a'.repeat(45), 'b'] });
    expect(stack.problems).toEqual([]);
  });

  it('takes unquoted TXT content as one string, with a warning', () => {
    const stack = cloudflare({ t: { name: 'example.com', type: 'TXT', content: 'v=spf1 include:amazonses.com ~all' } });
    expect(stack.records[0].data).toEqual({ type: 'TXT', strings: ['v=spf1 include:amazonses.com ~all'] });
    expect(messages(stack, 'warning')).toEqual([expect.stringMatching(/not quoted/)]);
  });

  it.each([
    ['@', 'example.com'],
    ['mail', 'mail.example.com'],
    ['mail.example.com', 'mail.example.com'],
  ])('expands name %j to %s', (name, full) => {
    expect(cloudflare({ r: { name, type: 'TXT', content: '"v"' } }).records[0].name).toBe(full);
  });

  it('serves TTL 1 as automatic (300 s) and refuses one outside 60-86400', () => {
    const stack = cloudflare({
      auto: { name: 'a', type: 'TXT', content: '"v"' },
      bad: { name: 'b', type: 'TXT', content: '"v"', ttl: 5 },
    });
    expect(stack.records.map((r) => r.ttl)).toEqual([300]);
    expect(messages(stack)).toEqual(['Cloudflare rejects ttl 5: 1 (automatic) or 60-86400']);
  });

  it('refuses a proxied record and an identical twin', () => {
    const stack = cloudflare({
      p: { name: 'track', type: 'CNAME', content: 'r.eu-west-1.awstrack.me', proxied: true },
      a: { name: 'mail', type: 'MX', content: 'feedback-smtp.eu-west-1.amazonses.com', priority: 10 },
      b: { name: 'mail', type: 'MX', content: 'feedback-smtp.eu-west-1.amazonses.com', priority: 10 },
    });
    expect(messages(stack)).toEqual([expect.stringMatching(/proxied: false/), expect.stringMatching(/81058/)]);
  });
});

describe('SES identities', () => {
  it('takes the region of the aliased provider and checks the MAIL FROM domain', () => {
    const stack = route53(
      {},
      {
        aws_sesv2_email_identity: {
          a: {
            email_identity: 'example.com',
            provider: 'aws.milan',
            dkim_signing_attributes: { next_signing_key_length: 'RSA_2048_BIT' },
          },
          b: {
            email_identity: 'b.example.com',
            dkim_signing_attributes: [{ domain_signing_selector: 's1', domain_signing_private_key: '${var.k}' }],
          },
        },
        aws_sesv2_email_identity_mail_from_attributes: {
          a: {
            provider: 'aws.milan',
            email_identity: '${aws_sesv2_email_identity.a.email_identity}',
            mail_from_domain: 'mail.example.com',
          },
          b: { email_identity: 'b.example.com', mail_from_domain: 'mail.other.com' },
        },
      },
    );
    expect(stack.identities).toEqual([
      {
        address: 'aws_sesv2_email_identity.a',
        name: 'a',
        domain: 'example.com',
        region: 'eu-south-1',
        dkim: { type: 'easy', keyLength: 'RSA_2048_BIT' },
        mailFrom: { domain: 'mail.example.com', behaviorOnMxFailure: undefined },
      },
      {
        address: 'aws_sesv2_email_identity.b',
        name: 'b',
        domain: 'b.example.com',
        region: 'eu-west-1',
        dkim: { type: 'byodkim', selector: 's1' },
      },
    ]);
    expect(messages(stack)).toEqual(['SES rejects MAIL FROM domain mail.other.com: not a subdomain of b.example.com']);
  });

  it('refuses MAIL FROM attributes applied in another region than the identity', () => {
    const stack = route53(
      {},
      {
        aws_sesv2_email_identity: { a: { email_identity: 'example.com', provider: 'aws.milan' } },
        aws_sesv2_email_identity_mail_from_attributes: {
          a: { email_identity: 'example.com', mail_from_domain: 'mail.example.com' },
        },
      },
    );
    expect(messages(stack)).toEqual(['is applied in eu-west-1, but aws_sesv2_email_identity.a lives in eu-south-1']);
  });

  it('reports an unknown provider alias', () => {
    const stack = route53(
      {},
      { aws_sesv2_email_identity: { a: { email_identity: 'example.com', provider: 'aws.nowhere' } } },
    );
    expect(messages(stack)).toEqual(['no AWS provider with alias "nowhere"']);
  });
});

describe('BIND gate', () => {
  const both = { named: '/usr/sbin/named', checkzone: '/usr/bin/named-checkzone' };
  it('runs when named and named-checkzone are installed', () => {
    expect(decideBind('s', both, { CI: 'true' })).toEqual({ action: 'run', tools: both });
  });
  it('skips with a message locally when named is missing', () => {
    expect(decideBind('s', { checkzone: both.checkzone }, {})).toEqual({
      action: 'skip',
      message: 'skipping "s": named not found (install with: apt-get install -y bind9 bind9-utils)',
    });
  });
  it('fails in CI when named is missing, never skips', () => {
    expect(decideBind('s', {}, { CI: 'true' })).toMatchObject({
      action: 'fail',
      message: expect.stringMatching(/^named and named-checkzone not found; CI must install BIND/),
    });
  });
});
