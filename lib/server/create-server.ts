// The HTTP server of the Node entry, apart from start-up: resolves the client address from the
// socket, answers /o/ and /c/ on the lean path, and hands everything else to Next.js with the
// forwarding headers replaced. Without a Next.js handler (tracking-only mode: a lean tracker
// process, and the tests) it also answers /api/health and refuses everything else with 404.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { applySecurityHeaders } from '../auth/security-headers';
import { describeError, log } from '../log';
import { readHealth } from '../tracking/health';
import { matchTrackingPath } from '../tracking/paths';
import { resolveClientAddress, type TrustedProxies } from './client-address';
import { replaceForwardedHeaders } from './forwarded-headers';
import { serveTracking } from './lean-tracking';
import { normaliseRequestTarget } from './request-target';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface VerityServerOptions {
  trusted: TrustedProxies;
  /** Serve /o/ and /c/ here rather than through Next.js. */
  lean: boolean;
  ackHeader: boolean;
  /** Next.js's request handler; absent in tracking-only mode. */
  next?: RequestHandler;
  dev?: boolean;
  secure?: boolean;
}

export function createVerityServer(options: VerityServerOptions): Server {
  const fallback = options.next ?? serveTrackingOnlyExtras;

  return createServer((req, res) => {
    req.url = normaliseRequestTarget(req.url ?? '/');
    const ip = resolveClientAddress(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'],
      options.trusted,
    );
    const trackingPath = options.lean || !options.next ? matchTrackingPath(req.url) : null;
    if (trackingPath) return void serveTracking(req, res, trackingPath, ip, options.ackHeader);

    const problem = unservableTarget(req.url, req.method);
    if (problem) return void answerBadRequest(res, problem);

    replaceForwardedHeaders(req, ip);
    if (options.next) {
      applySecurityHeaders(req, res, {
        dev: options.dev ?? false,
        secure: options.secure ?? false,
      });
    }
    Promise.resolve(fallback(req, res)).catch((error: unknown) => {
      log.error('request failed', { error: describeError(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}

/**
 * Targets Next.js would answer with a 500: the asterisk form (`OPTIONS *`) and a path whose
 * percent-encoding does not decode. Answered here with a 400 naming the problem (or, for
 * `OPTIONS *`, the methods the server allows).
 */
function unservableTarget(target: string, method: string | undefined): string | null {
  if (target === '*') return method === 'OPTIONS' ? 'asterisk' : 'the asterisk form is for OPTIONS';
  const path = target.split('?', 1)[0];
  // Tracking paths are answered by their route handlers whatever the token (the GIF, or the
  // link-not-found page), never with an error a mail client would show.
  if (/^\/[oc]\//.test(path)) return null;
  try {
    decodeURIComponent(path);
    return null;
  } catch {
    return 'the path has malformed percent-encoding';
  }
}

function answerBadRequest(res: ServerResponse, problem: string): void {
  if (problem === 'asterisk') {
    res.writeHead(204, { allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' });
    res.end();
    return;
  }
  res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: 'bad_request', message: problem }));
}

async function serveTrackingOnlyExtras(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url === '/api/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    const report = await readHealth();
    const body = JSON.stringify(report);
    res.writeHead(report.ok ? 200 : 503, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ error: 'not_found', message: 'this tracker serves /o/, /c/ and /api/health' }),
  );
}
