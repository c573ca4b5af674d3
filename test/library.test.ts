/**
 * The library in a hand-written CDKTF app: ses-dns's constructs next to the user's own
 * resources (generated provider classes, cdktf's defaults), with references from the user's
 * code to ses-dns's resources, in the same stack and across stacks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { App, TerraformStack } from 'cdktf';
import { afterAll, describe, expect, test } from 'vitest';
import { EmailIdentity, EnvironmentStack, validateConfig } from '../src';
import type { ResolvedConfig } from '../src';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-library-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function configOf(raw: unknown): ResolvedConfig {
  const { config, issues } = validateConfig(raw);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return config;
}

const CONFIG = configOf({
  defaults: { region: 'eu-west-1', dmarc: { policy: 'none', rua: ['dmarc@example.com'] } },
  environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } },
});

function stackJson(outdir: string, stack: string): Json {
  return JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Json;
}

describe('ses-dns constructs in a hand-written app', () => {
  test('EmailIdentity in the user’s stack: the user’s resources refer to its ARN and DKIM tokens', () => {
    const outdir = join(work, 'same-stack');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'mail');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const ses = new EmailIdentity(stack, 'example.com', { domain: CONFIG.environments[0]!.domains[0]! });
    new SnsTopicPolicy(stack, 'policy', {
      arn: 'arn:aws:sns:eu-west-1:123456789012:bounces',
      policy: JSON.stringify({ Statement: [{ Condition: { StringEquals: { 'aws:SourceArn': ses.identity.arn } } }] }),
    });
    new Route53Record(stack, 'extra-dkim', {
      zoneId: 'Z0123456789ABCDEFGHIJ',
      name: `${ses.dkimToken(0)}._domainkey.mail.example.com`,
      type: 'CNAME',
      ttl: 600,
      records: [`${ses.dkimToken(0)}.dkim.amazonses.com`],
    });
    app.synth();

    const json = stackJson(outdir, 'mail');
    const identity = 'aws_sesv2_email_identity.example_com__identity';
    expect(json.resource.aws_sns_topic_policy.policy.policy).toContain(`\${${identity}.arn}`);
    expect(json.resource.aws_route53_record['extra-dkim'].name).toBe(
      `\${element(${identity}.dkim_signing_attributes[0].tokens, 0)}._domainkey.mail.example.com`,
    );
    expect(json.resource.aws_sesv2_email_identity.example_com__identity).toMatchObject({
      email_identity: 'example.com',
      lifecycle: { prevent_destroy: true },
    });
    expect(json.resource.aws_sesv2_email_identity_mail_from_attributes.example_com__mail_from.email_identity).toBe(
      `\${${identity}.email_identity}`,
    );
    expect(json.output.example_com__identity_arn.value).toBe(`\${${identity}.arn}`);
  });

  test('a user’s stack refers to an EnvironmentStack’s identity: cdktf wires the cross-stack reference', () => {
    const outdir = join(work, 'cross-stack');
    const app = new App({ outdir });
    const environment = new EnvironmentStack(app, { environment: CONFIG.environments[0]! });
    const user = new TerraformStack(app, 'notifications');
    new AwsProvider(user, 'aws', { region: 'eu-west-1' });
    new SnsTopicPolicy(user, 'policy', {
      arn: 'arn:aws:sns:eu-west-1:123456789012:bounces',
      policy: environment.emailIdentity('example.com').identity.arn,
    });
    app.synth();

    const ours = stackJson(outdir, 'production');
    const theirs = stackJson(outdir, 'notifications');
    const [outputName, output] = Object.entries(ours.output as Json).find(([name]) => name.startsWith('cross-stack'))!;
    expect(output.value).toBe('${aws_sesv2_email_identity.example_com__identity.arn}');
    expect(theirs.resource.aws_sns_topic_policy.policy.policy).toMatch(
      new RegExp(`^\\$\\{data\\.terraform_remote_state\\.[^.]+\\.outputs\\.${outputName}\\}$`),
    );
    expect(() => environment.emailIdentity('example.org')).toThrow('environment production has no domain example.org');
  });
});
