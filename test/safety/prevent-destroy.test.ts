import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from './dist';
import { errorsOf, oneEnv, synthStacks } from './helpers';

describe('SES identities are protected from destruction', () => {
  test('every identity of the bundled example has prevent_destroy', () => {
    const stacks = synthStacks(parse(readFileSync(join(REPO_ROOT, 'ses-dns.yaml'), 'utf8')));
    const identities = Object.values(stacks).flatMap((s) => Object.values(s.resource!.aws_sesv2_email_identity!));
    expect(identities.length).toBeGreaterThan(0);
    for (const identity of identities) expect(identity.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('an environment can switch it off with preventDestroy: false', () => {
    const stacks = synthStacks(oneEnv('route53', [{ name: 'example.com' }], { preventDestroy: false }));
    expect(stacks.production!.resource!.aws_sesv2_email_identity!.example_com__identity!.lifecycle).toEqual({
      prevent_destroy: false,
    });
  });

  test('preventDestroy must be true or false', () => {
    expect(errorsOf(oneEnv('route53', [{ name: 'example.com' }], { preventDestroy: 'no' }))).toEqual([
      'environments.production.preventDestroy: must be true or false, got "no"',
    ]);
  });
});
