/**
 * `ses-dns synth`: config in, `cdktf.out/stacks/<stack>/cdk.tf.json` and `RECORDS.md` out;
 * `--check` compares instead of writing.
 *
 * synth owns only what it generates (docs/safety.md): `manifest.json` and, per stack,
 * `cdk.tf.json`, `RECORDS.md` and `ACCOUNT.md`. Stacks are synthesized one at a time into a
 * staging folder inside the output folder, and once all are, each file is moved into place
 * with one atomic rename: a bad config or a failure writes nothing, a run killed at any
 * moment leaves every file old or new. Nothing else in the output folder is touched.
 */
import { existsSync as exists, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { ConfigError, errorAt } from '../../config/issues';
import { loadConfig } from '../../checks/validate';
import type { ResolvedConfig, ResolvedEnvironment } from '../../config/model';
import { fileHolds, sameFiles } from '../../output/atomic';
import { outputRefusal } from '../../output/guard';
import { regionMovesBetweenFiles } from '../../output/region-moves';
import { MANIFEST_FILE, STACKS_FOLDER } from '../../output/layout';
import type { StackFile } from '../../output/layout';
import { defaultManifestEntry, renderManifest } from '../../output/manifest';
import type { StackManifestEntry } from '../../output/manifest';
import { misplacedStates } from '../../output/old-state';
import type { MisplacedState } from '../../output/old-state';
import { scanOutput } from '../../output/scan';
import type { OutputScan } from '../../output/scan';
import { OutputBusyError, removeIfEmpty, Staging } from '../../output/staging';
import { staleStacks } from '../../output/stale-stacks';
import type { StaleStack } from '../../output/stale-stacks';
import * as say from '../../messages/cli';
import { renderAccountMarkdown } from '../../report/account-report';
import { renderRecordsMarkdown } from '../../report/records-report';
import { splitStacks } from '../../stacks/stack-assignment';
import type { SplitStacks } from '../../stacks/stack-assignment';
import { UsageError } from '../errors';

/** Options of {@link synth} and {@link synthCheck}. */
export interface SynthOptions {
  /** @default the first of ses-dns.yaml, ses-dns.yml, ses-dns.json, ses-dns.config.ts */
  readonly config?: string;
  /** @default `cdktf.out`, or `CDKTF_OUTDIR` when cdktf runs us */
  readonly outdir?: string;
  /** @default every environment */
  readonly environments?: readonly string[];
}

/** What {@link synth} did. */
export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly { readonly name: string; readonly file: string; readonly domains: number }[];
  /** Generated files removed: their stack left the config, or `ACCOUNT.md` its `account` block. */
  readonly removed: readonly { readonly file: string; readonly why: string }[];
  /** What the user should know and act on: stacks kept, state files at their old place. */
  readonly warnings: readonly string[];
}

/** One generated file that is not what synth would write. */
export interface Difference {
  /** The file, as the user would name it (relative to the working folder when inside it). */
  readonly file: string;
  readonly kind: 'differs' | 'missing' | 'stale';
  readonly why?: string;
}

/** What {@link synthCheck} found. */
export interface CheckResult {
  readonly outdir: string;
  readonly stacks: number;
  readonly differences: readonly Difference[];
  readonly warnings: readonly string[];
}

/** Keeps only the named environments; an unknown name is a usage error. */
export function selectEnvironments(config: ResolvedConfig, names: readonly string[] | undefined): ResolvedConfig {
  if (!names || names.length === 0) return config;
  const known = config.environments.map((e) => e.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new ConfigError(unknown.map((n) => errorAt(`environments.${n}`, say.noSuchEnvironment(n, known))));
  }
  return { environments: config.environments.filter((e) => names.includes(e.name)) };
}

/** A path as the user would type it: relative to the working folder when inside it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** A path for a shell command line, quoted when it needs to be. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** Everything both synth and --check need, checked before anything is written. */
interface Prepared {
  readonly configFile: string;
  readonly split: SplitStacks;
  /** Every stack of the whole config, also when --env picks some. */
  readonly allStacks: ReadonlySet<string>;
  readonly selective: boolean;
  readonly outdir: string;
  readonly scan: OutputScan;
  /** The config's folder as seen from a stack folder, for the default local state. */
  readonly configFolder: string;
  readonly app: typeof import('../../stacks/app');
}

