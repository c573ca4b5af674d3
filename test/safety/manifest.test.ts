/**
 * Stacks are synthesized one at a time (issue #12), yet `manifest.json` must stay what
 * `cdktf synth` writes for the whole app: `cdktf deploy` reads it, and `cdktf synth`
 * deletes every folder under `stacks/` it does not list.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultManifestEntry, renderManifest } from '../../src/output/manifest';
import { cdktfVersion, synthesizeStacks } from '../../src/stacks/app';
import { shardConfig } from '../../src/stacks/sharding';
import { app, load_ } from './dist';
import { RICH_CONFIG } from './fixtures';
import { oneEnv } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-manifest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sharded = oneEnv(
  'route53',
  ['a.example.com', 'b.example.com', 'c.example.com'].map((name) => ({ name })),
  { maxDomainsPerStack: 2 },
);

describe.each([
  ['every safety key, two environments', RICH_CONFIG],
  ['an environment split in two stacks', sharded],
])('%s', (_name, raw) => {
  test("the manifest of stacks synthesized one at a time is the whole app's, byte for byte", () => {
    const config = shardConfig(load_.validateConfig(raw).config).config;
    const whole = join(work, `whole-${Math.random()}`);
    app.synthesizeApp(config, whole);
    const scratch = mkdtempSync(join(work, 'scratch-'));
    const stacks = [...synthesizeStacks(config, { scratch })];
    const entries = new Map(stacks.map((s) => [s.name, s.manifest]));
    expect(renderManifest(cdktfVersion(scratch), entries)).toBe(readFileSync(join(whole, 'manifest.json'), 'utf8'));
    // synth writes the version each stack's app recorded, without an app of its own for it.
    expect(stacks.map((s) => s.cdktfVersion)).toEqual(stacks.map(() => cdktfVersion(scratch)));
    for (const stack of config.environments) {
      expect(entries.get(stack.name)).toEqual(defaultManifestEntry(stack.name));
    }
  });
});
