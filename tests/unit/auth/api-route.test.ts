// apiRoute's error answers and the same-origin guard for cookie-authenticated handlers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { apiRoute, assertSameOrigin } from '@/lib/auth/api';
import { AppError } from '@/lib/errors';

const params = { params: Promise.resolve({ id: 'x' }) };
const request = () => new Request('http://localhost:3000/api/v1/things/x');

afterEach(() => vi.restoreAllMocks());

describe('apiRoute', () => {
  it('passes the awaited params to the handler', async () => {
    const route = apiRoute<{ id: string }>(async (_req, p) => Response.json(p));
    expect(await (await route(request(), params)).json()).toEqual({ id: 'x' });
  });

  it('answers an AppError with its status and JSON body', async () => {
    const route = apiRoute(async () => {
      throw new AppError('not_found', 'no such campaign', { id: 'x' });
    });
    const response = await route(request(), params);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'no such campaign', details: { id: 'x' } },
    });
  });

  it('answers a zod error with 400 naming the field', async () => {
    const route = apiRoute(async () => {
      z.object({ limit: z.number().max(10) }).parse({ limit: 11 });
      return new Response();
    });
    const response = await route(request(), params);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.issues[0].path).toBe('limit');
  });

  it('answers anything else with a generic 500 and logs it without leaking it', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const route = apiRoute(async () => {
      throw new Error('relation "secret_table" does not exist');
    });
    const response = await route(request(), params);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":{"code":"internal","message":"internal error"}}');
    expect(writes.join('')).toContain('secret_table');
  });
});

function post(headers: Record<string, string>): Request {
  return new Request('http://localhost:3000/api/thing', { method: 'POST', headers });
}

describe('assertSameOrigin', () => {
  it('lets same-origin state changes and any GET through', () => {
    expect(() => assertSameOrigin(post({ origin: 'http://localhost:3000' }))).not.toThrow();
    expect(() => assertSameOrigin(post({ 'sec-fetch-site': 'same-origin' }))).not.toThrow();
    const crossGet = new Request('http://localhost:3000/x', {
      headers: { origin: 'https://evil.example' },
    });
    expect(() => assertSameOrigin(crossGet)).not.toThrow();
  });

  it('refuses cross-site, foreign-origin and origin-less state changes', () => {
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:3000' },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of refused) {
      expect(() => assertSameOrigin(post(headers))).toThrow(AppError);
    }
  });
});
