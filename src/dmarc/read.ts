/**
 * From the paths a user gives to the reports inside them. Folders are walked recursively;
 * each file is judged by its content (gzip, zip, XML, an email message, an mbox), whatever
 * its name, and unpacked as deep as its containers go. Every problem is recorded against
 * the file it came from, and never stops the other files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { DEFAULT_LIMITS, formatBytes } from './limits';
import type { ReadLimits } from './limits';
import { messageParts, splitMbox } from './mail';
import { ReportError } from './model';
import type { LocatedReport } from './model';
import { gunzipReport, sniff, unzipReports } from './unpack';
import type { UnpackBudget } from './unpack';
import { parseReportXml } from './xml';

/** What was read from one input file. */
export interface FileResult {
  /** The file as shown to the user: relative to the working folder when inside it. */
  readonly path: string;
  /** Reports found in it (duplicates included). */
  readonly reports: number;
  /** Messages or archive entries that held no aggregate report (TLS reports, failure reports, text). */
  readonly skipped: number;
  /** Why (part of) the file could not be read; several problems are joined by "; ". */
  readonly error?: string;
}

/** Everything read from the paths. */
export interface ReadResult {
  readonly reports: readonly LocatedReport[];
  readonly files: readonly FileResult[];
  /** Files in the folders that were not looked at (other extensions, hidden, symlinked folders). */
  readonly ignored: number;
}

/** File names read when a folder is walked; other files are counted as ignored. */
export const REPORT_EXTENSIONS = ['.xml', '.gz', '.gzip', '.zip', '.eml', '.mbox', '.mbx'];

/** Options of {@link readReports}. */
export interface ReadOptions {
  readonly limits?: ReadLimits;
  /** Paths are shown relative to this folder. @default process.cwd() */
  readonly cwd?: string;
}

