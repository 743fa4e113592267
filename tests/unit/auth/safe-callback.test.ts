// After sign-in people are sent only to paths inside this site: every way of spelling another
// origin (`//host`, `/\host`, encoded or with tabs and newlines inside) falls back to /campaigns.
import { describe, expect, it } from 'vitest';
import { getAuthOptions } from '@/lib/auth/options';
import { selectAuthRedirect, selectSafeCallback } from '@/lib/auth/safe-callback';

describe('selectSafeCallback', () => {
  it.each([
    ['/campaigns/abc?tab=links#top', '/campaigns/abc?tab=links#top'],
    ['/settings', '/settings'],
    ['/%5C127.0.0.1:3951/stolen', '/%5C127.0.0.1:3951/stolen'],
  ])('keeps the same-origin path %j', (input, expected) => {
    expect(selectSafeCallback(input)).toBe(expected);
  });

  it.each([
    ['//127.0.0.1:3951/stolen'],
    ['/\\127.0.0.1:3951/stolen'],
    ['/\t/127.0.0.1:3951/stolen'],
    ['/\n/127.0.0.1:3951/stolen'],
    ['/\r\\127.0.0.1:3951/stolen'],
    ['/campaigns\u0000'],
    ['https://127.0.0.1:3951/stolen'],
    ['javascript:alert(1)'],
    ['campaigns'],
    [''],
  ])('refuses %j', (input) => {
    expect(selectSafeCallback(input)).toBe('/campaigns');
  });

  it('refuses a missing value', () => {
    expect(selectSafeCallback(undefined)).toBe('/campaigns');
    expect(selectSafeCallback(null)).toBe('/campaigns');
  });
});

describe('next-auth redirect callback', () => {
  const baseUrl = 'http://localhost:3000';
  it.each([
    ['/campaigns', 'http://localhost:3000/campaigns'],
    ['http://localhost:3000/audit?before=5', 'http://localhost:3000/audit?before=5'],
    ['/\\127.0.0.1:3951/stolen', baseUrl],
    ['//127.0.0.1:3951/stolen', baseUrl],
    ['/\t/127.0.0.1:3951/stolen', baseUrl],
    ['http://127.0.0.1:3951/stolen', baseUrl],
    ['http://localhost:3001/', baseUrl],
    ['http:\\\\127.0.0.1:3951', baseUrl],
    ['not a url', baseUrl],
  ])('sends %j to %j', async (url, expected) => {
    expect(selectAuthRedirect(url, baseUrl)).toBe(expected);
    process.env.NEXTAUTH_SECRET ??= 'test-secret-test-secret-test-secret-42';
    expect(await getAuthOptions().callbacks?.redirect?.({ url, baseUrl })).toBe(expected);
  });
});
