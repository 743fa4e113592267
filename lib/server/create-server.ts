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
