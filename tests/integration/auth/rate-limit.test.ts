// The fixed window of the sign-in limiter (counted in the database), on both sides of its count
// and of its end.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { resetAuthConfig } from '@/lib/auth/auth-config';
import {
  clearSignInFailures,
  isSignInAllowed,
  rateLimitKey,
  recordFailedSignIn,
  resetSignInLimits,
} from '@/lib/auth/rate-limit';

let db: TestDatabase;

beforeAll(async () => {
  process.env.VERITY_SIGNIN_MAX_ATTEMPTS = '2';
  process.env.VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS = '2';
  process.env.VERITY_SIGNIN_WINDOW_SECONDS = '60';
  resetAuthConfig();
  db = await openTestDatabase();
});
afterAll(async () => {
  delete process.env.VERITY_SIGNIN_MAX_ATTEMPTS;
  delete process.env.VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS;
  delete process.env.VERITY_SIGNIN_WINDOW_SECONDS;
  resetAuthConfig();
  await db?.close();
});
beforeEach(async () => resetSignInLimits());

const T0 = new Date('2026-12-04T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const key = rateLimitKey('email', 'Person@Example.com');

describe('sign-in limiter', () => {
  it('keys by a hash, case-insensitively, never the value itself', () => {
    expect(key).toBe(rateLimitKey('email', 'person@example.com'));
    expect(key).toMatch(/^email:[\w-]{43}$/);
    expect(key).not.toContain('person');
  });

  it('allows up to the limit within the window and refuses after', async () => {
    await recordFailedSignIn([key], T0);
    expect(await isSignInAllowed([key], at(1))).toBe(true);
    await recordFailedSignIn([key], at(2));
    expect(await isSignInAllowed([key], at(3))).toBe(false);
  });

  it('opens again exactly when the window ends, and counts from 1 after that', async () => {
    await recordFailedSignIn([key], T0);
    await recordFailedSignIn([key], T0);
    expect(await isSignInAllowed([key], at(59_999))).toBe(false);
    expect(await isSignInAllowed([key], at(60_000))).toBe(true);
    await recordFailedSignIn([key], at(60_000));
    expect(await isSignInAllowed([key], at(60_001))).toBe(true);
    const rows = await db.prisma.rateLimitBucket.findMany();
    expect(rows.map((r) => [r.count, r.windowEndsAt.toISOString()])).toEqual([
      [1, at(120_000).toISOString()],
    ]);
  });

  it('refuses when any of the keys is over, and clearing one key leaves the others', async () => {
    const ip = rateLimitKey('ip', '192.0.2.1');
    await recordFailedSignIn([key, ip], T0);
    await recordFailedSignIn([key, ip], T0);
    await clearSignInFailures(key, T0);
    expect(await isSignInAllowed([key], T0)).toBe(true);
    expect(await isSignInAllowed([key, ip], T0)).toBe(false);
  });

  it('drops ended windows when someone signs in', async () => {
    const other = rateLimitKey('ip', '192.0.2.2');
    await recordFailedSignIn([other], T0);
    await clearSignInFailures(key, at(60_000));
    expect(await db.prisma.rateLimitBucket.count()).toBe(0);
  });
});
