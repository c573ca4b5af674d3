/**
 * `ses-dns synth`: config in, `cdktf.out/stacks/<env>/cdk.tf.json` and `RECORDS.md` out.
 *
 * Output is written to a temporary folder beside the target and renamed into place at the
 * end, so a bad config or a failure leaves the previous output untouched.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../config/issues';
import { loadConfig } from '../../config/load';
import type { ResolvedConfig } from '../../config/model';
import { renderAccountMarkdown } from '../../report/account-report';
import { renderRecordsMarkdown } from '../../report/records-report';
import { splitStacks } from '../../stacks/stack-assignment';

/** Options of {@link synth}. */
export interface SynthOptions {
  /** @default the first of ses-dns.yaml, ses-dns.yml, ses-dns.json, ses-dns.config.ts */
  readonly config?: string;
  /** @default `cdktf.out`, or `CDKTF_OUTDIR` when cdktf runs us */
  readonly outdir?: string;
  /** @default every environment */
  readonly environments?: readonly string[];
}

/** What {@link synth} wrote. */
export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly { readonly name: string; readonly file: string; readonly domains: number }[];
}

/** Keeps only the named environments; an unknown name is a usage error. */
export function selectEnvironments(config: ResolvedConfig, names: readonly string[] | undefined): ResolvedConfig {
  if (!names || names.length === 0) return config;
  const known = config.environments.map((e) => e.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((n) => ({
        severity: 'error' as const,
        path: `environments.${n}`,
        message: `--env ${n}: no such environment; the config has ${known.join(', ')}`,
      })),
    );
  }
  return { environments: config.environments.filter((e) => names.includes(e.name)) };
}

/** Synthesizes the stacks of a config file. @throws ConfigError on a bad config, writing nothing */
export async function synth(options: SynthOptions = {}): Promise<SynthResult> {
  const loaded = loadConfig(options.config);
  // Environments with maxDomainsPerStack become several stacks (docs/scaling.md).
  const split = splitStacks(selectEnvironments(loaded.config, options.environments), loaded.file);
  const config = split.config;
  const outdir = resolve(options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const staging = join(dirname(outdir), `.${basename(outdir)}.ses-dns-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    // Loaded here, not at the top: `validate` and friends never pay for CDKTF.
    const { synthesizeApp } = await import('../../stacks/app.js');
    synthesizeApp(config, staging);
    const stacks = config.environments.map((env) => {
      const folder = join(staging, 'stacks', env.name);
      writeFileSync(join(folder, 'RECORDS.md'), renderRecordsMarkdown(env));
      const account = renderAccountMarkdown(env);
      if (account !== undefined) writeFileSync(join(folder, 'ACCOUNT.md'), account);
      return { name: env.name, file: join(outdir, 'stacks', env.name, 'cdk.tf.json'), domains: env.domains.length };
    });
    replaceFolder(staging, outdir);
    split.commit();
    return { outdir, stacks };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Puts `source` where `target` is, with the old `target` removed only once the new one is in place. */
function replaceFolder(source: string, target: string): void {
  const old = `${source}.old`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(source, target);
  rmSync(old, { recursive: true, force: true });
}