async function prepare(options: SynthOptions): Promise<Prepared> {
  const loaded = loadConfig(options.config);
  const selective = (options.environments?.length ?? 0) > 0;
  // Environments with maxDomainsPerStack become several stacks (docs/scaling.md).
  const split = splitStacks(selectEnvironments(loaded.config, options.environments), loaded.file);
  const all = selective ? splitStacks(loaded.config, loaded.file).config : split.config;
  // Loaded here, not at the top: `validate` and friends never pay for CDKTF.
  const app = await import('../../stacks/app.js');
  if (process.env.SYNTH_HCL_OUTPUT === 'true') {
    throw new UsageError(say.hclOutput);
  }
  const given = options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const outdir = resolve(given);
  const scan = scanOutput(outdir);
  const names = split.config.environments.map((e) => e.name);
  const refusal = outputRefusal(scan, names, given, loaded.file);
  if (refusal) throw new UsageError(refusal);
  const configFolder =
    relative(join(outdir, STACKS_FOLDER, 'stack'), dirname(loaded.file))
      .split(sep)
      .join(posix.sep) || '.';
  return {
    configFile: loaded.file,
    split,
    allStacks: new Set(all.environments.map((e) => e.name)),
    selective,
    outdir,
    scan,
    configFolder,
    app,
  };
}

/** The reports written beside a stack's `cdk.tf.json`. */
function reportsOf(environment: ResolvedEnvironment): [StackFile, string][] {
  const files: [StackFile, string][] = [['RECORDS.md', renderRecordsMarkdown(environment)]];
  const account = renderAccountMarkdown(environment);
  if (account !== undefined) files.push(['ACCOUNT.md', account]);
  return files;
}

/** Relative path of a stack file in the output folder. */
function stackPath(stack: string, file: string): string {
  return `${STACKS_FOLDER}/${stack}/${file}`;
}

/**
 * The entries of `manifest.json`: the stacks synthesized now, and every other stack folder
 * of ses-dns's that keeps a `cdk.tf.json` (not synthesized by this --env run, or kept after
 * leaving the config), with the entry the previous manifest gave it.
 */
function manifestEntries(
  prepared: Prepared,
  synthesized: ReadonlyMap<string, StackManifestEntry>,
  removed: ReadonlySet<string>,
): Map<string, StackManifestEntry> {
  const previous = prepared.scan.manifest.kind === 'cdktf' ? prepared.scan.manifest.stacks : {};
  const entries = new Map(synthesized);
  for (const folder of prepared.scan.stacks.values()) {
    if (entries.has(folder.name) || removed.has(folder.name)) continue;
    if (!folder.owned || !folder.generated.has('cdk.tf.json')) continue;
    const old = previous[folder.name];
    entries.set(
      folder.name,
      typeof old === 'object' && old !== null ? (old as StackManifestEntry) : defaultManifestEntry(folder.name),
    );
  }
  return entries;
}

function staleWarning(stale: StaleStack, outdir: string): string {
  const folder = display(stale.folder.path);
  const found = stale.keptFor.map((p) => (isAbsolute(p) ? display(p) : display(join(outdir, p))));
  // Each file named where it is: a local state is kept beside the config, not in the folder.
  return `stack ${stale.folder.name} is no longer in the config, but its Terraform state or working files remain (${found.join(', ')}): ${folder} kept. If it still manages resources, destroy them first (cdktf destroy ${stale.folder.name}, or terraform destroy in ${folder}) and then remove the folder and those files; if they are gone or moved elsewhere, remove them by hand`;
}

function misplacedWarning(state: MisplacedState): string {
  const from = display(state.found);
  const to = display(state.expected);
  const lead = `${from} is the state of stack ${state.stack} at its old place: the stack now keeps its state beside the config, at ${to}`;
  if (state.both) {
    return `${lead}, and a state file is there too. Keep the one Terraform wrote last (the higher "serial") at ${to}, delete the other, then run terraform init -reconfigure in ${display(dirname(state.found))}`;
  }
  const moves = [`mv ${shellWord(from)} ${shellWord(to)}`];
  if (state.backup) moves.push(`mv ${shellWord(`${from}.backup`)} ${shellWord(`${to}.backup`)}`);
  const init = state.initialized
    ? ` && (cd ${shellWord(display(dirname(state.found)))} && terraform init -reconfigure)`
    : '';
  return `${lead}. Move it before the next terraform command: ${moves.join(' && ')}${init}`;
}

