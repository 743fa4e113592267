// The content security policy, set by the custom server in front of Next.js (the fixed security
// headers are in next.config.mjs). The policy carries a fresh nonce per request: Next.js reads
// the policy from the request headers and puts that nonce on its own inline scripts, so no other
// inline script runs.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HeaderOptions {
  nonce: string;
  /** Development needs eval for fast refresh and a websocket for hot reload. */
  dev: boolean;
  /** Served over https: add HSTS and upgrade any http subresource. */
  secure: boolean;
}

export function buildContentSecurityPolicy({ nonce, dev, secure }: HeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React and recharts set style attributes, which a nonce cannot cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (secure) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/**
 * Call before handing a request to Next.js. Replaces any policy header the client sent (a
 * client must not choose the nonce) and sets the same policy on the response.
 */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: { dev: boolean; secure: boolean },
): void {
  const nonce = randomBytes(16).toString('base64');
  const policy = buildContentSecurityPolicy({ nonce, ...options });

  delete req.headers['content-security-policy-report-only'];
  req.headers['content-security-policy'] = policy;
  res.setHeader('Content-Security-Policy', policy);
}
