/**
 * How long `ses-dns verify` takes for N domains against a local BIND serving exactly the
 * plan: `npm run bench:verify` (N from BENCH_VERIFY_DOMAINS, default 100). Needs `named`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { validateConfig } from '../src/checks/validate';
import { findBindTools } from '../test/e2e/support/named';
import { DnsWorld, plannedZones, testTokens } from '../test/verify/support/dns-world';

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_VERIFY_DOMAINS ?? 100);
  const { named } = findBindTools();
  if (!named) throw new Error('named not found: apt-get install -y bind9');
  const domains = Array.from({ length: count }, (_, i) => `d${String(i).padStart(4, '0')}.example.com`);
  const config = {
    defaults: { region: 'eu-west-1', dmarc: { policy: 'reject', rua: ['dmarc@example.com'] }, spf: {} },
    environments: {
      production: { dns: { provider: 'route53' }, domains: domains.map((name) => ({ name, zone: 'example.com' })) },
    },
  };
  const work = mkdtempSync(join(tmpdir(), 'ses-dns-bench-verify-'));
  const world = await DnsWorld.start(named, plannedZones(validateConfig(config).config.environments));
  try {
    writeFileSync(join(work, 'ses-dns.yaml'), stringify(config));
    writeFileSync(
      join(work, 'tokens.json'),
      JSON.stringify(Object.fromEntries(domains.map((d) => [d, testTokens(d)]))),
    );
    const args = ['bin/ses-dns.js', 'verify', '-c', join(work, 'ses-dns.yaml'), '--tokens', join(work, 'tokens.json')];
    const runs: number[] = [];
    let records = 0;
    for (let i = 0; i < 5; i++) {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [...args, '--resolver', world.resolver, '--json'], {
        encoding: 'utf8',
      });
      runs.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (result.status !== 0) throw new Error(`verify exited ${result.status}: ${result.stderr}`);
      records = (JSON.parse(result.stdout) as { records: unknown[] }).records.length;
    }
    runs.sort((a, b) => a - b);
    console.log(
      `verify ${count} domains (${records} records, concurrency 16) against local BIND: median ${runs[2]!.toFixed(0)} ms, min ${runs[0]!.toFixed(0)} ms, max ${runs[4]!.toFixed(0)} ms (5 runs, wall time including node start-up)`,
    );
  } finally {
    await world.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
