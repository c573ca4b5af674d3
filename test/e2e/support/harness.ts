/**
 * The whole pipeline for one test file: interpret every world's stacks, write and check a
 * zone file per zone, start one named with a view per world, and hand out resolvers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DnsResolve } from './resolver';
import type { SesKeys, World, WorldSpec } from './world';
import { buildWorld, foreignSpfTargets } from './world';
import { writeZoneFiles } from './zone-file';
import { checkZone, NamedServer, type BindTools, type ViewSpec } from './named';
import { createDnsResolver } from './resolver';
import { inBatches } from './concurrency';
import { generateDkimKeyAsync } from './keys';
import { rootZone, sesZones, thirdPartySpfZones } from './sim-zones';

/** A world being served, with a resolver that sees exactly its view. */
export interface ServedWorld extends World {
  readonly resolve: DnsResolve;
}

/** The served worlds of one test file and the named behind them. */
export class Harness {
  private constructor(
    private readonly named: NamedServer,
    private readonly dir: string,
    readonly worlds: ReadonlyMap<string, ServedWorld>,
  ) {}

  /** Builds, checks and serves `specs`; throws with named's output if anything fails to load. */
  static async start(tools: Required<BindTools>, specs: readonly WorldSpec[]): Promise<Harness> {
    if (specs.length > 250) throw new Error('at most 250 worlds: one loopback address each');
    const dir = mkdtempSync(join(tmpdir(), 'ses-dns-e2e-'));
    try {
      const keySets = new Map<number, Promise<SesKeys>>();
      const sesKeySets = (n: number): Promise<SesKeys> => {
        let set = keySets.get(n);
        if (!set) {
          set = Promise.all([0, 1, 2].map(() => generateDkimKeyAsync())).then(([k0, k1, k2]) => [k0!, k1!, k2!]);
          keySets.set(n, set);
        }
        return set;
      };
      const worlds = await Promise.all(specs.map((spec) => buildWorld(spec, sesKeySets)));

      const sharedFiles = writeZoneFiles(
        join(dir, 'shared'),
        new Map([...sesZones(worlds.flatMap((w) => w.dkimPublications)), ['', rootZone()]]),
      );
      const views: ViewSpec[] = [];
      const toCheck: { zone: string; file: string }[] = [...sharedFiles].map(([zone, file]) => ({ zone, file }));
      worlds.forEach((world, i) => {
        const own = writeZoneFiles(join(dir, `world-${i}`), world.zones);
        const thirdParty = writeZoneFiles(join(dir, `world-${i}-spf`), thirdPartySpfZones(foreignSpfTargets(world)));
        for (const [zone] of [...own, ...thirdParty]) {
          if (sharedFiles.has(zone)) throw new Error(`${world.spec.name}: zone ${zone} is one the harness simulates`);
        }
        const zones = [...own, ...thirdParty, ...sharedFiles].map(([zone, file]) => ({ zone, file }));
        toCheck.push(...[...own, ...thirdParty].map(([zone, file]) => ({ zone, file })));
        views.push({ name: `world-${i}`, clientAddress: `127.0.0.${i + 1}`, zones });
      });
      // named-checkzone per zone, a few at a time on a two-core machine.
      await inBatches(toCheck, 4, ({ zone, file }) => checkZone(tools.checkzone, zone === '' ? '.' : zone, file));

      const named = await NamedServer.start(tools.named, dir, views);
      const served = new Map<string, ServedWorld>();
      worlds.forEach((world, i) => {
        served.set(world.spec.name, { ...world, resolve: createDnsResolver(named.port, views[i].clientAddress) });
      });
      return new Harness(named, dir, served);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The served world named `name`. */
  world(name: string): ServedWorld {
    const world = this.worlds.get(name);
    if (!world) throw new Error(`no world ${name}`);
    return world;
  }

  /** Stops named by pid and removes every temporary file. */
  async stop(): Promise<void> {
    try {
      await this.named.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
