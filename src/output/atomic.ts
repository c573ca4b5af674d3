/**
 * Files written so that a reader, or a run killed at any moment, only ever sees the old
 * bytes or the new ones: the new bytes go to a temporary file on the same file system,
 * flushed to disk, then renamed over the target (rename(2) is atomic).
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The suffix of the temporary file beside a target; a killed run's is removed by the next. */
export const TEMP_SUFFIX = '.ses-dns-tmp';

/** Writes `data` to `path` and flushes it to disk before returning. */
export function writeDurably(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (a rename into it) to disk, where the platform allows it. */
export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; the rename itself is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The temporary path beside `target`: `.cdk.tf.json.ses-dns-tmp`. */
export function tempPathOf(target: string): string {
  return join(dirname(target), `.${basename(target)}${TEMP_SUFFIX}`);
}

/** Replaces `target` with `data` atomically: a temporary file beside it, flushed, renamed. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const temp = tempPathOf(target);
  try {
    writeDurably(temp, data);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(target));
}

const CHUNK = 64 * 1024;

/** Whether the file at `path` holds exactly `expected`; false when it is missing or unreadable. */
export function fileHolds(path: string, expected: string | Buffer): boolean {
  const want = typeof expected === 'string' ? Buffer.from(expected) : expected;
  let fd: number | undefined;
  try {
    if (statSync(path).size !== want.length) return false;
    fd = openSync(path, 'r');
    const chunk = Buffer.alloc(Math.min(CHUNK, Math.max(want.length, 1)));
    for (let offset = 0; offset < want.length;) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, want.length - offset), offset);
      if (read === 0) return false;
      if (!chunk.subarray(0, read).equals(want.subarray(offset, offset + read))) return false;
      offset += read;
    }
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether two files hold the same bytes, read in chunks (either may be large); false when one is missing. */
export function sameFiles(a: string, b: string): boolean {
  let fa: number | undefined;
  let fb: number | undefined;
  try {
    const size = statSync(a).size;
    if (statSync(b).size !== size) return false;
    fa = openSync(a, 'r');
    fb = openSync(b, 'r');
    const ca = Buffer.alloc(CHUNK);
    const cb = Buffer.alloc(CHUNK);
    for (let offset = 0; offset < size;) {
      const ra = readSync(fa, ca, 0, CHUNK, offset);
      const rb = readSync(fb, cb, 0, CHUNK, offset);
      if (ra === 0 || ra !== rb || !ca.subarray(0, ra).equals(cb.subarray(0, rb))) return false;
      offset += ra;
    }
    return true;
  } catch {
    return false;
  } finally {
    if (fa !== undefined) closeSync(fa);
    if (fb !== undefined) closeSync(fb);
  }
}
