// Links in plain text: there is no markup, so a web link is a run of URL characters starting
// with http:// or https://. Trailing sentence punctuation belongs to the sentence, not the URL.
import { normalizeWebUrl } from './url';

export interface TextLink {
  start: number;
  end: number;
  url: string;
}

const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function findTextLinks(text: string, isOwnUrl: (url: string) => boolean): TextLink[] {
  const links: TextLink[] = [];

  for (const match of text.matchAll(CANDIDATE)) {
    const raw = trimTrailing(match[0]);
    const url = normalizeWebUrl(raw);
    if (url === null || isOwnUrl(url)) continue;
    links.push({ start: match.index, end: match.index + raw.length, url });
  }
  return links;
}

// A closing bracket stays when the URL itself opened one: https://en.example/wiki/A_(b)
function trimTrailing(raw: string): string {
  const trailing = TRAILING.exec(raw)?.[0] ?? '';
  let cut = raw.length - trailing.length;

  const kept = raw.slice(0, cut);
  if (trailing.startsWith(')') && countChar(kept, '(') > countChar(kept, ')')) cut += 1;
  return raw.slice(0, cut);
}

function countChar(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Replaces each link with its tracking URL (one per link, in order). */
export function renderText(text: string, links: TextLink[], urls: readonly string[]): string {
  const parts: string[] = [];
  let cursor = 0;

  links.forEach((link, i) => {
    parts.push(text.slice(cursor, link.start), urls[i]!);
    cursor = link.end;
  });
  parts.push(text.slice(cursor));
  return parts.join('');
}
