/**
 * Small DNS text helpers: domain-name comparison and the RFC 1035 `<character-string>`
 * syntax that both Route 53 record values and Cloudflare TXT `content` use.
 */

/** The longest a single TXT character-string can be (RFC 1035 section 3.3: one length octet). */
export const MAX_CHARACTER_STRING_BYTES = 255;

/** Lower-cases a domain name and drops a trailing root dot (DNS names compare case-insensitively). */
export function normalizeName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/** True when `name` is `zone` itself or a name below it, compared label by label. */
export function isWithin(name: string, zone: string): boolean {
  const n = normalizeName(name);
  const z = normalizeName(zone);
  return z === '' || n === z || n.endsWith(`.${z}`);
}

/** Byte length of a character-string as it goes on the wire. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Parses RFC 1035 section 5.1 master-file text into character-strings: quoted strings
 * (which may hold blanks) or runs of non-blank characters, `\X` quoting X and `\DDD` a
 * byte in decimal. Adjacent quoted strings need no blank between them (`"a""b"` is two
 * strings), which is how Route 53 reads the `""` that Terraform users put inside a value.
 *
 * @throws when a quote is left open or an escape is cut short.
 */
export function parseCharacterStrings(text: string): string[] {
  const strings: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const quoted = c === '"';
    if (quoted) i++;
    let value = '';
    let closed = !quoted;
    while (i < text.length) {
      const ch = text[i];
      if (quoted && ch === '"') {
        closed = true;
        i++;
        break;
      }
      if (!quoted && (ch === ' ' || ch === '\t' || ch === '"')) break;
      if (ch === '\\') {
        const digits = /^\d{3}/.exec(text.slice(i + 1));
        if (digits) {
          value += String.fromCharCode(Number(digits[0]));
          i += 4;
        } else if (i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else {
          throw new Error(`dangling backslash at the end of ${JSON.stringify(text)}`);
        }
        continue;
      }
      value += ch;
      i++;
    }
    if (!closed) throw new Error(`unterminated quoted string in ${JSON.stringify(text)}`);
    strings.push(value);
  }
  return strings;
}

/** Renders one character-string in master-file syntax: quoted, with `"` and `\` escaped. */
export function quoteCharacterString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${String(code).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Cuts `text` into pieces of at most `size` bytes (ASCII input assumed, as in SPF/DKIM/DMARC). */
export function chunkText(text: string, size = MAX_CHARACTER_STRING_BYTES): string[] {
  if (text === '') return [''];
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}
