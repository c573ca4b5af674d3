/**
 * `terraform { required_version }` (issue #12): every stack declares the lowest Terraform
 * that can apply what it holds, read off its own JSON.
 */
import { describe, expect, test } from 'vitest';
import { requiredTerraformVersion } from '../src/stacks/terraform-version';
import { oneEnv, synthStacks } from './safety/helpers';

describe('requiredTerraformVersion', () => {
  test.each([
    ['nothing special', {}, '>= 1.2.0'],
    ['an empty import list', { import: [] }, '>= 1.2.0'],
    ['an import block', { import: [{ to: 'aws_sesv2_email_identity.x', id: 'x' }] }, '>= 1.5.0'],
    ['a check block', { check: { c: {} } }, '>= 1.5.0'],
    ['a removed block', { removed: [{ from: 'aws_route53_record.x' }] }, '>= 1.7.0'],
    [
      'the S3 backend with assume_role',
      { terraform: { backend: { s3: { assume_role: { role_arn: 'r' } } } } },
      '>= 1.6.0',
    ],
    ['the S3 backend with use_lockfile', { terraform: { backend: { s3: { use_lockfile: true } } } }, '>= 1.10.0'],
    [
      'an import block and use_lockfile',
      { import: [{ to: 'a.b', id: 'x' }], terraform: { backend: { s3: { use_lockfile: true } } } },
      '>= 1.10.0',
    ],
    ['the cloud block', { terraform: { cloud: { organization: 'o' } } }, '>= 1.2.0'],
  ])('%s: %j needs %s', (_what, stack, expected) => {
    expect(requiredTerraformVersion(stack)).toBe(expected);
  });
});

describe('every synthesized stack declares it', () => {
  const domain = { name: 'example.com' };
  test.each([
    ['a local backend, nothing to import', oneEnv('route53', [domain]), '>= 1.2.0'],
    [
      'an identity to import (import block)',
      oneEnv('route53', [{ ...domain, import: { identity: 'example.com' } }]),
      '>= 1.5.0',
    ],
    [
      'a Cloudflare record to import',
      oneEnv('cloudflare', [
        { ...domain, import: { dmarc: '0123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcdef' } },
      ]),
      '>= 1.5.0',
    ],
    [
      'the S3 backend (use_lockfile)',
      oneEnv('route53', [domain], {
        backend: { type: 's3', bucket: 'acme-tfstate', key: 'ses/p.tfstate', region: 'eu-west-1' },
      }),
      '>= 1.10.0',
    ],
    [
      'the cloud backend',
      oneEnv('route53', [domain], { backend: { type: 'cloud', organization: 'acme', workspace: 'ses' } }),
      '>= 1.2.0',
    ],
  ])('%s: %s', (_what, config, expected) => {
    const stack = synthStacks(config).production!;
    expect((stack.terraform as unknown as { required_version: string }).required_version).toBe(expected);
  });
});
