/**
 * `manifest.json`: cdktf's list of the stacks in an output folder. `cdktf deploy`, `diff`
 * and `destroy` read it to find each stack, and `cdktf synth` deletes every folder under
 * `stacks/` that it does not list, so it must list every stack folder ses-dns keeps, also
 * those a `--env` run did not synthesize and those kept after leaving the config.
 */
import { MANIFEST_FILE, STACKS_FOLDER } from './layout';

/** One stack's entry, as cdktf's `Manifest.forStack` makes it. */
export type StackManifestEntry = Readonly<Record<string, unknown>>;

/**
 * The entry cdktf makes for a top-level stack without dependencies or annotations: used for
 * a stack this run did not synthesize and the previous manifest did not list.
 */
export function defaultManifestEntry(name: string): StackManifestEntry {
  const folder = `${STACKS_FOLDER}/${name}`;
  return {
    name,
    constructPath: name,
    workingDirectory: folder,
    synthesizedStackPath: `${folder}/cdk.tf.json`,
    stackMetadataPath: `${folder}/metadata.json`,
    annotations: [],
    dependencies: [],
  };
}

/**
 * `value` as json-stable-stringify writes it with `{ space: 2 }`, which is how cdktf writes
 * the manifest: keys sorted, an empty list or object still on two lines, no final newline.
 */
function stableJson(value: unknown, level: number): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const indent = `\n${'  '.repeat(level)}`;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[${value.map((item) => inner + stableJson(item, level + 1)).join(',')}${indent}]`;
  }
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${inner}${JSON.stringify(key)}: ${stableJson((value as Record<string, unknown>)[key], level + 1)}`);
  return `{${entries.join(',')}${indent}}`;
}

/** The text of `manifest.json` listing `stacks`, byte for byte as cdktf writes it. */
export function renderManifest(version: string, stacks: ReadonlyMap<string, StackManifestEntry>): string {
  return stableJson({ stacks: Object.fromEntries(stacks), version }, 0);
}

/** The file name, for messages. */
export { MANIFEST_FILE };
