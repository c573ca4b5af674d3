/**
 * Reading a file the user names (the config, a tokens file) within bounds: a size limit
 * checked before any byte is read, a folder or binary file refused with a message instead
 * of an errno or a screenful of bytes, and a read that stops at the limit even when the
 * size is unknown up front (a pipe, a device).
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/**
 * The largest config file ses-dns reads: 8 MiB. A domain entry takes 20 to 100 bytes, so
 * this is some 100,000 domains, ten times what SES lets one account verify in a region
 * (10,000 identities), and parsing it (YAML needs about 60 bytes of memory per byte of text)
 * stays far below Node's default heap.
 * @see https://docs.aws.amazon.com/ses/latest/dg/quotas.html
 */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** A file that cannot be read as text within bounds, with the reason in words. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** `52428800` -> `50.0 MiB`. */
export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Why a file is not usable text, or undefined when it is. */
function binaryReason(bytes: Buffer): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul !== -1) return `it holds a NUL byte at offset ${nul}, so it is a binary file, not text`;
  if (!isUtf8(bytes)) return 'it is not UTF-8 text (a binary file, or text in another encoding)';
  return undefined;
}

/**
 * Reads `file` as UTF-8 text of at most `limit` bytes, without a leading byte order mark.
 * @throws InputFileError when it is missing, a folder, larger than `limit`, or not text
 */
export function readTextFile(file: string, limit: number): string {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`);
  }
  if (stat.isDirectory()) throw new InputFileError('is a folder, not a file');
  if (stat.isFile() && stat.size > limit) {
    throw new InputFileError(`is ${byteSize(stat.size)}, more than the ${byteSize(limit)} limit`);
  }
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new InputFileError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const known = fstatSync(fd).isFile();
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      // A pipe or a device has no size up front: stop reading as soon as it is too much.
      if (total > limit) {
        throw new InputFileError(
          known
            ? `grew past the ${byteSize(limit)} limit while being read`
            : `is more than the ${byteSize(limit)} limit`,
        );
      }
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
  } finally {
    closeSync(fd);
  }
  const bytes = Buffer.concat(chunks, total);
  const binary = binaryReason(bytes);
  if (binary) throw new InputFileError(binary);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
