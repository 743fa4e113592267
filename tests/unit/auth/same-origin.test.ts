// Server actions run only for requests that show they come from this site.
import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import {
  isSameOriginRequest,
  readOriginFacts,
  type RequestOriginFacts,
} from '@/lib/auth/same-origin';
import { proxy } from '@/proxy';

const host = 'localhost:3600';

describe('isSameOriginRequest', () => {
  it.each<[RequestOriginFacts, boolean]>([
    [{ origin: 'http://localhost:3600', secFetchSite: 'same-origin', host, isAction: true }, true],
    [{ origin: 'http://LOCALHOST:3600', secFetchSite: null, host, isAction: true }, true],
    [{ origin: null, secFetchSite: 'same-origin', host, isAction: true }, true],
    [{ origin: null, secFetchSite: null, host, isAction: true }, false],
    [{ origin: null, secFetchSite: 'same-site', host, isAction: true }, false],
    [{ origin: null, secFetchSite: 'cross-site', host, isAction: true }, false],
    [{ origin: 'null', secFetchSite: 'same-origin', host, isAction: true }, false],
    [{ origin: 'http://127.0.0.1:3951', secFetchSite: 'same-origin', host, isAction: true }, false],
    [{ origin: 'http://localhost:3601', secFetchSite: null, host, isAction: true }, false],
    [
      { origin: 'http://localhost:3600.evil.example', secFetchSite: null, host, isAction: true },
      false,
    ],
    [{ origin: 'file://localhost:3600', secFetchSite: null, host, isAction: true }, false],
    [{ origin: 'not a url', secFetchSite: null, host, isAction: true }, false],
    [{ origin: 'http://localhost:3600', secFetchSite: null, host: null, isAction: true }, false],
  ])('%j → %s', (facts, expected) => {
    expect(isSameOriginRequest(facts)).toBe(expected);
  });
});

function actionRequest(headers: Record<string, string>): NextRequest {
  return new NextRequest(`http://${host}/members`, {
    method: 'POST',
    headers: { host, 'next-action': 'abc123', ...headers },
  });
}

describe('proxy for server actions', () => {
  it.each<Record<string, string>>([{ origin: 'http://127.0.0.1:3951' }, { origin: 'null' }, {}])(
    'refuses %j with 403 and a JSON error',
    async (headers) => {
      const response = proxy(actionRequest(headers));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: { code: 'forbidden', message: 'this request did not come from this site' },
      });
    },
  );

  it('lets a same-origin action through', () => {
    const response = proxy(actionRequest({ origin: `http://${host}` }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });
});

describe('readOriginFacts', () => {
  it.each<[Record<string, string>, boolean]>([
    [{ 'next-action': 'abc' }, true],
    [{ 'content-type': 'multipart/form-data; boundary=x' }, true],
    [{ 'content-type': 'application/x-www-form-urlencoded' }, true],
    [{ 'content-type': 'text/plain' }, false],
    [{}, false],
  ])('%j is a server action call: %s', (headers, expected) => {
    expect(readOriginFacts(new Headers(headers)).isAction).toBe(expected);
  });
});
