// The fixed window of the sign-in limiter, on both sides of its count and of its end.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetAuthConfig } from '@/lib/auth/auth-config';
import {
  clearSignInFailures,
  isSignInAllowed,
  rateLimitKey,
  recordFailedSignIn,
  resetSignInLimits,
} from '@/lib/auth/rate-limit';

beforeAll(() => {
  process.env.VERITY_SIGNIN_MAX_ATTEMPTS = '2';
  process.env.VERITY_SIGNIN_WINDOW_SECONDS = '60';
  resetAuthConfig();
});
afterAll(() => {
  delete process.env.VERITY_SIGNIN_MAX_ATTEMPTS;
  delete process.env.VERITY_SIGNIN_WINDOW_SECONDS;
  resetAuthConfig();
});
beforeEach(() => resetSignInLimits());

const T0 = 1_000_000;
const key = rateLimitKey('email', 'Person@Example.com');

describe('sign-in limiter', () => {
  it('keys by a hash, case-insensitively, never the value itself', () => {
    expect(key).toBe(rateLimitKey('email', 'person@example.com'));
    expect(key).toMatch(/^email:[\w-]{43}$/);
    expect(key).not.toContain('person');
  });

  it('allows up to the limit within the window and refuses after', () => {
    recordFailedSignIn([key], T0);
    expect(isSignInAllowed([key], T0 + 1)).toBe(true);
    recordFailedSignIn([key], T0 + 2);
    expect(isSignInAllowed([key], T0 + 3)).toBe(false);
  });

  it('opens again exactly when the window ends', () => {
    recordFailedSignIn([key], T0);
    recordFailedSignIn([key], T0);
    expect(isSignInAllowed([key], T0 + 59_999)).toBe(false);
    expect(isSignInAllowed([key], T0 + 60_000)).toBe(true);
  });

  it('refuses when any of the keys is over, and clearing one key leaves the others', () => {
    const ip = rateLimitKey('ip', '192.0.2.1');
    recordFailedSignIn([key, ip], T0);
    recordFailedSignIn([key, ip], T0);
    clearSignInFailures(key);
    expect(isSignInAllowed([key], T0)).toBe(true);
    expect(isSignInAllowed([key, ip], T0)).toBe(false);
  });
});
