/**
 * Reports as receivers deliver them: email messages (`.eml`, a maildir file) whose
 * attachments hold the report, and mbox files holding many such messages. MIME is parsed by
 * postal-mime; an mbox is split on its `From ` separator lines.
 */
import PostalMime from 'postal-mime';
import { ReportError } from './model';

/** One attachment (or single-part body) of a message. */
export interface MailPart {
  /** The attachment's file name, or `attachment N` when it has none. */
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

/**
 * The attachments of one message, including a body that is itself the report (Mimecast
 * sends `Content-Type: application/gzip` as the whole message).
 * @throws ReportError when the message cannot be parsed
 */
export async function messageParts(bytes: Uint8Array): Promise<MailPart[]> {
  let email: PostalMime.Email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 16 });
  } catch (error) {
    throw new ReportError(`is not a readable email message: ${(error as Error).message}`);
  }
  return email.attachments.map((a, i) => ({
    name: a.filename ?? `attachment ${i + 1}`,
    mimeType: a.mimeType,
    bytes: typeof a.content === 'string' ? Buffer.from(a.content, 'base64') : new Uint8Array(a.content),
  }));
}

/**
 * A separator line: `From <sender> <date>`, where the date has a time of day. mboxo and
 * mboxrd writers (Postfix, Dovecot, Thunderbird, Gmail's export) all write one, after an
 * empty line, and escape body lines that start with `From ` as `>From `.
 * @see https://www.rfc-editor.org/rfc/rfc4155
 */
const SEPARATOR = /^From \S+ +[^\r\n]*\d{1,2}:\d{2}[^\r\n]*\r?$/;

/**
 * Splits an mbox into its messages, separator lines removed and mboxrd `>From ` quoting
 * undone. A `From ` line counts as a separator only at the start of the file or after an
 * empty line, and only with a date, so an unescaped body line rarely splits a message.
 */
export function splitMbox(bytes: Uint8Array): Buffer[] {
  // Latin-1 maps bytes to characters one to one, so offsets in the text are byte offsets.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const starts: number[] = [];
  let previousBlank = true;
  for (let offset = 0; offset < text.length;) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(offset, lineEnd);
    if (previousBlank && line.startsWith('From ') && SEPARATOR.test(line)) starts.push(offset);
    previousBlank = line === '' || line === '\r';
    offset = lineEnd + 1;
  }
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const firstNewline = text.indexOf('\n', start);
    const body = firstNewline === -1 || firstNewline >= end ? '' : text.slice(firstNewline + 1, end);
    return Buffer.from(body.replace(/^>(>*From )/gm, '$1'), 'latin1');
  });
}
