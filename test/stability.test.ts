/**
 * Resource addresses are a contract: adding, removing or reordering domains or environments
 * must leave every other resource's address and body exactly as they were.
 */
import { describe, expect, test } from 'vitest';
import { addressed, synthStacks } from './support/synth';

const domains = [
  { name: 'example.com', spf: { include: ['_spf.google.com'] } },
  { name: 'notify.example.com', zone: 'example.com', tracking: {} },
  { name: 'example.org', region: 'eu-south-1' },
];

function config(order: number[], envOrder: string[], extra: object[] = []) {
  const envs: Record<string, object> = {
    production: { dns: { provider: 'route53' }, domains: [...extra, ...order.map((i) => domains[i]!)] },
    staging: { dns: { provider: 'cloudflare' }, domains: [...extra, ...order.map((i) => domains[i]!)] },
  };
  return {
    defaults: { region: 'eu-west-1' },
    environments: Object.fromEntries(envOrder.map((e) => [e, envs[e]])),
  };
}

describe('address stability', () => {
  const reference = synthStacks(config([0, 1, 2], ['production', 'staging']));

  test('reordering domains and environments changes no byte', () => {
    const reordered = synthStacks(config([2, 0, 1], ['staging', 'production']));
    expect(JSON.stringify(reordered.production)).toBe(JSON.stringify(reference.production));
    expect(JSON.stringify(reordered.staging)).toBe(JSON.stringify(reference.staging));
  });

  test('adding a domain first in the list changes no existing address or body', () => {
    const grown = synthStacks(config([0, 1, 2], ['production', 'staging'], [{ name: 'aaa.example.net' }]));
    for (const env of ['production', 'staging']) {
      const before = addressed(reference[env]!);
      const after = addressed(grown[env]!);
      for (const [address, body] of before) expect(after.get(address), address).toBe(body);
      const added = [...after.keys()].filter((a) => !before.has(a));
      expect(added.length).toBeGreaterThan(0);
      for (const a of added) expect(a).toMatch(/aaa_example_net/);
    }
  });

  test('removing a domain removes only its own resources', () => {
    const shrunk = synthStacks(config([0, 2], ['production', 'staging']));
    const before = addressed(reference.production!);
    const after = addressed(shrunk.production!);
    for (const [address, body] of after) expect(before.get(address), address).toBe(body);
    const removed = [...before.keys()].filter((a) => !after.has(a));
    for (const a of removed) expect(a).toMatch(/notify_example_com/);
  });

  test('the address list of a reference config (renaming one destroys a live resource)', () => {
    expect([...addressed(reference.production!).keys()].sort()).toMatchInlineSnapshot(`
      [
        "data.aws_route53_zone.zone_example_com",
        "data.aws_route53_zone.zone_example_org",
        "output.example_com__dkim_tokens",
        "output.example_com__identity_arn",
        "output.example_com__mail_from_domain",
        "output.example_org__dkim_tokens",
        "output.example_org__identity_arn",
        "output.example_org__mail_from_domain",
        "output.notify_example_com__dkim_tokens",
        "output.notify_example_com__identity_arn",
        "output.notify_example_com__mail_from_domain",
        "resource.aws_route53_record.example_com__dkim_0",
        "resource.aws_route53_record.example_com__dkim_1",
        "resource.aws_route53_record.example_com__dkim_2",
        "resource.aws_route53_record.example_com__dmarc",
        "resource.aws_route53_record.example_com__mail_from_mx",
        "resource.aws_route53_record.example_com__mail_from_spf",
        "resource.aws_route53_record.example_com__spf",
        "resource.aws_route53_record.example_org__dkim_0",
        "resource.aws_route53_record.example_org__dkim_1",
        "resource.aws_route53_record.example_org__dkim_2",
        "resource.aws_route53_record.example_org__dmarc",
        "resource.aws_route53_record.example_org__mail_from_mx",
        "resource.aws_route53_record.example_org__mail_from_spf",
        "resource.aws_route53_record.notify_example_com__dkim_0",
        "resource.aws_route53_record.notify_example_com__dkim_1",
        "resource.aws_route53_record.notify_example_com__dkim_2",
        "resource.aws_route53_record.notify_example_com__dmarc",
        "resource.aws_route53_record.notify_example_com__mail_from_mx",
        "resource.aws_route53_record.notify_example_com__mail_from_spf",
        "resource.aws_route53_record.notify_example_com__tracking",
        "resource.aws_sesv2_configuration_set.notify_example_com__configuration_set",
        "resource.aws_sesv2_email_identity.example_com__identity",
        "resource.aws_sesv2_email_identity.example_org__identity",
        "resource.aws_sesv2_email_identity.notify_example_com__identity",
        "resource.aws_sesv2_email_identity_mail_from_attributes.example_com__mail_from",
        "resource.aws_sesv2_email_identity_mail_from_attributes.example_org__mail_from",
        "resource.aws_sesv2_email_identity_mail_from_attributes.notify_example_com__mail_from",
      ]
    `);
  });
});
