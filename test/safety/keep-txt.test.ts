import { describe, expect, test } from 'vitest';
import { load_, report } from './dist';
import { errorsOf, oneEnv, synthStacks } from './helpers';

const SITE = 'google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ';

describe('keepTxt on Route 53', () => {
  test('the apex holds one TXT record set with our SPF and the kept value', () => {
    const stacks = synthStacks(
      oneEnv('route53', [{ name: 'example.com', spf: { include: ['_spf.google.com'] }, keepTxt: [SITE] }]),
    );
    const records = stacks.production!.resource!.aws_route53_record!;
    const apexTxt = Object.entries(records).filter(
      ([, r]) => (r as { name: string }).name === 'example.com' && (r as { type: string }).type === 'TXT',
    );
    expect(apexTxt).toHaveLength(1);
    expect(apexTxt[0]![0]).toBe('example_com__spf');
    expect(apexTxt[0]![1]).toMatchObject({
      name: 'example.com',
      type: 'TXT',
      records: ['v=spf1 include:amazonses.com include:_spf.google.com ~all', SITE],
    });
  });

  test('kept values at _dmarc and the MAIL FROM name join those sets; long values are split', () => {
    const long = `x=${'a'.repeat(300)}`;
    const stacks = synthStacks(
      oneEnv('route53', [
        {
          name: 'example.com',
          keepTxt: [
            { name: '_dmarc', value: 'other-verification=1' },
            { name: 'mail', value: long },
          ],
        },
      ]),
    );
    const records = stacks.production!.resource!.aws_route53_record!;
    expect(records.example_com__dmarc!.records).toEqual(['v=DMARC1; p=none; adkim=r; aspf=r', 'other-verification=1']);
    expect(records.example_com__mail_from_spf!.records).toEqual([
      'v=spf1 include:amazonses.com ~all',
      `${long.slice(0, 255)}""${long.slice(255)}`,
    ]);
  });

  test('no resource ever sets allow_overwrite', () => {
    const stacks = synthStacks(oneEnv('route53', [{ name: 'example.com', spf: {}, keepTxt: [SITE] }]));
    expect(JSON.stringify(stacks)).not.toContain('allow_overwrite');
  });
});

describe('keepTxt on Cloudflare', () => {
  test('kept values are not emitted: they stay the user own records; RECORDS.md lists them', () => {
    const raw = oneEnv('cloudflare', [{ name: 'example.com', spf: {}, keepTxt: [SITE] }]);
    const stacks = synthStacks(raw);
    const records = Object.values(stacks.production!.resource!.cloudflare_dns_record!);
    expect(records.filter((r) => r.name === 'example.com')).toEqual([
      expect.objectContaining({ content: '"v=spf1 include:amazonses.com ~all"' }),
    ]);
    expect(JSON.stringify(stacks)).not.toContain(SITE);
    const markdown = report.renderRecordsMarkdown(load_.validateConfig(raw).config.environments[0]!);
    expect(markdown).toContain(
      `| TXT | \`example.com\` | \`${SITE}\` | 600 | Not ours, kept (keepTxt): a separate Cloudflare record that ses-dns never touches | kept |`,
    );
  });
});

const D = 'environments.production.domains[0]';

describe('keepTxt rejections', () => {
  test.each([
    [
      'a second SPF at the apex',
      { name: 'example.com', spf: {}, keepTxt: ['v=spf1 include:_spf.google.com ~all'] },
      `${D}.keepTxt[0]: "v=spf1 include:_spf.google.com ~all" is an SPF record, and ses-dns writes the SPF record at example.com; two SPF records are a permanent error (RFC 7208 section 4.5): merge its terms into spf.include or spf.mechanisms and remove this entry`,
    ],
    [
      'a second SPF at the MAIL FROM name',
      { name: 'example.com', keepTxt: [{ name: 'mail', value: 'v=spf1 -all' }] },
      `${D}.keepTxt[0].value: "v=spf1 -all" is an SPF record, and ses-dns writes the SPF record at mail.example.com; two SPF records are a permanent error (RFC 7208 section 4.5): the MAIL FROM SPF is fixed by SES: remove this entry`,
    ],
    [
      'a second DMARC record',
      { name: 'example.com', keepTxt: [{ name: '_dmarc', value: 'v=DMARC1; p=reject' }] },
      `${D}.keepTxt[0].value: "v=DMARC1; p=reject" is a DMARC record, and ses-dns writes the DMARC record at _dmarc.example.com; with two, receivers apply neither (RFC 7489 section 6.6.3): set its tags under dmarc and remove this entry`,
    ],
    [
      'the apex without a root SPF of ours',
      { name: 'example.com', keepTxt: [SITE] },
      `${D}.keepTxt[0]: "@" (example.com) holds no TXT record set of ses-dns (the apex holds one only with spf switched on); keepTxt applies only where ses-dns manages one, which for example.com is "mail" (MAIL FROM SPF), "_dmarc" (DMARC). ses-dns never touches TXT records at other names: remove this entry`,
    ],
    [
      'a name where we manage nothing',
      { name: 'example.com', mailFrom: false, dmarc: false, keepTxt: [{ name: 'www', value: 'x=1' }] },
      `${D}.keepTxt[0].name: "www" (www.example.com) holds no TXT record set of ses-dns; keepTxt applies only where ses-dns manages one, which for example.com is nowhere. ses-dns never touches TXT records at other names: remove this entry`,
    ],
    [
      'the same value twice',
      { name: 'example.com', spf: {}, keepTxt: [SITE, { name: '@', value: SITE }] },
      `${D}.keepTxt[1].value: "${SITE}" is already kept at ${D}.keepTxt[0]; a record set holds each value once (Route 53 refuses duplicates): remove one of them`,
    ],
    [
      'a quote in the value',
      { name: 'example.com', spf: {}, keepTxt: ['"quoted"'] },
      `${D}.keepTxt[0]: "\\"quoted\\"" is not allowed: must be 1 to 2048 printable ASCII characters without " or \\; write the value as it is published, without the surrounding quotes`,
    ],
    [
      'a non-ASCII value',
      { name: 'example.com', spf: {}, keepTxt: ['vérification'] },
      `${D}.keepTxt[0]: "vérification" is not allowed: must be 1 to 2048 printable ASCII characters without " or \\; write the value as it is published, without the surrounding quotes`,
    ],
    [
      'a full name instead of a relative one',
      { name: 'example.com', keepTxt: [{ name: 'mail.example.com.', value: 'x=1' }] },
      `${D}.keepTxt[0].name: "mail.example.com." is not allowed: must be "@" for the domain itself, or a name relative to it such as "_dmarc" or "mail"; write it relative to the domain: "mail", not "mail.example.com"`,
    ],
    [
      'an entry without a value',
      { name: 'example.com', keepTxt: [{ name: '_dmarc' }] },
      `${D}.keepTxt[0].value: is required`,
    ],
  ])('%s', (_title, domain, message) => {
    expect(errorsOf(oneEnv('route53', [domain]))).toEqual([message]);
  });
});
