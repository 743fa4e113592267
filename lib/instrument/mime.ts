// A small RFC 5322 / MIME reader that records where things are rather than rebuilding them:
// the message is handled as a latin1 string (one char per byte), and every text part is
// located by offsets, so a rewrite can replace exactly one part body and leave every other
// byte of the message alone.
import { AppError } from '../errors';
import { parseTransferEncoding, type TransferEncoding } from './transfer-encoding';

export interface HeaderBlock {
  /** Offsets of the header block (without the blank line) and the body. */
  start: number;
  end: number;
  bodyStart: number;
  eol: string;
  /** Unfolded headers, names lower-cased, in order. */
  fields: { name: string; value: string }[];
}

export interface TextPart {
  subtype: 'html' | 'plain';
  charset: string;
  encoding: TransferEncoding;
  header: HeaderBlock;
  bodyStart: number;
  bodyEnd: number;
}

const MAX_DEPTH = 20;
const TEXT_SUBTYPES: Record<string, 'html' | 'plain' | undefined> = {
  'text/html': 'html',
  'text/plain': 'plain',
};

export function readHeaderBlock(raw: string, start: number, end: number): HeaderBlock {
  const crlf = raw.indexOf('\r\n\r\n', start);
  const lf = raw.indexOf('\n\n', start);
  const useCrlf = crlf >= 0 && crlf < end && (lf < 0 || crlf <= lf);
  const blank = useCrlf ? crlf : lf >= 0 && lf < end ? lf : -1;
  const eol = useCrlf || (blank < 0 && raw.includes('\r\n')) ? '\r\n' : '\n';

  // A part whose header block starts with the blank line has no headers.
  const startsBlank = raw.startsWith(eol, start);
  const headerEnd = startsBlank ? start : blank < 0 ? end : blank;
  const bodyStart = startsBlank ? start + eol.length : blank < 0 ? end : blank + eol.length * 2;

  const fields = parseFields(raw.slice(start, headerEnd));
  return { start, end: headerEnd, bodyStart, eol, fields };
}

function parseFields(block: string): { name: string; value: string }[] {
  const unfolded = block.replace(/\r?\n(?=[ \t])/g, '');
  return unfolded
    .split(/\r?\n/)
    .map((line) => /^([^:\s]+)\s*:(.*)$/.exec(line.replace(/\r$/, '')))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!.toLowerCase(), value: m[2]!.trim() }));
}

export function headerValue(block: HeaderBlock, name: string): string | undefined {
  return block.fields.find((f) => f.name === name)?.value;
}

interface ContentType {
  type: string;
  params: Record<string, string>;
}

export function parseContentType(value: string | undefined): ContentType {
  const [type, ...rest] = (value ?? 'text/plain').split(';');
  const params: Record<string, string> = {};

  for (const param of rest.join(';').matchAll(/([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]+)/g)) {
    const raw = param[2]!;
    const unquoted = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    params[param[1]!.toLowerCase()] = unquoted;
  }
  return { type: type!.trim().toLowerCase(), params };
}

export interface LeafPart {
  type: string;
  params: Record<string, string>;
  disposition: string;
  header: HeaderBlock;
  bodyStart: number;
  bodyEnd: number;
}

/** Every non-multipart part of the message, in order, with its content type. */
export function listLeafParts(raw: string): { top: HeaderBlock; leaves: LeafPart[] } {
  const top = readHeaderBlock(raw, 0, raw.length);
  if (top.fields.length === 0) {
    throw new AppError('bad_request', 'not an RFC 5322 message: no headers');
  }
  const leaves: LeafPart[] = [];
  walk(raw, top, raw.length, leaves, 0);
  return { top, leaves };
}

/** Every inline text/html and text/plain part of the message, in order. */
export function findTextParts(raw: string): { top: HeaderBlock; parts: TextPart[] } {
  const { top, leaves } = listLeafParts(raw);
  const parts = leaves.flatMap((leaf): TextPart[] => {
    const subtype = TEXT_SUBTYPES[leaf.type];
    if (subtype === undefined || leaf.disposition.startsWith('attachment')) return [];
    return [
      {
        subtype,
        charset: leaf.params.charset ?? 'us-ascii',
        encoding: parseTransferEncoding(headerValue(leaf.header, 'content-transfer-encoding')),
        header: leaf.header,
        bodyStart: leaf.bodyStart,
        bodyEnd: leaf.bodyEnd,
      },
    ];
  });
  return { top, parts };
}

function walk(raw: string, header: HeaderBlock, end: number, leaves: LeafPart[], depth: number) {
  if (depth > MAX_DEPTH) throw new AppError('bad_request', 'MIME parts nested too deeply');

  const contentType = parseContentType(headerValue(header, 'content-type'));
  if (contentType.type.startsWith('multipart/')) {
    const boundary = contentType.params.boundary;
    if (!boundary) throw new AppError('bad_request', 'multipart part without a boundary');
    for (const child of splitMultipart(raw, header.bodyStart, end, boundary)) {
      walk(raw, readHeaderBlock(raw, child.start, child.end), child.end, leaves, depth + 1);
    }
    return;
  }

  leaves.push({
    type: contentType.type,
    params: contentType.params,
    disposition: (headerValue(header, 'content-disposition') ?? '').toLowerCase(),
    header,
    bodyStart: header.bodyStart,
    bodyEnd: end,
  });
}

// Children lie between delimiter lines "--boundary"; the line break before a delimiter
// belongs to the delimiter (RFC 2046 5.1.1), so it is not part of the child.
function splitMultipart(raw: string, start: number, end: number, boundary: string) {
  const pattern = `(?<=^|\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?=\\r?\\n|$)`;
  const delimiter = new RegExp(pattern, 'g');
  delimiter.lastIndex = start;

  const found: { at: number; after: number; closing: boolean }[] = [];
  for (let m = delimiter.exec(raw); m && m.index < end; m = delimiter.exec(raw)) {
    const at = lineBreakStart(raw, m.index, start);
    found.push({ at, after: m.index + m[0].length, closing: m[1] === '--' });
    if (m[1] === '--') break;
  }

  const children: { start: number; end: number }[] = [];
  for (let i = 0; i < found.length - 1; i += 1) {
    if (found[i]!.closing) break;
    children.push({ start: skipLineBreak(raw, found[i]!.after), end: found[i + 1]!.at });
  }
  return children;
}

function lineBreakStart(raw: string, at: number, floor: number): number {
  let index = at;
  if (index > floor && raw[index - 1] === '\n') index -= 1;
  if (index > floor && raw[index - 1] === '\r') index -= 1;
  return index;
}

function skipLineBreak(raw: string, at: number): number {
  if (raw.startsWith('\r\n', at)) return at + 2;
  if (raw.startsWith('\n', at)) return at + 1;
  return at;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
