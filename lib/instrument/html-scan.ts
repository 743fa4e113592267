// Finds the links of an HTML document with htmlparser2's tokenizer, which reports the exact
// source offsets of every attribute. Only attribute values are ever replaced, so every other
// byte of the message (whitespace, comments, odd markup) survives untouched. Outlook
// conditional comments (<!--[if mso]>...<![endif]-->) hold real markup such as VML buttons;
// their contents are tokenized again, with offsets shifted into the outer document.
import { QuoteType, Tokenizer } from 'htmlparser2';

/** A link attribute found in the document. */
export interface FoundHref {
  /** Decoded attribute value (entities resolved), as a browser would read it. */
  value: string;
  /** Source range of the raw value, without quotes. */
  start: number;
  end: number;
  tag: string;
  /** The element carries the opt-out attribute: leave the link alone. */
  optOut: boolean;
}

/** A source range to delete (the opt-out attribute itself). */
export interface Span {
  start: number;
  end: number;
}

export interface HtmlScan {
  hrefs: FoundHref[];
  /** Opt-out attributes to remove from the output. */
  removals: Span[];
  /** Offset of the last top-level </body>, or null when there is none. */
  bodyClose: number | null;
}

export const OPT_OUT_ATTRIBUTE = 'data-verity-notrack';

const LINK_TAGS = new Set(['a', 'area']);

interface Attr {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** End of the whole attribute, closing quote included. */
  rawEnd: number;
  value: string;
  valueStart: number;
  valueEnd: number;
}

export function scanHtml(html: string): HtmlScan {
  const scan: HtmlScan = { hrefs: [], removals: [], bodyClose: null };
  scanInto(html, 0, scan, true);
  return scan;
}

// Vml tags are namespaced (v:roundrect, v:rect, v:shape, ...); they carry href like <a>.
function isLinkTag(tag: string): boolean {
  return LINK_TAGS.has(tag) || tag.startsWith('v:');
}

function scanInto(source: string, offset: number, scan: HtmlScan, topLevel: boolean): void {
  let tag = '';
  let attrs: Attr[] = [];
  let current: Attr | null = null;

  const finishTag = () => {
    collectTag(source, tag, attrs, scan, offset);
    tag = '';
    attrs = [];
  };

  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        tag = source.slice(start, end).toLowerCase();
        attrs = [];
      },
      onattribname(start, end) {
        current = {
          name: source.slice(start, end).toLowerCase(),
          nameStart: start,
          nameEnd: end,
          rawEnd: end,
          value: '',
          valueStart: end,
          valueEnd: end,
        };
      },
      onattribdata(start, end) {
        if (current) current.value += source.slice(start, end);
      },
      onattribentity(codepoint) {
        if (current) current.value += String.fromCodePoint(codepoint);
      },
      onattribend(quote, endIndex) {
        if (!current) return;
        locateValue(source, current, quote, endIndex);
        attrs.push(current);
        current = null;
      },
      onopentagend: finishTag,
      onselfclosingtag: finishTag,
      onclosetag(start, end) {
        if (topLevel && source.slice(start, end).toLowerCase() === 'body') {
          // The tokenizer reports the name; the tag itself starts at the "</" before it.
          scan.bodyClose = source.lastIndexOf('</', start) + offset;
        }
      },
      oncomment(start, end) {
        const body = source.slice(start, end);
        if (/^\[if[^\]]*\]>/i.test(body)) scanInto(body, offset + start, scan, false);
      },
      oncdata() {},
      ondeclaration() {},
      onend() {},
      onprocessinginstruction() {},
      ontext() {},
      ontextentity() {},
    },
  );

  tokenizer.write(source);
  tokenizer.end();
}

// The tokenizer tells where an attribute ends; the value's own start is found from the source:
// after the name, optional spaces, "=", optional spaces, and the opening quote if any.
function locateValue(source: string, attr: Attr, quote: QuoteType, endIndex: number): void {
  if (quote === QuoteType.NoValue) {
    attr.valueStart = attr.valueEnd = attr.rawEnd = attr.nameEnd;
    return;
  }

  const equals = source.indexOf('=', attr.valueStart);
  let start = equals + 1;
  while (/\s/.test(source[start] ?? '')) start += 1;

  if (quote === QuoteType.Unquoted) {
    attr.valueStart = start;
    attr.valueEnd = attr.rawEnd = endIndex;
  } else {
    attr.valueStart = start + 1;
    attr.valueEnd = endIndex - 1;
    attr.rawEnd = endIndex;
  }
}

function collectTag(
  source: string,
  tag: string,
  attrs: Attr[],
  scan: HtmlScan,
  offset: number,
): void {
  const optOut = attrs.find((a) => a.name === OPT_OUT_ATTRIBUTE);
  if (optOut) scan.removals.push(attributeSpan(source, optOut, offset));
  if (!isLinkTag(tag)) return;

  // Only the first href counts, as in a browser.
  const href = attrs.find((a) => a.name === 'href');
  if (!href) return;

  scan.hrefs.push({
    value: href.value,
    start: href.valueStart + offset,
    end: href.valueEnd + offset,
    tag,
    optOut: optOut !== undefined,
  });
}

// The whole attribute with the whitespace before it, so removing it leaves clean markup.
function attributeSpan(source: string, attr: Attr, offset: number): Span {
  let start = attr.nameStart;
  while (start > 0 && /\s/.test(source[start - 1]!)) start -= 1;
  return { start: start + offset, end: attr.rawEnd + offset };
}
