// Content-Transfer-Encoding and charset handling for MIME text parts. A rewritten part goes
// back out in its own transfer encoding, charset and line endings, so a reader sees no change
// apart from the links.
import { AppError } from '../errors';

export type TransferEncoding = 'quoted-printable' | 'base64' | '7bit' | '8bit' | 'binary';

const QP_LINE = 76;
const BASE64_LINE = 76;

export function parseTransferEncoding(value: string | undefined): TransferEncoding {
  const v = (value ?? '7bit').trim().toLowerCase();
  if (v === 'quoted-printable' || v === 'base64' || v === '8bit' || v === 'binary') return v;
  return '7bit';
}

/** Bytes of a body (given as a latin1 string, one char per byte) after transfer decoding. */
export function decodeTransfer(raw: string, encoding: TransferEncoding): Buffer {
  if (encoding === 'base64') return Buffer.from(raw.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding !== 'quoted-printable') return Buffer.from(raw, 'latin1');

  const joined = raw.replace(/=[ \t]*\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Transfer-encodes bytes with the given line ending; returns a latin1 string. */
export function encodeTransfer(bytes: Buffer, encoding: TransferEncoding, eol: string): string {
  if (encoding === 'base64') {
    const text = bytes.toString('base64');
    const lines = text.match(new RegExp(`.{1,${BASE64_LINE}}`, 'g')) ?? [];
    return lines.join(eol);
  }
  if (encoding === 'quoted-printable') return encodeQuotedPrintable(bytes, eol);
  return bytes.toString('latin1');
}

function encodeQuotedPrintable(bytes: Buffer, eol: string): string {
  const lines = splitLines(bytes);
  return lines.map((line) => wrapQpLine(line, eol)).join(eol);
}

function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] !== 0x0a) continue;
    const end = i > start && bytes[i - 1] === 0x0d ? i - 1 : i;
    lines.push(bytes.subarray(start, end));
    start = i + 1;
  }
  lines.push(bytes.subarray(start));
  return lines;
}

// Each byte becomes one token; a soft break (=) keeps encoded lines within 76 characters
// without splitting an =XX escape.
function wrapQpLine(line: Buffer, eol: string): string {
  const tokens = [...line].map((byte, i) => qpToken(byte, i === line.length - 1));
  const out: string[] = [];
  let current = '';

  for (const token of tokens) {
    if (current.length + token.length > QP_LINE - 1) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  out.push(current);
  return out.join(eol);
}

function qpToken(byte: number, last: boolean): string {
  const printable = byte >= 33 && byte <= 126 && byte !== 61;
  const space = (byte === 32 || byte === 9) && !last;
  if (printable || space) return String.fromCharCode(byte);
  return `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Decodes text in a charset the runtime knows; unknown charsets are a clear error. */
export function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    throw new AppError('bad_request', `unsupported charset: ${charset}`);
  }
}

const reverseTables = new Map<string, Map<string, number>>();

/** Encodes text back into its charset: UTF-8, or any single-byte charset. */
export function encodeCharset(text: string, charset: string): Buffer {
  const name = charset.toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return Buffer.from(text, 'utf8');

  const table = singleByteTable(name);
  const bytes: number[] = [];
  for (const char of text) {
    const byte = table.get(char);
    if (byte === undefined) {
      throw new AppError('bad_request', `text cannot be written in charset ${charset}`);
    }
    bytes.push(byte);
  }
  return Buffer.from(bytes);
}

// A single-byte charset is fully described by decoding its 256 bytes; reversing that table
// encodes. Multi-byte charsets (Shift_JIS, GB2312, ...) are refused.
function singleByteTable(charset: string): Map<string, number> {
  const cached = reverseTables.get(charset);
  if (cached) return cached;

  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const decoded = [...decodeCharset(all, charset)];
  if (decoded.length !== 256) throw new AppError('bad_request', `unsupported charset: ${charset}`);

  const table = new Map<string, number>();
  decoded.forEach((char, byte) => {
    if (char !== '\uFFFD' && !table.has(char)) table.set(char, byte);
  });
  reverseTables.set(charset, table);
  return table;
}
