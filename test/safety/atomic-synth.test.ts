/**
 * `ses-dns synth` stages every file before it moves any into place: a failure, whether a
 * bad config or the disk, leaves the previous output byte for byte.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { cli } from './dist';

// RECORDS.md is written after the stacks are synthesized into the staging folder: failing
// there simulates a disk that fills up in the middle of writing.
const diskFull = vi.hoisted(() => ({ now: false }));
vi.mock('../../src/report/records-report', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/report/records-report')>();
  return {
    ...actual,
    renderRecordsMarkdown: (...args: Parameters<typeof actual.renderRecordsMarkdown>) => {
      if (diskFull.now) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      }
      return actual.renderRecordsMarkdown(...args);
    },
  };
});
import { RICH_CONFIG, yamlOf } from './fixtures';
import { readTree } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'ses-dns-atomic-'));
const outdir = join(work, 'cdktf.out');
let previous: Map<string, Buffer>;

async function synthCli(config: unknown) {
  const file = join(work, 'ses-dns.yaml');
  writeFileSync(file, yamlOf(config));
  const err: string[] = [];
  const code = await cli.main(['synth', '-c', file, '-o', outdir], { out: () => {}, err: (t) => err.push(t) });
  return { code, err: err.join('\n') };
}

beforeAll(async () => {
  expect((await synthCli(RICH_CONFIG)).code).toBe(0);
  previous = readTree(outdir);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectPreviousOutput() {
  const now = readTree(outdir);
  expect([...now.keys()]).toEqual([...previous.keys()]);
  for (const [path, bytes] of previous) expect(now.get(path)?.equals(bytes), path).toBe(true);
  // No staging folder is left, beside the output or in it.
  expect(readdirSync(work).sort()).toEqual(['cdktf.out', 'ses-dns.yaml']);
  expect(readdirSync(outdir).sort()).toEqual(['manifest.json', 'stacks']);
}

test('a config refused by the plan checks leaves the previous output untouched', async () => {
  const production = RICH_CONFIG.environments.production;
  // example.com's MAIL FROM becomes mail.notify.example.com, notify.example.com's own MAIL FROM.
  const [first, ...rest] = production.domains;
  const overlapping = {
    ...RICH_CONFIG,
    environments: {
      ...RICH_CONFIG.environments,
      production: { ...production, domains: [{ ...first, mailFrom: { subdomain: 'mail.notify' } }, ...rest] },
    },
  };
  const result = await synthCli(overlapping);
  expect(result.code).toBe(2);
  expect(result.err).toContain('environments.production.domains[0].mailFrom.subdomain');
  expect(result.err).toContain('environments.production.domains[1].mailFrom.subdomain');
  expect(result.err).toContain('nothing was written');
  expectPreviousOutput();
});

test('a failure in the middle of writing (disk full) leaves the previous output untouched', async () => {
  diskFull.now = true;
  try {
    const result = await synthCli({ ...RICH_CONFIG, defaults: { ...RICH_CONFIG.defaults, ttl: 900 } });
    expect(result).toEqual({ code: 1, err: 'error: ENOSPC: no space left on device, write' });
  } finally {
    diskFull.now = false;
  }
  expectPreviousOutput();
  expect(existsSync(join(outdir, 'stacks', 'production', 'cdk.tf.json'))).toBe(true);
});