/** Foreign folders under stacks/, which `cdktf synth` would delete (it keeps only what the manifest lists). */
function foreignFolderWarnings(prepared: Prepared, listed: ReadonlySet<string>): string[] {
  return [...prepared.scan.stacks.values()]
    .filter((f) => !listed.has(f.name) && !f.owned && (f.other.length > 0 || f.working.length > 0))
    .map(
      (f) =>
        `${display(f.path)} was not written by ses-dns: synth leaves it alone, but cdktf synth deletes every folder under ${STACKS_FOLDER}/ that ${MANIFEST_FILE} does not list; keep your files elsewhere`,
    );
}

/**
 * AWS resources that the new stack file `next` keeps at their address but puts in another
 * region than the file synth wrote last time (src/output/region-moves.ts), as warnings;
 * `next` is undefined when the file did not change.
 */
function regionMoveWarnings(prepared: Prepared, stack: string, next: string | undefined): string[] {
  if (next === undefined || prepared.scan.stacks.get(stack)?.generated.get('cdk.tf.json') !== true) return [];
  const previous = join(prepared.outdir, ...stackPath(stack, 'cdk.tf.json').split('/'));
  return regionMovesBetweenFiles(previous, next).map((move) => say.regionMoved(stack, move));
}

/** Why the output folder could not be made or written, as errno codes: the user's to settle. */
const UNUSABLE_OUTPUT = new Set(['ENOTDIR', 'ENOENT', 'EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ELOOP', 'ENAMETOOLONG']);

/**
 * Synthesizes the stacks of a config file into the output folder, replacing only the files
 * it generates.
 * @throws ConfigError on a bad config, UsageError when the output folder is not synth's to write; nothing is written then
 */
export async function synth(options: SynthOptions = {}): Promise<SynthResult> {
  const prepared = await prepare(options);
  const { outdir, split, scan } = prepared;
  const environments = new Map(split.config.environments.map((e) => [e.name, e]));
  let staging: Staging;
  try {
    staging = Staging.open(outdir);
  } catch (error) {
    if (error instanceof OutputBusyError) throw new UsageError(error.message);
    // The folder cannot be made there: a file on the way, a link to nowhere, no permission.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && UNUSABLE_OUTPUT.has(code)) throw new UsageError(say.outputUnusable(outdir, code));
    throw error;
  }
  const removed: { file: string; why: string }[] = [];
  const warnings: string[] = [];
  try {
    const synthesized = new Map<string, StackManifestEntry>();
    const toRemove: { file: string; why: string }[] = [];
    let version: string | undefined;
    for (const stack of prepared.app.synthesizeStacks(split.config, {
      scratch: staging.scratch,
      configFolder: prepared.configFolder,
    })) {
      version ??= stack.cdktfVersion;
      const environment = environments.get(stack.name)!;
      const reports = reportsOf(environment);
      const staged = staging.stageFile(stackPath(stack.name, 'cdk.tf.json'), stack.file);
      warnings.push(...regionMoveWarnings(prepared, stack.name, staged));
      for (const [file, text] of reports) staging.stage(stackPath(stack.name, file), text);
      synthesized.set(stack.name, stack.manifest);
      const folder = scan.stacks.get(stack.name);
      if (folder?.owned && folder.generated.has('ACCOUNT.md') && !reports.some(([file]) => file === 'ACCOUNT.md')) {
        toRemove.push({
          file: stackPath(stack.name, 'ACCOUNT.md'),
          why: `stack ${stack.name} has no account block any more`,
        });
      }
    }
    // A --env run touches only the stacks it names: stacks that left the config wait for a full run.
    const stale = prepared.selective ? [] : staleStacks(scan, prepared.allStacks);
    const dropped = new Set(stale.filter((s) => s.keptFor.length === 0).map((s) => s.folder.name));
    for (const s of stale) {
      if (s.keptFor.length > 0) warnings.push(staleWarning(s, outdir));
      else
        toRemove.push(...s.files.map((file) => ({ file, why: `stack ${s.folder.name} is no longer in the config` })));
    }
    const entries = manifestEntries(prepared, synthesized, dropped);
    version ??= prepared.app.cdktfVersion(staging.scratch);
    staging.stage(MANIFEST_FILE, renderManifest(version, entries));
    // Stack files first, the manifest last: it never lists a stack whose file is not in place.
    staging.commit();
    for (const { file, why } of toRemove) {
      rmSync(join(outdir, ...file.split('/')), { force: true });
      removed.push({ file: display(join(outdir, ...file.split('/'))), why });
    }
    for (const name of dropped) removeIfEmpty(join(outdir, STACKS_FOLDER, name));
    split.commit();
    warnings.push(...foreignFolderWarnings(prepared, new Set(entries.keys())));
  } finally {
    staging.close();
  }
  warnings.push(
    ...misplacedStates(split.config.environments, outdir, dirname(prepared.configFile)).map(misplacedWarning),
  );
  return {
    outdir,
    stacks: split.config.environments.map((env) => ({
      name: env.name,
      file: join(outdir, STACKS_FOLDER, env.name, 'cdk.tf.json'),
      domains: env.domains.length,
    })),
    removed,
    warnings,
  };
}

