// The content security policy: scripts only by nonce, no framing, no plugins.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, buildContentSecurityPolicy } from '@/lib/auth/security-headers';

describe('content security policy', () => {
  it('allows scripts only with the nonce in production', () => {
    const policy = buildContentSecurityPolicy({ nonce: 'abc', dev: false, secure: false });
    const script = policy.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('adds eval and websockets only in development, upgrades only over https', () => {
    const dev = buildContentSecurityPolicy({ nonce: 'n', dev: true, secure: true });
    expect(dev).toContain("'unsafe-eval'");
    expect(dev).toContain("connect-src 'self' ws: wss:");
    expect(dev).toContain('upgrade-insecure-requests');
  });

  it('puts one fresh policy on the request (for Next.js) and the response', () => {
    const seen: Record<string, string> = {};
    const req = { headers: { 'content-security-policy': "script-src 'nonce-chosen-by-client'" } };
    const res = { setHeader: (k: string, v: string) => (seen[k] = v) };
    applySecurityHeaders(req as unknown as IncomingMessage, res as unknown as ServerResponse, {
      dev: false,
      secure: false,
    });
    const first = seen['Content-Security-Policy'];
    expect(req.headers['content-security-policy']).toBe(first);
    expect(first).not.toContain('chosen-by-client');
    expect(first).toMatch(/'nonce-[\w+/]{22}=='/);

    applySecurityHeaders(req as unknown as IncomingMessage, res as unknown as ServerResponse, {
      dev: false,
      secure: false,
    });
    expect(seen['Content-Security-Policy']).not.toBe(first);
  });
});
