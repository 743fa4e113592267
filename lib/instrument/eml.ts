// Instruments a whole RFC 5322 message: its first inline HTML part and first plain-text part
// are decoded, instrumented and re-encoded in place; the List-Unsubscribe headers are added at
// the end of the top-level header block. Every other header and part keeps its exact bytes.
import type { Database } from '../db';
import { AppError } from '../errors';
import { instrumentMessage, type InstrumentedMessage, type InstrumentInput } from './instrument';
import { findTextParts, type HeaderBlock, type TextPart } from './mime';
import { decodeCharset, decodeTransfer, encodeCharset, encodeTransfer } from './transfer-encoding';

export interface InstrumentedEml {
  /** The whole message, bytes. */
  eml: Buffer;
  message: InstrumentedMessage;
}

type EmlInput = Omit<InstrumentInput, 'html' | 'text'> & { eml: Buffer };

interface Replacement {
  start: number;
  end: number;
  text: string;
}

export async function instrumentEml(input: EmlInput, db?: Database): Promise<InstrumentedEml> {
  const raw = input.eml.toString('latin1');
  const { top, parts } = findTextParts(raw);
  const htmlPart = parts.find((p) => p.subtype === 'html');
  const textPart = parts.find((p) => p.subtype === 'plain');
  if (!htmlPart && !textPart)
    throw new AppError('bad_request', 'the message has no text or HTML part');

  const message = await instrumentMessage(
    {
      ...input,
      html: htmlPart ? readPart(raw, htmlPart) : null,
      text: textPart ? readPart(raw, textPart) : null,
    },
    db,
  );

  const replacements: Replacement[] = [unsubscribeHeaders(raw, top, message)];
  if (htmlPart) replacements.push(...writePart(raw, htmlPart, message.html!));
  if (textPart) replacements.push(...writePart(raw, textPart, message.text!));

  return { eml: Buffer.from(applyReplacements(raw, replacements), 'latin1'), message };
}

function readPart(raw: string, part: TextPart): string {
  const bytes = decodeTransfer(raw.slice(part.bodyStart, part.bodyEnd), part.encoding);
  return decodeCharset(bytes, part.charset);
}

// 7bit cannot carry the non-ASCII a merge field may bring; such a part switches to
// quoted-printable, the only case where a part header changes.
function writePart(raw: string, part: TextPart, text: string): Replacement[] {
  const bytes = encodeCharset(text, part.charset);
  const needsSwitch = part.encoding === '7bit' && bytes.some((b) => b > 0x7f);
  const encoding = needsSwitch ? 'quoted-printable' : part.encoding;

  const original = raw.slice(part.bodyStart, part.bodyEnd);
  const trailing = /\r?\n$/.exec(original)?.[0] ?? '';
  const body =
    encodeTransfer(bytes, encoding, part.header.eol) + (encoding === 'base64' ? trailing : '');
  const replacements = [{ start: part.bodyStart, end: part.bodyEnd, text: body }];

  if (needsSwitch) replacements.push(transferEncodingHeader(raw, part.header));
  return replacements;
}

function transferEncodingHeader(raw: string, header: HeaderBlock): Replacement {
  const block = raw.slice(header.start, header.end);
  const existing = /^content-transfer-encoding:[^\r\n]*/im.exec(block);
  if (existing) {
    const start = header.start + existing.index;
    return {
      start,
      end: start + existing[0].length,
      text: 'Content-Transfer-Encoding: quoted-printable',
    };
  }
  return {
    start: header.end,
    end: header.end,
    text: `${header.eol}Content-Transfer-Encoding: quoted-printable`,
  };
}

// Existing List-Unsubscribe headers are replaced: two conflicting ones would leave the mail
// client to pick either.
function unsubscribeHeaders(
  raw: string,
  top: HeaderBlock,
  message: InstrumentedMessage,
): Replacement {
  const eol = top.eol;
  const block = raw.slice(top.start, top.end);
  const kept = block
    .split(new RegExp(`${eol}(?![ \\t])`))
    .filter((field) => !/^list-unsubscribe(-post)?\s*:/i.test(field));
  const added = Object.entries(message.headers).map(([name, value]) => `${name}: ${value}`);

  return { start: top.start, end: top.end, text: [...kept, ...added].join(eol) };
}

function applyReplacements(raw: string, replacements: Replacement[]): string {
  const ordered = [...replacements].sort((a, b) => a.start - b.start);
  let cursor = 0;
  let out = '';
  for (const r of ordered) {
    out += raw.slice(cursor, r.start) + r.text;
    cursor = r.end;
  }
  return out + raw.slice(cursor);
}
