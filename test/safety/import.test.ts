import { describe, expect, test } from 'vitest';
import { errorsOf, oneEnv, synthStacks } from './helpers';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const CF_ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const CF_RECORD = '372e67954025e0ba6aaa6d586b9e0b59';

describe('import blocks adopt existing objects', () => {
  test('Route 53: records and SES resources get import blocks, with the DNS provider when aliased', () => {
    const stacks = synthStacks(
      oneEnv(
        'route53',
        [
          {
            name: 'example.com',
            spf: {},
            import: {
              identity: 'example.com',
              'mail-from': 'example.com',
              spf: `${ZONE}_example.com_TXT`,
              dmarc: `${ZONE}__dmarc.example.com_TXT`,
              'dkim-1': `${ZONE}_abcdefghijklmnopqrstuvwxyz012345._domainkey.example.com_CNAME`,
            },
          },
        ],
        { dns: { provider: 'route53', profile: 'dns' } },
      ),
    );
    expect(stacks.production!.import).toEqual([
      { id: 'example.com', to: 'aws_sesv2_email_identity.example_com__identity' },
      { id: 'example.com', to: 'aws_sesv2_email_identity_mail_from_attributes.example_com__mail_from' },
      {
        id: `${ZONE}_abcdefghijklmnopqrstuvwxyz012345._domainkey.example.com_CNAME`,
        to: 'aws_route53_record.example_com__dkim_1',
        provider: 'aws.dns',
      },
      { id: `${ZONE}__dmarc.example.com_TXT`, to: 'aws_route53_record.example_com__dmarc', provider: 'aws.dns' },
      { id: `${ZONE}_example.com_TXT`, to: 'aws_route53_record.example_com__spf', provider: 'aws.dns' },
    ]);
  });

  test('Cloudflare: a record is adopted by <zone id>/<record id>', () => {
    const stacks = synthStacks(
      oneEnv('cloudflare', [
        { name: 'example.com', zone: { id: CF_ZONE }, import: { dmarc: `${CF_ZONE}/${CF_RECORD}` } },
      ]),
    );
    expect(stacks.production!.import).toEqual([
      { id: `${CF_ZONE}/${CF_RECORD}`, to: 'cloudflare_dns_record.example_com__dmarc' },
    ]);
  });

  test('without import entries no import block is written', () => {
    const stacks = synthStacks(oneEnv('route53', [{ name: 'example.com' }]));
    expect(stacks.production!.import).toBeUndefined();
  });
});

const P = 'environments.production.domains[0].import';

describe('import rejections', () => {
  test.each([
    [
      'an unknown role',
      'route53',
      { name: 'example.com', import: { spff: 'x' } },
      `${P}.spff: unknown key "spff"; did you mean "spf"? Allowed keys: identity, mail-from, configuration-set, dkim-0, dkim-1, dkim-2, dkim, mail-from-mx, mail-from-spf, dmarc, spf, tracking, dmarc-report-auth. Remove it or fix its spelling.`,
    ],
    [
      'a role the domain does not produce',
      'route53',
      { name: 'example.com', import: { tracking: `${ZONE}_track.example.com_CNAME` } },
      `${P}.tracking: example.com has no tracking to adopt with this config; it produces identity, mail-from, dkim-0, dkim-1, dkim-2, mail-from-mx, mail-from-spf, dmarc: remove this entry, or switch the feature on`,
    ],
    [
      'a Route 53 id of another name',
      'route53',
      { name: 'example.com', import: { dmarc: `${ZONE}_example.com_TXT` } },
      `${P}.dmarc: "${ZONE}_example.com_TXT" is not the Route 53 import id of the dmarc record: it is the hosted zone id, the record name and its type joined by "_", such as "Z0123456789ABCDEFGHIJ__dmarc.example.com_TXT"`,
    ],
    [
      'a Route 53 id of another zone than the configured one',
      'route53',
      { name: 'example.com', zone: { id: 'ZAAAA' }, import: { spf: `${ZONE}_example.com_TXT` }, spf: {} },
      `${P}.spf: "${ZONE}_example.com_TXT" is not the Route 53 import id of the spf record: it is the hosted zone id, the record name and its type joined by "_", such as "ZAAAA_example.com_TXT"`,
    ],
    [
      'a Cloudflare id in the Route 53 shape',
      'cloudflare',
      { name: 'example.com', import: { dmarc: `${ZONE}__dmarc.example.com_TXT` } },
      `${P}.dmarc: "${ZONE}__dmarc.example.com_TXT" is not a Cloudflare import id of the dmarc record: it is the zone id and the record id (32 hexadecimal characters each) joined by "/" (<zone id>/<record id>); the record id is in the dashboard or the API`,
    ],
    [
      'an identity id that is not the domain',
      'route53',
      { name: 'example.com', import: { identity: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com' } },
      `${P}.identity: "arn:aws:ses:eu-west-1:123456789012:identity/example.com" is not the import id of the identity of example.com: it is "example.com"`,
    ],
    ['an empty id', 'route53', { name: 'example.com', import: { identity: '' } }, `${P}.identity: must not be empty`],
  ])('%s', (_title, provider, domain, message) => {
    expect(errorsOf(oneEnv(provider as 'route53', [domain]))).toEqual([message]);
  });
});
