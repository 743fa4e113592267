// CSRF defence for server actions, on top of Next.js's own Origin check (which lets a request
// without Origin through, and answers a foreign one with a 500): a state change must say it
// comes from this site, by an Origin equal to the Host, or, without Origin, by
// Sec-Fetch-Site: same-origin.

export interface RequestOriginFacts {
  origin: string | null;
  secFetchSite: string | null;
  host: string | null;
  /**
   * A server action call: the Next-Action header (calls from script) or a form body (a form
   * posted before scripts load). A GET route handler that shares requireActionContext (the CSV
   * downloads) is neither, changes nothing, and may be opened from anywhere.
   */
  isAction: boolean;
}

const FORM_BODY = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/** The host (name and port) an Origin header names, or null for `null` or unparsable text. */
function readOriginHost(origin: string): string | null {
  if (origin === 'null') return null;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.host;
  } catch {
    return null;
  }
}

/** True when the request provably comes from a page of this site. */
export function isSameOriginRequest(facts: RequestOriginFacts): boolean {
  if (!facts.host) return false;
  if (facts.origin !== null) {
    return readOriginHost(facts.origin.trim())?.toLowerCase() === facts.host.toLowerCase();
  }
  return facts.secFetchSite === 'same-origin';
}

/** The facts from a Headers object (a Next.js request, or headers() in a server action). */
export function readOriginFacts(headers: Headers): RequestOriginFacts {
  return {
    origin: headers.get('origin'),
    secFetchSite: headers.get('sec-fetch-site'),
    host: headers.get('host'),
    isAction: headers.has('next-action') || FORM_BODY.test(headers.get('content-type') ?? ''),
  };
}
