/**
 * Reads what an output folder holds, one level into `stacks/`, and sorts it into what
 * ses-dns wrote, Terraform's working files, and everything else. Reads only the first
 * bytes of generated files (their header) and `manifest.json`; never follows `.terraform/`.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import {
  GENERATED_MARK,
  HEADER_WINDOW,
  isStackFile,
  isTerraformWorkingFile,
  MANIFEST_FILE,
  STACKS_FOLDER,
  STAGING_FOLDER,
} from './layout';
import type { StackFile } from './layout';
import { TEMP_SUFFIX } from './atomic';

/** One folder under `stacks/`. */
export interface StackFolder {
  readonly name: string;
  /** Absolute path. */
  readonly path: string;
  /** The generated file names present, each with whether it carries the header. */
  readonly generated: ReadonlyMap<StackFile, boolean>;
  /** Terraform's working files present (`.terraform`, state files, the lock file, plans). */
  readonly working: readonly string[];
  /** Anything else: a user's files, or a generated name that is not a file. */
  readonly other: readonly string[];
  /**
   * Whether ses-dns wrote this folder: one of its generated files carries the header. Its
   * other generated names are then ses-dns's too (a `cdk.tf.json` from before the header).
   */
  readonly owned: boolean;
}

/** What `manifest.json` is. */
export type ManifestState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'cdktf'; readonly stacks: Readonly<Record<string, unknown>> }
  | { readonly kind: 'foreign'; readonly why: string };

/** An output folder, as found. */
export interface OutputScan {
  readonly outdir: string;
  /** `missing`: nothing there yet; `file`: something that is not a folder. */
  readonly kind: 'missing' | 'file' | 'folder';
  readonly manifest: ManifestState;
  /** `stacks/` is there but is not a folder. */
  readonly stacksIsFile: boolean;
  /** Folders under `stacks/`, by name. */
  readonly stacks: ReadonlyMap<string, StackFolder>;
  /** Top-level entries other than `manifest.json`, `stacks/` and the staging folder. */
  readonly otherTop: readonly string[];
  /** Entries of `stacks/` that are not folders. */
  readonly otherInStacks: readonly string[];
  /** Whether a staging folder is there (a synth running, or one that was killed). */
  readonly staging: boolean;
}

/** Whether the folder holds output ses-dns wrote before: at least one stack folder of its own. */
export function isSesDnsOutput(scan: OutputScan): boolean {
  return [...scan.stacks.values()].some((s) => s.owned);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether the first bytes of the file at `path` carry the ses-dns header. */
export function carriesHeader(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(HEADER_WINDOW);
    const read = readSync(fd, buffer, 0, HEADER_WINDOW, 0);
    return buffer.subarray(0, read).toString('utf8').includes(GENERATED_MARK);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A cdktf manifest is small (a few hundred bytes a stack); anything larger is not one. */
const MANIFEST_LIMIT = 16 * 1024 * 1024;

function readManifest(path: string): ManifestState {
  const stat = statOrUndefined(path);
  if (!stat) return { kind: 'absent' };
  if (!stat.isFile()) return { kind: 'foreign', why: 'it is not a file' };
  if (stat.size > MANIFEST_LIMIT) return { kind: 'foreign', why: `it is ${stat.size} bytes, no cdktf manifest is` };
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    const stacks = (value as { stacks?: unknown } | null)?.stacks;
    if (typeof stacks === 'object' && stacks !== null && !Array.isArray(stacks)) {
      return { kind: 'cdktf', stacks: stacks as Record<string, unknown> };
    }
    return { kind: 'foreign', why: 'it has no "stacks" object, as every cdktf manifest has' };
  } catch {
    return { kind: 'foreign', why: 'it is not JSON' };
  }
}

function scanStackFolder(name: string, path: string): StackFolder {
  const generated = new Map<StackFile, boolean>();
  const working: string[] = [];
  const other: string[] = [];
  for (const entry of readdirSync(path).sort()) {
    if (entry.startsWith('.') && entry.endsWith(TEMP_SUFFIX) && isStackFile(entry.slice(1, -TEMP_SUFFIX.length))) {
      continue; // a killed run's temporary file: removed once the next run holds the lock
    }
    if (isStackFile(entry)) {
      const stat = statOrUndefined(join(path, entry));
      if (stat?.isFile()) generated.set(entry, carriesHeader(join(path, entry)));
      else other.push(entry);
    } else if (isTerraformWorkingFile(entry)) {
      working.push(entry);
    } else {
      other.push(entry);
    }
  }
  return { name, path, generated, working, other, owned: [...generated.values()].some(Boolean) };
}

/** Reads the output folder `outdir` (absolute). */
export function scanOutput(outdir: string): OutputScan {
  const empty = {
    outdir,
    manifest: { kind: 'absent' } as const,
    stacksIsFile: false,
    stacks: new Map<string, StackFolder>(),
    otherTop: [],
    otherInStacks: [],
    staging: false,
  };
  const stat = statOrUndefined(outdir);
  if (!stat) return { ...empty, kind: 'missing' };
  if (!stat.isDirectory()) return { ...empty, kind: 'file' };
  const otherTop: string[] = [];
  let staging = false;
  let stacksStat: Stats | undefined;
  for (const entry of readdirSync(outdir).sort()) {
    if (entry === MANIFEST_FILE) continue;
    if (entry === STAGING_FOLDER || entry.startsWith(`${STAGING_FOLDER}-`)) staging = true;
    else if (entry === STACKS_FOLDER) stacksStat = statOrUndefined(join(outdir, entry));
    else otherTop.push(entry);
  }
  const stacks = new Map<string, StackFolder>();
  const otherInStacks: string[] = [];
  const stacksDir = join(outdir, STACKS_FOLDER);
  if (stacksStat?.isDirectory()) {
    for (const entry of readdirSync(stacksDir).sort()) {
      const path = join(stacksDir, entry);
      if (statOrUndefined(path)?.isDirectory()) stacks.set(entry, scanStackFolder(entry, path));
      else otherInStacks.push(entry);
    }
  }
  return {
    outdir,
    kind: 'folder',
    manifest: readManifest(join(outdir, MANIFEST_FILE)),
    stacksIsFile: stacksStat !== undefined && !stacksStat.isDirectory(),
    stacks,
    otherTop,
    otherInStacks,
    staging,
  };
}
