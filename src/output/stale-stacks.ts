/**
 * Stacks that left the config (an environment removed or renamed, a shard emptied) but
 * whose folders ses-dns wrote. Their generated files go only when nothing says the stack
 * was ever applied from there: no Terraform working file in the folder and no local state
 * where its `cdk.tf.json` keeps it. Otherwise the folder is kept, and the user is told how
 * to destroy the stack or remove it by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STACK_FILES, STACKS_FOLDER } from './layout';
import type { StackFile } from './layout';
import type { OutputScan, StackFolder } from './scan';

/** A stack folder of ses-dns's whose stack is not in the config any more. */
export interface StaleStack {
  readonly folder: StackFolder;
  /** Its generated files, as paths relative to the output folder. */
  readonly files: readonly string[];
  /**
   * Why it is kept: its Terraform working files (relative to the output folder) and its
   * local state (absolute); empty when it can go.
   */
  readonly keptFor: readonly string[];
}

/** The local state file a generated `cdk.tf.json` names, if it names one. */
function localStateOf(stackJson: string): string | undefined {
  try {
    const stack = JSON.parse(readFileSync(stackJson, 'utf8')) as {
      terraform?: { backend?: { local?: { path?: unknown } } };
    };
    const path = stack.terraform?.backend?.local?.path;
    // No backend at all is cdktf's local default: terraform.tfstate in the folder, found below.
    return typeof path === 'string' ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The stale stacks of `scan`: ses-dns's stack folders whose names are not in `stacks`. */
export function staleStacks(scan: OutputScan, stacks: ReadonlySet<string>): StaleStack[] {
  const stale: StaleStack[] = [];
  for (const folder of scan.stacks.values()) {
    if (!folder.owned || stacks.has(folder.name)) continue;
    const files = STACK_FILES.filter((f: StackFile) => folder.generated.has(f)).map(
      (f) => `${STACKS_FOLDER}/${folder.name}/${f}`,
    );
    const keptFor = folder.working.map((entry) => `${STACKS_FOLDER}/${folder.name}/${entry}`);
    if (folder.generated.has('cdk.tf.json')) {
      const state = localStateOf(join(folder.path, 'cdk.tf.json'));
      if (state !== undefined && existsSync(resolve(folder.path, state))) keptFor.push(resolve(folder.path, state));
    }
    stale.push({ folder, files, keptFor });
  }
  return stale;
}
