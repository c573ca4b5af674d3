/**
 * A resource that keeps its address but changes AWS region (a reordered region list, a
 * changed `region`) is not a move to Terraform: synth compares the stack file with the one it
 * wrote last time and warns (src/output/region-moves.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { regionMoves } from '../../src/output/region-moves';
import { yamlOf } from './fixtures';
import { makeProject, sesDns } from './project';

const threeRegions = (region: string[]) => ({
  environments: {
    production: {
      region: 'us-east-1',
      dns: { provider: 'route53' },
      dmarc: { rua: ['dmarc@example.com'] },
      domains: [{ name: 'example.com', region, mailFrom: { subdomain: 'bounce-{region}' } }],
    },
  },
});

describe('regionMoves', () => {
  const stack = (defaultRegion: string, identityProvider?: string) => ({
    provider: { aws: [{ region: defaultRegion }, { alias: 'us_east_2', region: 'us-east-2' }] },
    resource: {
      aws_sesv2_email_identity: { example_com__identity: { provider: identityProvider } },
      aws_route53_record: { example_com__dmarc: {} },
      cloudflare_dns_record: { example_net__dmarc: { provider: 'cloudflare' } },
    },
  });

  test('an AWS resource whose provider now names another region, at the same address', () => {
    expect(regionMoves(stack('us-east-1'), stack('us-east-1', 'aws.us_east_2'))).toEqual([
      { type: 'aws_sesv2_email_identity', name: 'example_com__identity', from: 'us-east-1', to: 'us-east-2' },
    ]);
  });

  test('the default provider moved: every AWS resource on it, Route 53 records included, and nothing else', () => {
    expect(regionMoves(stack('us-east-1'), stack('eu-west-1')).map((m) => `${m.type}.${m.name}`)).toEqual([
      'aws_sesv2_email_identity.example_com__identity',
      'aws_route53_record.example_com__dmarc',
    ]);
  });

  test('the same regions, or an address new in the second file: no move', () => {
    expect(regionMoves(stack('us-east-1'), stack('us-east-1'))).toEqual([]);
    expect(regionMoves({}, stack('us-east-1', 'aws.us_east_2'))).toEqual([]);
  });
});

describe('ses-dns synth', () => {
  test('warns (synth and synth --check) when a reordered region list moves the home identity, and writes as asked', async () => {
    const project = makeProject(threeRegions(['us-east-1', 'us-east-2', 'us-west-2']));
    expect((await sesDns(project, 'synth')).stderr).toBe('');
    writeFileSync(join(project, 'ses-dns.yaml'), yamlOf(threeRegions(['us-east-2', 'us-east-1', 'us-west-2'])));
    // The drift check CI runs says it too, beside the difference.
    const check = await sesDns(project, 'synth', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      'warning: stack production: aws_sesv2_email_identity.example_com__identity was in us-east-1 at the last synth and is now in us-east-2',
    );
    const moved = await sesDns(project, 'synth');
    expect(moved.code).toBe(0);
    const warnings = moved.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings.map((w) => w.slice(0, w.indexOf(' was in ')))).toEqual([
      'warning: stack production: aws_sesv2_email_identity.example_com__identity',
      'warning: stack production: aws_sesv2_email_identity_mail_from_attributes.example_com__mail_from',
    ]);
    expect(warnings[0]).toContain(
      'was in us-east-1 at the last synth and is now in us-east-2. Terraform does not take that as a move',
    );
    expect(warnings[0]).toContain('If you reordered a region list, list us-east-1 first again');
    const written = JSON.parse(readFileSync(join(project, 'cdktf.out/stacks/production/cdk.tf.json'), 'utf8'));
    expect(written.resource.aws_sesv2_email_identity.example_com__identity.provider).toBe('aws.us_east_2');
    // Said once: the next synth compares with what this one wrote.
    expect((await sesDns(project, 'synth')).stderr).toBe('');
  });

  test('appending a region moves nothing and says nothing', async () => {
    const project = makeProject(threeRegions(['us-east-1', 'us-east-2']));
    await sesDns(project, 'synth');
    writeFileSync(join(project, 'ses-dns.yaml'), yamlOf(threeRegions(['us-east-1', 'us-east-2', 'us-west-2'])));
    const appended = await sesDns(project, 'synth');
    expect(appended.code).toBe(0);
    expect(appended.stderr).toBe('');
  });
});
