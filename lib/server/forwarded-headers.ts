// Before a request reaches Next.js, every forwarding header the client could have written is
// removed and x-forwarded-for is set to the address resolved from the socket, so route
// handlers may trust it.
import type { IncomingMessage } from 'node:http';

const CLIENT_FORWARDING_HEADERS = new Set(['x-forwarded-for', 'x-real-ip', 'forwarded']);

export function replaceForwardedHeaders(req: IncomingMessage, clientAddress: string): void {
  for (const name of CLIENT_FORWARDING_HEADERS) delete req.headers[name];
  req.headers['x-forwarded-for'] = clientAddress;

  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!CLIENT_FORWARDING_HEADERS.has(req.rawHeaders[i].toLowerCase())) {
      raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
  }
  raw.push('X-Forwarded-For', clientAddress);
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
}
