/**
 * `ses-dns synth` swaps two of cdktf's private functions while it synthesizes
 * (`withFastSynthesis` in src/cdktf.ts). The output must be byte for byte what plain cdktf
 * writes, and cdktf must be left as it was.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { App } from '../src/cdktf';
import { validateConfig } from '../src/config/load';
import { synthesizeApp } from '../src/stacks/app';
import { EnvironmentStack } from '../src/stacks/environment-stack';

const { mixedConfig } = require('../bench/config') as { mixedConfig: (n: number) => unknown };

const work = mkdtempSync(join(tmpdir(), 'ses-dns-fast-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function files(dir: string): Record<string, string> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  return Object.fromEntries(names.sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('fast synthesis', () => {
  test('writes what plain cdktf writes, for Route 53 and Cloudflare with every feature', () => {
    const { config, issues } = validateConfig(mixedConfig(40));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);

    const plain = join(work, 'plain');
    const app = new App({ outdir: plain, stackTraces: false });
    for (const environment of config.environments) new EnvironmentStack(app, { environment });
    app.synth();

    const fast = join(work, 'fast');
    synthesizeApp(config, fast);
    expect(Object.keys(files(fast))).toEqual(Object.keys(files(plain)));
    expect(files(fast)).toEqual(files(plain));
  });

  test('leaves cdktf as it was', () => {
    const traces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
    const tokens = require('cdktf/lib/_tokens') as { resolve: unknown };
    const before = [traces.captureStackTrace, tokens.resolve];
    synthesizeApp(validateConfig(mixedConfig(2)).config, join(work, 'again'));
    expect([traces.captureStackTrace, tokens.resolve]).toEqual(before);
    expect(traces.captureStackTrace().length).toBeGreaterThan(0);
  });
});
