// The per-address sign-in limit is its own, higher setting: one person's wrong passwords lock out
// their own email, not everyone signing in from the same address; the refusal names the minutes
// left in the window.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { PASSWORD, seedTwoAccounts, type Seed } from './support/seed';

const VARIABLES = [
  'VERITY_SIGNIN_MAX_ATTEMPTS',
  'VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS',
  'VERITY_SIGNIN_WINDOW_SECONDS',
];
for (const name of VARIABLES) delete process.env[name];

const { authConfig, resetAuthConfig } = await import('@/lib/auth/auth-config');
const { authorizeCredentials } = await import('@/lib/auth/options');
const { rateLimitKey, recordFailedSignIn, reserveSignInAttempt, resetSignInLimits } = await import(
  '@/lib/auth/rate-limit'
);

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  resetAuthConfig();
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => {
  for (const name of VARIABLES) delete process.env[name];
  resetAuthConfig();
  await db?.close();
});
beforeEach(async () => {
  for (const name of VARIABLES) delete process.env[name];
  resetAuthConfig();
  await resetSignInLimits();
});

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const wrong = (email: string) => ({ email, password: 'not the password' });
const addressCount = async (ip: string) =>
  (await db.prisma.rateLimitBucket.findUnique({ where: { key: rateLimitKey('ip', ip) } }))?.count;

describe('sign-in limit per client address', () => {
  it('defaults to 5 per email and 50 per address in a 15-minute window', () => {
    const config = authConfig();
    expect([
      config.VERITY_SIGNIN_MAX_ATTEMPTS,
      config.VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS,
      config.VERITY_SIGNIN_WINDOW_SECONDS,
    ]).toEqual([5, 50, 900]);
  });

  it("6 wrong passwords for one user leave another user's right one working", async () => {
    const outcomes: unknown[] = [];
    for (let i = 0; i < 6; i += 1) {
      outcomes.push(
        await authorizeCredentials(wrong('viewer@a.example'), from('192.0.2.10')).catch(
          (error: Error) => error.message,
        ),
      );
    }
    // Five failures checked; the sixth refused with the window's 15 minutes and not counted.
    expect(outcomes).toEqual([null, null, null, null, null, 'rate_limited:15']);
    expect(await addressCount('192.0.2.10')).toBe(5);

    const other = await authorizeCredentials(
      { email: 'owner@b.example', password: PASSWORD },
      from('192.0.2.10'),
    );
    expect(other?.id).toBe(seed.b.users.owner);
    // The success gives its reservation back: the address still holds 5 failures.
    expect(await addressCount('192.0.2.10')).toBe(5);
    // The locked-out user stays locked out, even with the right password.
    await expect(
      authorizeCredentials({ email: 'viewer@a.example', password: PASSWORD }, from('192.0.2.10')),
    ).rejects.toThrow(/^rate_limited:15$/);
  });

  it('blocks an address at its own limit, not the per-email one', async () => {
    process.env.VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS = '8';
    resetAuthConfig();
    const ip = '192.0.2.20';
    for (let i = 0; i < 5; i += 1) {
      expect(await authorizeCredentials(wrong('marketer@a.example'), from(ip))).toBeNull();
    }
    for (const email of ['x1@a.example', 'x2@a.example']) {
      expect(await authorizeCredentials(wrong(email), from(ip))).toBeNull();
    }
    // 7 failures: the address still lets a right password through (and then holds 7 again).
    const right = { email: 'admin@b.example', password: PASSWORD };
    expect((await authorizeCredentials(right, from(ip)))?.id).toBe(seed.b.users.admin);
    expect(await addressCount(ip)).toBe(7);

    expect(await authorizeCredentials(wrong('x3@a.example'), from(ip))).toBeNull();
    expect(await addressCount(ip)).toBe(8);
    // The 8th failure used the address's attempts: every email is refused from it...
    await expect(authorizeCredentials(right, from(ip))).rejects.toThrow(/^rate_limited:15$/);
    await expect(authorizeCredentials(wrong('x4@a.example'), from(ip))).rejects.toThrow(
      /^rate_limited:15$/,
    );
    expect(await addressCount(ip)).toBe(8);
    // ...and from another address the same person signs in.
    expect((await authorizeCredentials(right, from('192.0.2.21')))?.id).toBe(seed.b.users.admin);
  });

  it('says how long until the refusing window ends, rounded up to whole minutes', async () => {
    const T0 = new Date('2026-12-04T12:00:00.000Z');
    const at = (ms: number) => new Date(T0.getTime() + ms);
    const email = rateLimitKey('email', 'someone@a.example');
    const ip = rateLimitKey('ip', '192.0.2.30');
    for (let i = 0; i < 5; i += 1) await recordFailedSignIn([email, ip], T0);

    // The email's window ends at T0 + 15 min: 4 min 1 s later, 10 min 59 s are left.
    expect(await reserveSignInAttempt([email, ip], at(241_000))).toEqual({
      allowed: false,
      retryAfterMs: 659_000,
    });
    expect(await reserveSignInAttempt([email, ip], at(899_999))).toEqual({
      allowed: false,
      retryAfterMs: 1,
    });
    // The window has ended: allowed, and the email's count starts again at 1.
    expect(await reserveSignInAttempt([email, ip], at(900_000))).toEqual({ allowed: true });
    const rows = await db.prisma.rateLimitBucket.findMany({ orderBy: { key: 'asc' } });
    expect(rows.map((r) => [r.key, r.count, r.windowEndsAt.toISOString()])).toEqual([
      [email, 1, at(1_800_000).toISOString()],
      [ip, 1, at(1_800_000).toISOString()],
    ]);
  });

  it('waits for the later window when both the email and the address refuse', async () => {
    process.env.VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS = '6';
    resetAuthConfig();
    const T0 = new Date('2026-12-04T12:00:00.000Z');
    const at = (ms: number) => new Date(T0.getTime() + ms);
    const ip = rateLimitKey('ip', '192.0.2.40');
    const first = rateLimitKey('email', 'first@a.example');
    const second = rateLimitKey('email', 'second@a.example');
    // The address's window opens at T0 (with one failure for another email).
    await recordFailedSignIn([first, ip], T0);
    // Five failures of `second` from 5 minutes on: its window ends at T0 + 20 min.
    for (let i = 0; i < 5; i += 1) await recordFailedSignIn([second, ip], at(300_000));
    expect(await reserveSignInAttempt([second, ip], at(360_000))).toEqual({
      allowed: false,
      retryAfterMs: 840_000,
    });
    // `first` is refused by the address only, whose window ends at T0 + 15 min.
    expect(await reserveSignInAttempt([first, ip], at(360_000))).toEqual({
      allowed: false,
      retryAfterMs: 540_000,
    });
  });
});