/**
 * Compares the output folder with what {@link synth} would write, writing nothing: the
 * drift check CI runs over committed stacks.
 * @throws ConfigError on a bad config, UsageError when the output folder is not synth's
 */
export async function synthCheck(options: SynthOptions = {}): Promise<CheckResult> {
  const prepared = await prepare(options);
  const { outdir, split, scan } = prepared;
  const environments = new Map(split.config.environments.map((e) => [e.name, e]));
  const differences: Difference[] = [];
  const warnings: string[] = [];
  /** Notes a difference unless `path` holds what is expected; whether it does. */
  const compare = (path: string, expected: { text: string } | { file: string }): boolean => {
    const target = join(outdir, ...path.split('/'));
    const same = 'file' in expected ? sameFiles(expected.file, target) : fileHolds(target, expected.text);
    if (!same) differences.push({ file: display(target), kind: exists(target) ? 'differs' : 'missing' });
    return same;
  };
  const scratch = mkdtempSync(join(tmpdir(), 'ses-dns-check-'));
  const synthesized = new Map<string, StackManifestEntry>();
  let version: string | undefined;
  try {
    for (const stack of prepared.app.synthesizeStacks(split.config, { scratch, configFolder: prepared.configFolder })) {
      version ??= stack.cdktfVersion;
      const reports = reportsOf(environments.get(stack.name)!);
      const same = compare(stackPath(stack.name, 'cdk.tf.json'), { file: stack.file });
      warnings.push(...regionMoveWarnings(prepared, stack.name, same ? undefined : stack.file));
      for (const [file, text] of reports) compare(stackPath(stack.name, file), { text });
      synthesized.set(stack.name, stack.manifest);
      const folder = scan.stacks.get(stack.name);
      if (folder?.owned && folder.generated.has('ACCOUNT.md') && !reports.some(([file]) => file === 'ACCOUNT.md')) {
        differences.push({
          file: display(join(folder.path, 'ACCOUNT.md')),
          kind: 'stale',
          why: `stack ${stack.name} has no account block any more`,
        });
      }
    }
    version ??= prepared.app.cdktfVersion(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const stale = prepared.selective ? [] : staleStacks(scan, prepared.allStacks);
  const dropped = new Set<string>();
  for (const s of stale) {
    if (s.keptFor.length > 0) {
      warnings.push(staleWarning(s, outdir));
      continue;
    }
    dropped.add(s.folder.name);
    for (const file of s.files) {
      differences.push({
        file: display(join(outdir, ...file.split('/'))),
        kind: 'stale',
        why: `stack ${s.folder.name} is no longer in the config`,
      });
    }
  }
  compare(MANIFEST_FILE, { text: renderManifest(version, manifestEntries(prepared, synthesized, dropped)) });
  if (split.text !== undefined && !fileHolds(split.file, split.text)) {
    differences.push({ file: display(split.file), kind: exists(split.file) ? 'differs' : 'missing' });
  }
  warnings.push(
    ...misplacedStates(split.config.environments, outdir, dirname(prepared.configFile)).map(misplacedWarning),
  );
  return { outdir, stacks: split.config.environments.length, differences, warnings };
}
