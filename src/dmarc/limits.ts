/**
 * Size limits for reading DMARC aggregate reports. Reports come from strangers (any
 * receiver may mail the `rua` address), so every read is bounded: a file over a limit is
 * refused with a message naming the file and the limit, and the other files are still read.
 *
 * The numbers leave room for the largest real reports (a busy domain's daily Google report is
 * a few MiB of XML) while keeping one bad file from exhausting memory or time.
 */

const MiB = 1024 * 1024;

/** The limits in force; tests pass smaller ones. */
export interface ReadLimits {
  /**
   * Bytes of one file read from disk (`.xml`, `.gz`, `.zip`, `.eml`, mbox).
   * @default 100 MiB
   */
  readonly maxFileBytes: number;
  /**
   * Bytes of one XML report once decompressed: gzip output stops there, zip entries that
   * declare more are refused before they are inflated.
   * @default 32 MiB
   */
  readonly maxReportBytes: number;
  /**
   * Bytes decompressed from one input file in total (an mbox of many attachments), which
   * bounds the work a file of many small bombs can cause.
   * @default 1 GiB
   */
  readonly maxUnpackedBytesPerFile: number;
  /**
   * Entries of one zip archive (receivers send one report per archive).
   * @default 100
   */
  readonly maxZipEntries: number;
  /**
   * Declared uncompressed / compressed size of a zip entry. Deflate cannot exceed about
   * 1032:1, so a higher ratio means the header lies.
   * @default 1100
   */
  readonly maxZipRatio: number;
  /**
   * Containers inside containers: mbox > message > zip > gzip is 4.
   * @default 4
   */
  readonly maxNesting: number;
  /**
   * Nested XML elements; an aggregate report needs 5.
   * @default 32
   */
  readonly maxXmlDepth: number;
}

/** The default limits (documented in docs/cli.md). */
export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 100 * MiB,
  maxReportBytes: 32 * MiB,
  maxUnpackedBytesPerFile: 1024 * MiB,
  maxZipEntries: 100,
  maxZipRatio: 1100,
  maxNesting: 4,
  maxXmlDepth: 32,
};

/** `33554432` as `32 MiB`, `41943084` as `40.0 MiB`, for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
