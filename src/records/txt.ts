/**
 * TXT character-strings are at most 255 bytes (RFC 1035 section 3.3); a longer value, such
 * as a 2048-bit DKIM key (~400 characters), is published as several strings that verifiers
 * join back together (RFC 7208 section 3.3, RFC 6376 section 3.6.2.2).
 */

/** The longest character-string a TXT record may hold, in bytes. */
export const TXT_STRING_MAX_BYTES = 255;

/**
 * Splits a TXT value into strings of at most `max` bytes, never inside a UTF-8 character.
 * @example chunkTxt('a'.repeat(300)) // ['a' x 255, 'a' x 45]
 */
export function chunkTxt(value: string, max: number = TXT_STRING_MAX_BYTES): string[] {
  // Most values fit one string: no need to measure them character by character.
  if (value.length * 3 <= max || Buffer.byteLength(value, 'utf8') <= max) return [value];
  const chunks: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const char of value) {
    const bytes = Buffer.byteLength(char, 'utf8');
    if (currentBytes + bytes > max) {
      chunks.push(current);
      current = '';
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  if (current !== '' || chunks.length === 0) chunks.push(current);
  return chunks;
}
