// Sign-in rate limiting through the credentials provider, with the limit lowered by the
// environment the way tests and operators configure it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { PASSWORD, seedTwoAccounts, type Seed } from './support/seed';

process.env.VERITY_SIGNIN_MAX_ATTEMPTS = '3';
process.env.VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS = '3';
process.env.VERITY_SIGNIN_WINDOW_SECONDS = '600';

const { resetAuthConfig } = await import('@/lib/auth/auth-config');
const { authorizeCredentials, RATE_LIMITED } = await import('@/lib/auth/options');
const { resetSignInLimits } = await import('@/lib/auth/rate-limit');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  resetAuthConfig();
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => {
  delete process.env.VERITY_SIGNIN_MAX_ATTEMPTS;
  delete process.env.VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS;
  delete process.env.VERITY_SIGNIN_WINDOW_SECONDS;
  resetAuthConfig();
  await db?.close();
});
beforeEach(async () => resetSignInLimits());

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('sign-in rate limit', () => {
  it('allows 3 failures per email, then refuses even the right password', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect(
        await authorizeCredentials(
          { email: 'viewer@a.example', password: 'bad' },
          from(`198.51.100.${i}`),
        ),
      ).toBeNull();
    }
    const attempt = authorizeCredentials(
      { email: 'viewer@a.example', password: PASSWORD },
      from('198.51.100.9'),
    );
    await expect(attempt).rejects.toThrow(RATE_LIMITED);
  });

  it('allows the right password after 2 failures, and that clears the count', async () => {
    const bad = { email: 'admin@a.example', password: 'bad' };
    await authorizeCredentials(bad, from('203.0.113.1'));
    await authorizeCredentials(bad, from('203.0.113.2'));
    const ok = await authorizeCredentials(
      { email: 'admin@a.example', password: PASSWORD },
      from('203.0.113.3'),
    );
    expect(ok?.id).toBe(seed.a.users.admin);
    for (let i = 0; i < 3; i += 1) await authorizeCredentials(bad, from(`203.0.113.${10 + i}`));
    await expect(authorizeCredentials(bad, from('203.0.113.20'))).rejects.toThrow(RATE_LIMITED);
  });

  it('limits one address trying many emails', async () => {
    for (const email of ['x1@a.example', 'x2@a.example', 'x3@a.example']) {
      expect(await authorizeCredentials({ email, password: 'bad' }, from('192.0.2.7'))).toBeNull();
    }
    const next = authorizeCredentials(
      { email: 'owner@b.example', password: PASSWORD },
      from('192.0.2.7'),
    );
    await expect(next).rejects.toThrow(RATE_LIMITED);
    const elsewhere = await authorizeCredentials(
      { email: 'owner@b.example', password: PASSWORD },
      from('192.0.2.8'),
    );
    expect(elsewhere?.id).toBe(seed.b.users.owner);
  });

  it('checks exactly 3 of 40 parallel wrong guesses for one email', async () => {
    const guesses = Array.from({ length: 40 }, (_, i) =>
      authorizeCredentials(
        { email: 'marketer@a.example', password: `guess-${i}` },
        from(`198.51.100.${100 + i}`),
      ),
    );
    const outcomes = await Promise.allSettled(guesses);
    const checked = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter(
      (o) => o.status === 'rejected' && (o.reason as Error).message === `${RATE_LIMITED}:10`,
    );
    expect(checked.map((o) => (o.status === 'fulfilled' ? o.value : 'x'))).toEqual([
      null,
      null,
      null,
    ]);
    expect(refused.length).toBe(37);
    await expect(
      authorizeCredentials({ email: 'marketer@a.example', password: PASSWORD }, from('192.0.2.99')),
    ).rejects.toThrow(RATE_LIMITED);
  });

  it('checks exactly 3 of 40 parallel guesses from one address at different emails', async () => {
    const guesses = Array.from({ length: 40 }, (_, i) =>
      authorizeCredentials({ email: `p${i}@a.example`, password: 'bad' }, from('192.0.2.50')),
    );
    const outcomes = await Promise.allSettled(guesses);
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBe(3);
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBe(37);
  });

  it('a successful sign-in does not count against its address', async () => {
    const right = { email: 'owner@a.example', password: PASSWORD };
    for (let i = 0; i < 5; i += 1) {
      expect((await authorizeCredentials(right, from('192.0.2.60')))?.id).toBe(seed.a.users.owner);
    }
  });
});