/** Reads every report under `paths` (files and folders), in a stable order. */
export async function readReports(paths: readonly string[], options: ReadOptions = {}): Promise<ReadResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const cwd = options.cwd ?? process.cwd();
  const files: string[] = [];
  const problems: FileResult[] = [];
  let ignored = 0;
  for (const path of paths) {
    const found = collect(path, problems, cwd);
    files.push(...found.files);
    ignored += found.ignored;
  }
  const reports: LocatedReport[] = [];
  const results: FileResult[] = [...problems];
  const seen = new Set<string>();
  for (const file of files) {
    const shown = displayPath(file, cwd);
    if (seen.has(file)) continue;
    seen.add(file);
    const result = await readFile(file, shown, limits);
    reports.push(...result.reports);
    results.push(result.file);
  }
  return { reports, files: results, ignored };
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** The files under `path`, sorted; a missing path is recorded as a problem. */
function collect(path: string, problems: FileResult[], cwd: string): { files: string[]; ignored: number } {
  const absolute = join(isAbsolute(path) ? '' : cwd, path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
    problems.push({
      path: displayPath(absolute, cwd),
      reports: 0,
      skipped: 0,
      error: `${why}: give a report file or a folder of reports`,
    });
    return { files: [], ignored: 0 };
  }
  if (!stat.isDirectory()) return { files: [absolute], ignored: 0 };
  const files: string[] = [];
  let ignored = 0;
  const walk = (dir: string, maildir: boolean) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({
        path: displayPath(dir, cwd),
        reports: 0,
        skipped: 0,
        error: `folder cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.name.startsWith('.')) {
        ignored++;
        continue;
      }
      if (entry.isDirectory()) {
        walk(full, entry.name === 'cur' || entry.name === 'new');
        continue;
      }
      // A symlink to a folder could loop; a symlink to a file is read like the file.
      const isFile = entry.isFile() || (entry.isSymbolicLink() && isRegularFile(full));
      if (isFile && (maildir || REPORT_EXTENSIONS.includes(extname(entry.name).toLowerCase()))) files.push(full);
      else ignored++;
    }
  };
  walk(absolute, basename(absolute) === 'cur' || basename(absolute) === 'new');
  return { files, ignored };
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

interface Found {
  reports: LocatedReport[];
  errors: string[];
  skipped: number;
}

async function readFile(file: string, shown: string, limits: ReadLimits) {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > limits.maxFileBytes) {
      throw new ReportError(
        `is ${formatBytes(size)}, over the ${formatBytes(limits.maxFileBytes)} limit for one file: split it`,
      );
    }
    bytes = readFileSync(file);
  } catch (error) {
    return { reports: [], file: { path: shown, reports: 0, skipped: 0, error: describe(error, []) } };
  }
  return readReportBytes(bytes, shown, limits);
}

/**
 * The reports in the bytes of one input file (`shown` names it). Never throws for bad
 * input: every problem ends up in the file's `error`.
 */
export async function readReportBytes(
  bytes: Uint8Array,
  shown: string,
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<{ reports: LocatedReport[]; file: FileResult }> {
  const found: Found = { reports: [], errors: [], skipped: 0 };
  try {
    if (bytes.length === 0) throw new ReportError('is empty');
    await extract(bytes, [], { file: shown, limits, budget: { remaining: limits.maxUnpackedBytesPerFile } }, found, 0);
  } catch (error) {
    found.errors.push(describe(error, []));
  }
  if (found.reports.length === 0 && found.errors.length === 0) {
    found.errors.push(
      found.skipped > 0
        ? `holds no DMARC aggregate report (${found.skipped} part${found.skipped === 1 ? '' : 's'} of other kinds skipped)`
        : 'holds no DMARC aggregate report',
    );
  }
  const fileResult: FileResult = {
    path: shown,
    reports: found.reports.length,
    skipped: found.skipped,
    ...(found.errors.length > 0 && { error: found.errors.join('; ') }),
  };
  return { reports: found.reports, file: fileResult };
}

function describe(error: unknown, trail: readonly string[]): string {
  const where = trail.length > 0 ? `${trail.join(' > ')}: ` : '';
  if (error instanceof ReportError) return `${where}${error.message}`;
  const err = error as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && err.syscall) return `${where}cannot be read: ${err.message}`;
  throw error;
}

interface Context {
  readonly file: string;
  readonly limits: ReadLimits;
  readonly budget: UnpackBudget;
}

/**
 * Finds the reports in `bytes`, recursing into containers. `trail` names the parts walked
 * so far; `depth` counts containers. Inside a container, content of another kind (a text
 * body, a TLS report) is skipped; at the top, it is an error.
 */
async function extract(bytes: Uint8Array, trail: string[], ctx: Context, found: Found, depth: number): Promise<void> {
  const inside = trail.length > 0;
  const kind = sniff(bytes);
  if (kind !== 'xml' && kind !== 'unknown' && depth >= ctx.limits.maxNesting) {
    throw new ReportError(`nests containers more than ${ctx.limits.maxNesting} deep: refused`);
  }
  switch (kind) {
    case 'xml': {
      try {
        found.reports.push({ report: parseReportXml(bytes, ctx.limits), file: ctx.file, part: trail.join(' > ') });
      } catch (error) {
        if (inside && error instanceof ReportError && error.message.startsWith('is not a DMARC aggregate report')) {
          found.skipped++;
          return;
        }
        throw error;
      }
      return;
    }
    case 'gzip':
      return extract(gunzipReport(bytes, ctx.limits, ctx.budget), trail, ctx, found, depth + 1);
    case 'zip': {
      for (const entry of await unzipReports(bytes, ctx.limits, ctx.budget)) {
        await guarded(
          () => extract(entry.bytes, [...trail, entry.name], ctx, found, depth + 1),
          [...trail, entry.name],
          found,
        );
      }
      return;
    }
    case 'mbox': {
      const messages = splitMbox(bytes);
      for (const [i, message] of messages.entries()) {
        const part = [...trail, `message ${i + 1}`];
        await guarded(() => extractMessage(message, part, ctx, found, depth + 1), part, found);
      }
      return;
    }
    case 'mail':
      return extractMessage(bytes, trail, ctx, found, depth + 1);
    case 'unknown':
      if (inside) {
        found.skipped++;
        return;
      }
      throw new ReportError('is not a DMARC aggregate report: neither XML, gzip, zip, an email message nor an mbox');
  }
}

async function extractMessage(bytes: Uint8Array, trail: string[], ctx: Context, found: Found, depth: number) {
  const parts = await messageParts(bytes);
  const before = found.reports.length + found.errors.length;
  for (const part of parts) {
    const partTrail = [...trail, part.name];
    await guarded(() => extract(part.bytes, partTrail, ctx, found, depth), partTrail, found);
  }
  // A message with no report (a TLS report, a failure report, a note) is skipped, not an error.
  if (found.reports.length + found.errors.length === before && parts.length === 0) found.skipped++;
}

/** Runs one part's extraction; its error is recorded and the next part is read. */
async function guarded(run: () => Promise<void>, trail: readonly string[], found: Found): Promise<void> {
  try {
    await run();
  } catch (error) {
    found.errors.push(describe(error, trail));
  }
}
