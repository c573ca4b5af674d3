/**
 * A small DNS world for `ses-dns verify`: the planned records of a config (with test DKIM
 * tokens), optionally broken on purpose, served by one BIND `named` on 127.0.0.1, together
 * with a simulated amazonses.com holding a key behind every DKIM CNAME, and a local root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedEnvironment } from '../../../src/config/model';
import { fillTokens } from '../../../src/records/model';
import type { PlannedRecord } from '../../../src/records/model';
import { planEnvironment } from '../../../src/records/plan';
import { chunkTxt } from '../../../src/records/txt';
import { NamedServer } from '../../e2e/support/named';
import type { ZoneEntry } from '../../e2e/support/zone-file';
import { HARNESS_NS, writeZoneFiles } from '../../e2e/support/zone-file';

/** Deterministic test tokens for a domain (SES makes 32 lowercase letters and digits). */
export function testTokens(domain: string): string[] {
  return [0, 1, 2].map((i) => `${domain.replace(/[^a-z0-9]/g, '')}tok${i}`.padEnd(32, 'x').slice(0, 32));
}

/** Zone name -> entries. */
export type Zones = Map<string, ZoneEntry[]>;

/**
 * The zones that publish exactly the plan of `environments`, DKIM keys included.
 * @param tokensOf the Easy DKIM tokens of the identity a record serves (a domain in several
 *   SES regions has tokens per region) @default testTokens of the record's domain
 */
export function plannedZones(
  environments: readonly ResolvedEnvironment[],
  tokensOf: (record: PlannedRecord) => string[] = (record) => testTokens(record.domain),
): Zones {
  const zones: Zones = new Map([['amazonses.com', []]]);
  const add = (zone: string, entry: ZoneEntry) => zones.set(zone, [...(zones.get(zone) ?? []), entry]);
  for (const env of environments) {
    for (const record of planEnvironment(env)) {
      const tokens = tokensOf(record);
      const name = fillTokens(record.name, tokens);
      const value = fillTokens(record.value, tokens);
      const zone = record.zone.kind === 'name' ? record.zone.name : record.domain;
      const ttl = record.ttl === 'auto' ? 300 : record.ttl;
      if (record.type === 'TXT') add(zone, { name, ttl, data: { type: 'TXT', strings: chunkTxt(value) } });
      if (record.type === 'MX') {
        add(zone, { name, ttl, data: { type: 'MX', preference: record.priority ?? 10, exchange: value } });
      }
      if (record.type === 'CNAME') add(zone, { name, ttl, data: { type: 'CNAME', target: value } });
      if (record.role.startsWith('dkim-')) {
        // SES publishes the key behind each token (a stand-in key: verify only looks for p=).
        add(value.endsWith('.amazonses.com') ? 'amazonses.com' : zone, {
          name: value,
          ttl: 300,
          data: { type: 'TXT', strings: ['v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC'] },
        });
      }
    }
  }
  return zones;
}

/** A running named serving `zones` (plus a local root) to 127.0.0.1. */
export class DnsWorld {
  private constructor(
    private readonly server: NamedServer,
    private readonly dir: string,
  ) {}

  /** `127.0.0.1:<port>`, as `--resolver` takes it. */
  get resolver(): string {
    return `127.0.0.1:${this.server.port}`;
  }

  static async start(named: string, zones: Zones): Promise<DnsWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-verify-'));
    const all: Zones = new Map(zones);
    // A local root: names outside the served zones are NXDOMAIN, nothing leaves the machine.
    all.set('', [{ name: HARNESS_NS, ttl: 300, data: { type: 'A', address: '127.0.0.1' } }]);
    const files = writeZoneFiles(dir, all);
    const server = await NamedServer.start(named, dir, [
      {
        name: 'verify',
        clientAddress: '127.0.0.1',
        zones: [...files].map(([zone, file]) => ({ zone, file })),
      },
    ]);
    return new DnsWorld(server, dir);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
