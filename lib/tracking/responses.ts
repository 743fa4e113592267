// The answers the tracking endpoints give, independent of how they are sent (the lean path in
// lib/server writes them to a node:http response, the route handlers wrap them in a Response).
export const GIF = Buffer.from(
  'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==',
  'base64',
);

export interface TrackingAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const NO_CACHE = {
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
  pragma: 'no-cache',
  expires: '0',
};

const PIXEL_ANSWER: TrackingAnswer = {
  status: 200,
  headers: { 'content-type': 'image/gif', 'content-length': String(GIF.length), ...NO_CACHE },
  body: GIF,
};

const NOT_FOUND_HTML = Buffer.from(
  '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Link not found</title>' +
    '<meta name="robots" content="noindex"></head>\n<body><h1>Link not found</h1>\n' +
    '<p>This link is not valid. Check that it was copied completely.</p></body></html>\n',
);

const NOT_FOUND_ANSWER: TrackingAnswer = {
  status: 404,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(NOT_FOUND_HTML.length),
    'cache-control': 'no-store',
  },
  body: NOT_FOUND_HTML,
};

const UNAVAILABLE_HTML = Buffer.from(
  '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Try again</title></head>' +
    '\n<body><h1>Please try again in a moment</h1></body></html>\n',
);

/** The transparent 1x1 GIF (43 bytes), never cached. The same answer whatever happened. */
export function pixelAnswer(): TrackingAnswer {
  return PIXEL_ANSWER;
}

/** 302 to a registered destination; never 301, never cached, no referrer to the destination. */
export function redirectAnswer(url: string): TrackingAnswer {
  return {
    status: 302,
    headers: {
      location: url,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-length': '0',
    },
    body: Buffer.alloc(0),
  };
}

/** A plain page for click tokens that are forged, edited, unknown or of another account. */
export function notFoundAnswer(): TrackingAnswer {
  return NOT_FOUND_ANSWER;
}

/** A genuine click token whose destination cannot be read right now (database away, not cached). */
export function unavailableAnswer(): TrackingAnswer {
  return {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(UNAVAILABLE_HTML.length),
      'cache-control': 'no-store',
      'retry-after': '5',
    },
    body: UNAVAILABLE_HTML,
  };
}

export function methodNotAllowedAnswer(): TrackingAnswer {
  return {
    status: 405,
    headers: { allow: 'GET, HEAD', 'content-length': '0', 'cache-control': 'no-store' },
    body: Buffer.alloc(0),
  };
}
