// Authentication and error mapping for route handlers. API keys authenticate /api/v1; cookie
// sessions authenticate the dashboard's own handlers, which must also pass the same-origin
// check on every state change (a cross-site form cannot carry our Origin).
import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import { prisma } from '@/lib/db';
import { AppError, httpStatus } from '@/lib/errors';
import { describeError, log } from '@/lib/log';
import { authConfig } from './auth-config';

export interface ApiContext {
  accountId: string;
  keyId: string;
}

// lastUsedAt is written at most once a minute per key, not on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** Throws AppError 'unauthorized' (401) for a missing, unknown or revoked key. */
export async function requireApiKey(request: Request): Promise<ApiContext> {
  const key = bearerToken(request);
  if (!key) throw new AppError('unauthorized', 'missing API key: send Authorization: Bearer <key>');
  if (key.length > 200) throw new AppError('unauthorized', 'unknown or revoked API key');

  const db = await prisma();
  const found = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(key) },
    select: { id: true, accountId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!found || found.revokedAt) throw new AppError('unauthorized', 'unknown or revoked API key');

  const now = new Date();
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: now } });
  }
  return { accountId: found.accountId, keyId: found.id };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF guard for cookie-authenticated handlers: a state change must come from this site.
 * Browsers send Origin on every cross-origin POST and Sec-Fetch-Site on every request.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;

  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new AppError('forbidden', 'cross-site request refused');
  }
  const origin = request.headers.get('origin');
  if (!origin) {
    if (site === 'same-origin') return;
    throw new AppError('forbidden', 'cross-site request refused: no Origin header');
  }
  const allowed = new Set([new URL(request.url).origin, new URL(authConfig().baseUrl).origin]);
  if (!allowed.has(origin)) throw new AppError('forbidden', 'cross-site request refused');
}

export function errorResponse(error: AppError): Response {
  const body = {
    error: { code: error.code, message: error.message, details: error.details ?? {} },
  };
  return Response.json(body, {
    status: httpStatus(error),
    headers: { 'cache-control': 'no-store' },
  });
}

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new AppError('bad_request', 'invalid request', { issues });
  }
  return null;
}

/**
 * Wraps a route handler: awaits its params, maps AppError (and zod errors) to their JSON answer,
 * and anything else to a generic 500 whose cause is only logged.
 */
export function apiRoute<P>(
  handler: (request: Request, params: P) => Promise<Response>,
): (request: Request, ctx: { params: Promise<P> }) => Promise<Response> {
  return async (request, ctx) => {
    try {
      return await handler(request, await ctx.params);
    } catch (error) {
      const known = toAppError(error);
      if (known) return errorResponse(known);

      log.error('route handler failed', {
        method: request.method,
        path: new URL(request.url).pathname,
        error: describeError(error),
      });
      return Response.json(
        { error: { code: 'internal', message: 'internal error' } },
        { status: 500, headers: { 'cache-control': 'no-store' } },
      );
    }
  };
}
