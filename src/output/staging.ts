/**
 * The staging folder of one synth run, `<outdir>/.ses-dns-staging/`: every new file is
 * written there first, flushed to disk, and only once every stack is synthesized is each
 * moved into place with one rename. The folder is also the lock that keeps two synths of
 * one output folder apart, and a run killed at any moment leaves at most this folder (and
 * every generated file old or new), which the next run removes.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileHolds, sameFiles, syncFolder, tempPathOf, TEMP_SUFFIX, writeDurably } from './atomic';
import { STACK_FILES, STACKS_FOLDER, STAGING_FOLDER } from './layout';

/** Who holds a staging folder. */
interface Owner {
  readonly pid: number;
  readonly host: string;
}

const OWNER_FILE = 'owner.json';

/** Another synth is writing this output folder. */
export class OutputBusyError extends Error {
  constructor(
    readonly folder: string,
    readonly owner: Owner | undefined,
  ) {
    super(
      `another ses-dns synth${owner ? ` (process ${owner.pid} on ${owner.host})` : ''} is writing this output folder: wait for it to end; if no synth is running, remove ${folder}`,
    );
    this.name = 'OutputBusyError';
  }
}

function readOwner(folder: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(folder, OWNER_FILE), 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process that made a staging folder may still run: unknown hosts count as alive. */
function isAlive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a staging folder (or a folder being made into one) is a killed run's. */
function isLeftover(folder: string): boolean {
  const owner = readOwner(folder);
  if (owner) return !isAlive(owner);
  // Being set up right now (the owner file comes a moment after the folder), or killed then.
  try {
    return Date.now() - statSync(folder).mtimeMs > 60_000;
  } catch {
    return false;
  }
}

/** A file staged for a place in the output folder. */
interface Staged {
  /** Path relative to the output folder, with `/`. */
  readonly target: string;
  readonly path: string;
}

/** Changes a commit made, as paths relative to the output folder. */
export interface CommitResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
}

/** The staging folder of one run. Open with {@link Staging.open}, end with {@link Staging.close}. */
export class Staging {
  private readonly staged: Staged[] = [];
  private readonly unchanged: string[] = [];
  private readonly files: string;
  /** A private folder for cdktf to synthesize into. */
  readonly scratch: string;

  private constructor(
    readonly outdir: string,
    readonly folder: string,
  ) {
    this.files = join(folder, 'files');
    this.scratch = join(folder, 'cdktf');
    mkdirSync(this.scratch);
  }

  /**
   * Creates `outdir` if needed and takes its staging folder, after removing what a killed
   * run left (its staging folder and temporary files beside generated files).
   * @throws OutputBusyError when a live synth holds it
   */
  static open(outdir: string): Staging {
    mkdirSync(outdir, { recursive: true });
    removeKilledStagings(outdir);
    const folder = join(outdir, STAGING_FOLDER);
    // Made under a name of its own with the owner inside, then renamed: taking the lock is
    // one atomic step, and the lock always says whose it is.
    const candidate = mkdtempSync(`${folder}-${process.pid}-`);
    // Not flushed to disk: after a crash its owner is gone anyway, and a folder whose owner
    // cannot be read counts as left over once a minute old (isLeftover). A flush here cost
    // a one-domain synth up to ten milliseconds on a busy disk.
    writeFileSync(join(candidate, OWNER_FILE), JSON.stringify({ pid: process.pid, host: hostname() }));
    let leftoverRemoved = false;
    for (let attempt = 0; ; attempt++) {
      try {
        renameSync(candidate, folder);
        removeTemporaryFiles(outdir);
        return new Staging(outdir, folder);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
        // A lock always holds its owner (it is renamed into place with it): none means the
        // synth that held it is ending (removing it) or ended since the rename. Try again.
        const owner = readOwner(folder);
        if (!owner && attempt < 3) continue;
        if (!leftoverRemoved && isLeftover(folder)) {
          rmSync(folder, { recursive: true, force: true });
          leftoverRemoved = true;
          continue;
        }
        rmSync(candidate, { recursive: true, force: true });
        throw new OutputBusyError(folder, owner);
      }
    }
  }

  /**
   * Stages `text` as the new `target` (a path relative to the output folder, with `/`),
   * flushed to disk; a target that already holds exactly `text` is left out, so a synth
   * that changes little writes (and flushes) little.
   */
  stage(target: string, text: string): void {
    const destination = join(this.outdir, ...target.split('/'));
    const bytes = Buffer.from(text);
    if (fileHolds(destination, bytes)) {
      this.unchanged.push(target);
      return;
    }
    const path = this.stagedPath(target);
    writeDurably(path, bytes);
    this.staged.push({ target, path });
  }

  /**
   * Stages the file at `source` (in {@link Staging.scratch}) as the new `target`, moving it
   * rather than copying; left out, like {@link Staging.stage}, when nothing changed.
   * @returns where the staged file now is (until {@link Staging.commit}), or undefined when
   * the target already holds exactly its bytes
   */
  stageFile(target: string, source: string): string | undefined {
    if (sameFiles(source, join(this.outdir, ...target.split('/')))) {
      this.unchanged.push(target);
      return undefined;
    }
    const path = this.stagedPath(target);
    flush(source);
    renameSync(source, path);
    this.staged.push({ target, path });
    return path;
  }

  private stagedPath(target: string): string {
    const path = join(this.files, ...target.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    return path;
  }

  /**
   * Moves each staged file into place, in the order staged, each with one atomic rename,
   * then flushes the folders that changed.
   */
  commit(): CommitResult {
    const written: string[] = [];
    const folders = new Set<string>();
    for (const { target, path } of this.staged) {
      const destination = join(this.outdir, ...target.split('/'));
      mkdirSync(dirname(destination), { recursive: true });
      moveInto(path, destination);
      folders.add(dirname(destination));
      written.push(target);
    }
    for (const folder of folders) syncFolder(folder);
    this.staged.length = 0;
    return { written, unchanged: [...this.unchanged] };
  }

  /** Removes the staging folder: the run is over, whether it wrote or failed. */
  close(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** Renames `source` to `destination`; across file systems (a stack folder linked elsewhere), via a temporary file beside it. */
function moveInto(source: string, destination: string): void {
  try {
    renameSync(source, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const temp = tempPathOf(destination);
    copyFileSync(source, temp);
    flush(temp);
    renameSync(temp, destination);
    unlinkSync(source);
  }
}

function flush(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes the half-made staging folders of killed runs; a live run's stay. */
function removeKilledStagings(outdir: string): void {
  for (const entry of readdirSync(outdir)) {
    if (!entry.startsWith(`${STAGING_FOLDER}-`)) continue;
    const folder = join(outdir, entry);
    if (isLeftover(folder)) rmSync(folder, { recursive: true, force: true });
  }
}

/** Removes temporary files a killed run left beside generated files (only with the lock held). */
function removeTemporaryFiles(outdir: string): void {
  const stacks = join(outdir, STACKS_FOLDER);
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    for (const file of STACK_FILES) {
      const temp = join(stacks, stack, `.${file}${TEMP_SUFFIX}`);
      if (existsSync(temp)) unlinkSync(temp);
    }
  }
}

/** Removes `folder` if it is empty; keeps it (and says nothing) otherwise. */
export function removeIfEmpty(folder: string): boolean {
  try {
    rmdirSync(folder);
    return true;
  } catch {
    return false;
  }
}
