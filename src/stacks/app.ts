/**
 * The CDKTF app: one {@link EnvironmentStack} per environment of a resolved config.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from '../cdktf';
import { auditEnvironments } from '../checks/audit';
import { recordSetOverlaps } from '../checks/overlap';
import { ConfigError } from '../config/issues';
import type { ResolvedConfig, ResolvedEnvironment } from '../config/model';
import { EnvironmentStack } from './environment-stack';

/**
 * Builds the app for `config` (optionally only some environments) and synthesizes it into
 * `outdir`: `manifest.json` and `stacks/<env>/cdk.tf.json`, as `cdktf synth` lays them out.
 * `ses-dns synth` uses {@link synthesizeStacks} instead, which never writes the output folder.
 *
 * One stack at a time: each is built, synthesized and removed from the app before the next
 * is built, so peak memory follows the largest stack, not the config. cdktf's manifest keeps
 * every stack synthesized, so `manifest.json` lists them all, as for one synthesis of the
 * whole app.
 * @returns the app, whose stacks are released once written
 * @throws ConfigError when the plan claims a record set twice or a vendor cannot take it: a
 *   config from `loadConfig` was checked already, one built by hand is checked here
 */
export function synthesizeApp(config: ResolvedConfig, outdir: string): App {
  const overlaps = recordSetOverlaps(config.environments);
  const issues = overlaps.length > 0 ? overlaps : auditEnvironments(config.environments);
  if (issues.length > 0) throw new ConfigError(issues);
  // No stack traces in construct metadata: they only serve error messages of cdktf's own.
  const app = new App({ outdir, stackTraces: false });
  for (const environment of config.environments) {
    const stack = new EnvironmentStack(app, { environment, standalone: true });
    app.synth();
    app.node.tryRemoveChild(stack.node.id);
  }
  return app;
}

/** One stack, synthesized: what `cdktf synth` writes for it. */
export interface SynthesizedStack {
  /** The stack's name, and its folder under `stacks/`. */
  readonly name: string;
  /** The stack's entry in `manifest.json`, as cdktf made it. */
  readonly manifest: Readonly<Record<string, unknown>>;
  /**
   * `cdk.tf.json` as cdktf wrote it, in the scratch folder: read it, or move it away, before
   * asking for the next stack, which removes it. A path rather than a string, so that a
   * stack of megabytes is never held in memory twice.
   */
  readonly file: string;
  /** The cdktf version the stack's app records in `manifest.json`, as {@link cdktfVersion} reads it. */
  readonly cdktfVersion: string;
}

/** Options of {@link synthesizeStacks}. */
export interface SynthesizeStacksOptions {
  /** A private folder for cdktf to write into; each stack's folder in it is removed after use. */
  readonly scratch: string;
  /** See `EnvironmentStackProps.configFolder`. @default "../../.." */
  readonly configFolder?: string;
}

/**
 * Synthesizes the stacks of `config` one at a time, each in an app of its own that is
 * dropped before the next one is built, so that memory follows the largest stack rather
 * than the config. (cdktf keeps every token it encodes in one global map, which would hold a
 * dropped app's constructs; ses-dns's stacks create no token: over a hundred stacks of 1,000
 * domains the heap grows by about 0.1 MB a stack.) Nothing is checked here (`loadConfig`
 * ran the check stage, src/checks) and nothing is written outside `options.scratch`.
 */
export function* synthesizeStacks(
  config: ResolvedConfig,
  options: SynthesizeStacksOptions,
): Generator<SynthesizedStack, void, undefined> {
  for (const environment of config.environments) {
    const outdir = mkdtempSync(join(options.scratch, 'stack-'));
    try {
      const { manifest, version } = synthesizeStack(environment, outdir, options.configFolder);
      yield {
        name: environment.name,
        manifest,
        file: join(outdir, manifest.synthesizedStackPath as string),
        cdktfVersion: version,
      };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
}

/**
 * Synthesizes one environment's stack into `outdir` with cdktf's public API: its entry in
 * the manifest cdktf wrote, and the cdktf version that manifest records.
 */
function synthesizeStack(
  environment: ResolvedEnvironment,
  outdir: string,
  configFolder: string | undefined,
): { manifest: Record<string, unknown>; version: string } {
  // No stack traces in construct metadata: they only serve error messages of cdktf's own.
  const app = new App({ outdir, stackTraces: false });
  new EnvironmentStack(app, { environment, standalone: true, configFolder });
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    version: string;
    stacks: Record<string, Record<string, unknown>>;
  };
  return { manifest: manifest.stacks[environment.name]!, version: manifest.version };
}

/**
 * The cdktf version an app records in `manifest.json`, read off an empty app made in
 * `scratch`. Each stack of {@link synthesizeStacks} carries it too, without this extra app.
 */
export function cdktfVersion(scratch: string): string {
  const outdir = mkdtempSync(join(scratch, 'version-'));
  try {
    return new App({ outdir, stackTraces: false }).manifest.version;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
