/**
 * Compressed reports: gzip through node:zlib, zip through yauzl. Both are bounded so that a
 * compression bomb is refused before it costs memory: gzip output stops at the report limit,
 * and a zip entry is refused on its declared size or ratio before it is inflated, then
 * counted again while it is (yauzl also checks the declared size against the real one).
 *
 * @see https://www.rfc-editor.org/rfc/rfc1952 (gzip)
 * @see https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (zip)
 */
import { gunzipSync } from 'node:zlib';
import { fromBuffer } from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { formatBytes } from './limits';
import type { ReadLimits } from './limits';
import { ReportError } from './model';

/** What one input file may still decompress (shared by every container inside it). */
export interface UnpackBudget {
  remaining: number;
}

/** What a byte sequence is, judged by its content, never by its name. */
export type ContentKind = 'gzip' | 'zip' | 'xml' | 'mbox' | 'mail' | 'unknown';

/** Tells a report's container from its first bytes. */
export function sniff(bytes: Uint8Array): ContentKind {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)) return 'zip';
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) return 'xml';
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const text = head.replace(/^\xEF\xBB\xBF/, '').trimStart();
  if (text.startsWith('<')) return 'xml';
  if (head.startsWith('From ')) return 'mbox';
  // An RFC 5322 header field (names in use are letters, digits and hyphens), then a colon.
  if (/^[A-Za-z0-9][A-Za-z0-9-]*:/.test(head)) return 'mail';
  return 'unknown';
}

function spend(budget: UnpackBudget, bytes: number, limits: ReadLimits): void {
  budget.remaining -= bytes;
  if (budget.remaining < 0) {
    throw new ReportError(
      `decompresses to more than ${formatBytes(limits.maxUnpackedBytesPerFile)} in total: refused as a likely compression bomb`,
    );
  }
}

/**
 * Gunzips one report, refusing more than `maxReportBytes` of output.
 * @throws ReportError for a bomb, a truncated or a corrupt stream
 */
export function gunzipReport(bytes: Uint8Array, limits: ReadLimits, budget: UnpackBudget): Buffer {
  // Some senders (Mimecast) leave a CRLF after the gzip stream, which zlib reads as the
  // start of a second member and rejects. The last byte of a gzip stream is the high byte
  // of the uncompressed size (RFC 1952 ISIZE), 0 to 3 for anything under our limits, so
  // trailing white space can never be part of a stream we would accept.
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--;
  const limit = Math.max(1, Math.min(limits.maxReportBytes, budget.remaining));
  let out: Buffer;
  try {
    out = gunzipSync(bytes.subarray(0, end), { maxOutputLength: limit });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE') {
      if (limit < limits.maxReportBytes) spend(budget, limit + 1, limits);
      throw new ReportError(
        `decompresses to more than ${formatBytes(limits.maxReportBytes)}, the limit for one report: refused as a likely compression bomb`,
      );
    }
    if (err.code === 'Z_BUF_ERROR') throw new ReportError('is a truncated gzip file (it ends before its data does)');
    throw new ReportError(`is a corrupt gzip file: ${err.message}`);
  }
  spend(budget, out.length, limits);
  return out;
}

/** One file of a zip archive, decompressed. */
export interface ZipEntryContent {
  readonly name: string;
  readonly bytes: Buffer;
}

/**
 * The files of a zip archive, each checked against the limits before it is inflated.
 * @throws ReportError for a bomb, too many entries, an encrypted entry or a corrupt archive
 */
export async function unzipReports(bytes: Uint8Array, limits: ReadLimits, budget: UnpackBudget) {
  let zip: ZipFile;
  try {
    zip = await openZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new ReportError(`is not a readable zip archive: ${(error as Error).message}`);
  }
  try {
    if (zip.entryCount > limits.maxZipEntries) {
      throw new ReportError(
        `is a zip archive of ${zip.entryCount} entries, more than the ${limits.maxZipEntries} allowed: refused`,
      );
    }
    const entries: ZipEntryContent[] = [];
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      if (entry.fileName.endsWith('/')) continue;
      checkEntry(entry, limits, budget);
      entries.push({ name: entry.fileName, bytes: await readEntry(zip, entry) });
    }
    return entries;
  } catch (error) {
    if (error instanceof ReportError) throw error;
    throw new ReportError(`is a corrupt zip archive: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}

function checkEntry(entry: Entry, limits: ReadLimits, budget: UnpackBudget): void {
  const name = `zip entry "${entry.fileName}"`;
  if (entry.isEncrypted()) throw new ReportError(`has an encrypted ${name}: ses-dns cannot read it`);
  if (entry.uncompressedSize > limits.maxReportBytes) {
    throw new ReportError(
      `has a ${name} of ${formatBytes(entry.uncompressedSize)} uncompressed, over the ${formatBytes(limits.maxReportBytes)} limit for one report: refused as a likely compression bomb`,
    );
  }
  const ratio = entry.compressedSize === 0 ? Infinity : entry.uncompressedSize / entry.compressedSize;
  if (entry.uncompressedSize > 0 && ratio > limits.maxZipRatio) {
    throw new ReportError(
      `has a ${name} that claims a compression ratio of ${Number.isFinite(ratio) ? Math.round(ratio) : 'infinite'}:1, beyond what deflate can reach: refused as a compression bomb`,
    );
  }
  spend(budget, entry.uncompressedSize, limits);
}

function openZip(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    fromBuffer(
      buffer,
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false },
      (error, zip) => (error || !zip ? reject(error ?? new Error('no archive')) : resolve(zip)),
    );
  });
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry) => done(() => resolve(entry));
    const onEnd = () => done(() => resolve(undefined));
    const onError = (error: Error) => done(() => reject(error));
    const done = (settle: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      settle();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        // yauzl stops a stream that outgrows its declared size; this is the second fence.
        if (total > entry.uncompressedSize) {
          stream.destroy(new Error(`entry "${entry.fileName}" is larger than its header says`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks, total)));
    });
  });
}
