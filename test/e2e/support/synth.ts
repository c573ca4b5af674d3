/**
 * Runs the real generator through its command line, as a user would, and reads what it
 * wrote: `<out>/stacks/<stack>/cdk.tf.json`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root (test/e2e/support -> ../../..). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** One synthesized stack, parsed. */
export interface SynthesizedStack {
  readonly stack: string;
  readonly json: unknown;
}

/** Reads every `stacks/<name>/cdk.tf.json` under `outDir`, sorted by stack name. */
export function readStacks(outDir: string): SynthesizedStack[] {
  const stacksDir = join(outDir, 'stacks');
  if (!existsSync(stacksDir)) throw new Error(`no stacks/ directory in ${outDir}`);
  return readdirSync(stacksDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(stacksDir, d.name, 'cdk.tf.json')))
    .map((d) => d.name)
    .sort()
    .map((stack) => ({
      stack,
      json: JSON.parse(readFileSync(join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as unknown,
    }));
}

/**
 * `node bin/ses-dns.js synth -c <config> -o <outDir>`, then the stacks it wrote.
 *
 * @throws with the CLI's output when it exits non-zero, or when the generator is not built
 */
export async function synthesize(configPath: string, outDir: string): Promise<SynthesizedStack[]> {
  const bin = join(REPO_ROOT, 'bin', 'ses-dns.js');
  if (!existsSync(bin) || !existsSync(join(REPO_ROOT, 'dist'))) {
    throw new Error(`the generator is not built (${bin}, dist/): run "npm run build" first ("npm test" does)`);
  }
  try {
    // cdktf looks for a Terraform CLI config and phones home for version checks; neither
    // is wanted (or reachable) in tests.
    await run(process.execPath, [bin, 'synth', '-c', configPath, '-o', outDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    throw new Error(`ses-dns synth -c ${configPath} exited ${e.code}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  return readStacks(outDir);
}
