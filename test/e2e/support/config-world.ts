/**
 * A world from a config file: the harness swaps every BYODKIM public key for one it holds
 * the private half of, writes the config to a temporary directory, and synthesizes it
 * through the CLI when the world is built.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyPool } from './keys';
import type { WorldSpec } from './world';
import { expectationsOf, replaceByodkimKeys, serializeConfig } from './config';
import { modulusLengthOf } from './keys';
import { synthesize } from './synth';

/** Builds the spec of a world whose stacks `ses-dns synth` makes from `config`. */
export async function configWorld(name: string, config: Record<string, unknown>, keys: KeyPool): Promise<WorldSpec> {
  const originals: string[] = [];
  replaceByodkimKeys(config, (original) => {
    if (!originals.includes(original)) originals.push(original);
    return original;
  });
  // Keep the key length the config chose: a 1024-bit key fits one TXT string, a 2048-bit
  // one needs two, and both paths deserve the proof.
  const fresh = await Promise.all(originals.map((original, i) => keys.get(modulusLengthOf(original) ?? 2048, i)));
  const replacements = new Map(originals.map((original, i) => [original, fresh[i]]));
  const withKeys = replaceByodkimKeys(config, (original) => replacements.get(original)!.publicKeyBase64);
  return {
    name,
    expectations: expectationsOf(withKeys),
    privateKeys: new Map([...replacements.values()].map((k) => [k.publicKeyBase64, k.privateKeyPem])),
    stacks: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ses-dns-e2e-synth-'));
      try {
        const configPath = join(dir, 'ses-dns.yaml');
        writeFileSync(configPath, serializeConfig(withKeys));
        return await synthesize(configPath, join(dir, 'out'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
