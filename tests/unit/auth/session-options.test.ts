// next-auth options: sessions are JWTs that expire after the configured time, and a token past
// its expiry is no session.
import { encode, decode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetAuthConfig } from '@/lib/auth/auth-config';
import { getAuthOptions } from '@/lib/auth/options';

const SECRET = 'test-secret-test-secret-test-secret-42';

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = SECRET;
  process.env.VERITY_SESSION_MAX_AGE_SECONDS = '900';
  resetAuthConfig();
});
afterAll(() => {
  delete process.env.NEXTAUTH_SECRET;
  delete process.env.VERITY_SESSION_MAX_AGE_SECONDS;
  resetAuthConfig();
});

describe('session options', () => {
  it('uses JWT sessions that live VERITY_SESSION_MAX_AGE_SECONDS', () => {
    const options = getAuthOptions();
    expect(options.session).toEqual({ strategy: 'jwt', maxAge: 900, updateAge: 0 });
    expect(options.jwt?.maxAge).toBe(900);
    expect(options.secret).toBe(SECRET);
    expect(options.useSecureCookies).toBe(false);
  });

  it('accepts a fresh session token and rejects an expired one', async () => {
    const fresh = await encode({ token: { sub: 'u1' }, secret: SECRET, maxAge: 900 });
    expect((await decode({ token: fresh, secret: SECRET }))?.sub).toBe('u1');
    const expired = await encode({ token: { sub: 'u1' }, secret: SECRET, maxAge: -120 });
    await expect(decode({ token: expired, secret: SECRET })).rejects.toThrow(/exp/);
  });

  it('sends people back only into this site after sign-in', async () => {
    const redirect = getAuthOptions().callbacks?.redirect;
    const baseUrl = 'http://localhost:3000';
    const inside = await redirect?.({ url: '/campaigns', baseUrl });
    expect(inside).toBe('http://localhost:3000/campaigns');
    expect(await redirect?.({ url: 'http://localhost:3000/x', baseUrl })).toBe(
      'http://localhost:3000/x',
    );
    expect(await redirect?.({ url: 'https://evil.example/', baseUrl })).toBe(baseUrl);
  });
});
