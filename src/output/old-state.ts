/**
 * State files at the place the default local state had before it moved out of the output
 * folder (`stacks/<stack>/terraform.<stack>.tfstate`). synth never moves a state file: it
 * warns and prints the commands that do, since Terraform must also be told (`init
 * -reconfigure`) that the backend path changed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedEnvironment } from '../config/model';
import { STACKS_FOLDER } from './layout';

/** A default local state found inside a stack folder. */
export interface MisplacedState {
  readonly stack: string;
  /** Where it is: `<outdir>/stacks/<stack>/terraform.<stack>.tfstate` (absolute). */
  readonly found: string;
  /** Where the stack now reads it: beside the config (absolute). */
  readonly expected: string;
  /** Whether a state file is already at `expected`. */
  readonly both: boolean;
  /** Whether `found` has a `.backup` beside it. */
  readonly backup: boolean;
  /** Whether the stack folder was initialized (`.terraform/`): then `init -reconfigure`. */
  readonly initialized: boolean;
}

/** The stacks among `environments` whose default local state is still in their stack folder. */
export function misplacedStates(
  environments: readonly ResolvedEnvironment[],
  outdir: string,
  configFolder: string,
): MisplacedState[] {
  const found: MisplacedState[] = [];
  for (const environment of environments) {
    const { backend } = environment;
    if (backend.type !== 'local' || backend.relativeTo !== 'config') continue;
    const folder = join(outdir, STACKS_FOLDER, environment.name);
    const old = join(folder, backend.path);
    if (!existsSync(old)) continue;
    const expected = join(configFolder, backend.path);
    found.push({
      stack: environment.name,
      found: old,
      expected,
      both: existsSync(expected),
      backup: existsSync(`${old}.backup`),
      initialized: existsSync(join(folder, '.terraform')),
    });
  }
  return found;
}
