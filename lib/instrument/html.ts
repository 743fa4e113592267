// Rewrites an HTML body: tracked links get their click URLs, opt-out attributes disappear,
// javascript: links are neutralised, and the pixel plus an invisible honeypot link go just
// before </body> (or at the end). Everything else is copied byte for byte.
import { scanHtml, type FoundHref, type Span } from './html-scan';
import { normalizeWebUrl } from './url';

export type HrefAction = { kind: 'track'; url: string } | { kind: 'neutralise' } | { kind: 'keep' };

export interface HtmlPlan {
  source: string;
  hrefs: (FoundHref & { action: HrefAction })[];
  removals: Span[];
  insertAt: number;
}

/** Decides, for every link of the document, what happens to it. */
export function planHtml(html: string, isOwnUrl: (url: string) => boolean): HtmlPlan {
  const scan = scanHtml(html);

  return {
    source: html,
    hrefs: scan.hrefs.map((href) => ({ ...href, action: decideHref(href, isOwnUrl) })),
    removals: scan.removals,
    insertAt: scan.bodyClose ?? html.length,
  };
}

// Browsers drop tabs and newlines anywhere in a URL and ignore leading spaces and controls,
// so "java\tscript:" is still a script URL.
function schemeOf(value: string): string {
  const cleaned = value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return match ? match[1]!.toLowerCase() : '';
}

function decideHref(href: FoundHref, isOwnUrl: (url: string) => boolean): HrefAction {
  const scheme = schemeOf(href.value);
  if (scheme === 'javascript' || scheme === 'vbscript') return { kind: 'neutralise' };
  if (href.optOut || (scheme !== 'http' && scheme !== 'https')) return { kind: 'keep' };

  const url = normalizeWebUrl(href.value);
  if (url === null || isOwnUrl(url)) return { kind: 'keep' };
  return { kind: 'track', url };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies the plan. clickUrls holds one URL per tracked href, in document order; appendix is
 * inserted at the plan's insertion point.
 */
export function renderHtml(plan: HtmlPlan, clickUrls: readonly string[], appendix: string): string {
  const edits: Edit[] = plan.removals.map((r) => ({ ...r, text: '' }));
  let next = 0;

  for (const href of plan.hrefs) {
    if (href.action.kind === 'track') {
      const url = clickUrls[next++];
      if (url === undefined) throw new Error('fewer click URLs than tracked links');
      edits.push({ start: href.start, end: href.end, text: url });
    } else if (href.action.kind === 'neutralise') {
      edits.push({ start: href.start, end: href.end, text: '#' });
    }
  }
  edits.push({ start: plan.insertAt, end: plan.insertAt, text: appendix });

  return applyEdits(plan.source, edits);
}

function applyEdits(source: string, edits: Edit[]): string {
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let cursor = 0;

  for (const edit of ordered) {
    parts.push(source.slice(cursor, edit.start), edit.text);
    cursor = edit.end;
  }
  parts.push(source.slice(cursor));
  return parts.join('');
}

/** The tracked destinations of a plan, in document order. */
export function trackedUrls(plan: HtmlPlan): string[] {
  return plan.hrefs.flatMap((h) => (h.action.kind === 'track' ? [h.action.url] : []));
}

/** The 1x1 pixel and the honeypot link, both invisible to a person. */
export function trackingAppendix(openUrl: string, honeypotUrl: string): string {
  const pixel =
    `<img src="${openUrl}" width="1" height="1" alt="" ` +
    'style="width:1px;height:1px;border:0;margin:0;padding:0;display:block">';
  const honeypot =
    `<a href="${honeypotUrl}" aria-hidden="true" tabindex="-1" ` +
    'style="display:none;mso-hide:all;font-size:0;line-height:0;max-height:0;overflow:hidden"></a>';
  return honeypot + pixel;
}
