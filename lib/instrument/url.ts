// Destination URLs: what counts as a web link, and the one normal form a link is registered in.
// The WHATWG URL serialiser is the standard normalisation: it percent-encodes non-ASCII once,
// leaves existing %XX escapes alone (so nothing is double-encoded) and keeps the fragment.

const WEB_SCHEME = /^https?:$/;

/** The normal form of an http(s) URL, or null when the text is not one. */
export function normalizeWebUrl(text: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    return null;
  }

  if (!WEB_SCHEME.test(parsed.protocol) || parsed.hostname === '') return null;
  return parsed.href;
}

/** True for an absolute http(s) URL. */
export function isWebUrl(text: string): boolean {
  return normalizeWebUrl(text) !== null;
}

/**
 * Adds query parameters before the fragment (C7), keeping parameters the link already has:
 * an existing utm_source is the sender's own choice and wins.
 */
export function addQueryParams(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);

  for (const [name, value] of Object.entries(params)) {
    if (!parsed.searchParams.has(name)) appendParam(parsed, name, value);
  }
  return parsed.href;
}

// URLSearchParams.set would re-serialise the whole query (turning %20 into +, encoding [ and ]),
// changing bytes of parameters we were not asked to touch; appending text keeps them.
function appendParam(parsed: URL, name: string, value: string): void {
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const query = parsed.search.length > 1 ? `${parsed.search.slice(1)}&${pair}` : pair;
  parsed.search = query;
}
