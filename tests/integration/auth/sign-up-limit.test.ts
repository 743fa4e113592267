// Sign-up is limited per client address and hour (VERITY_SIGNUP_MAX_PER_HOUR), so one address
// cannot create accounts in bulk.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';

const client = vi.hoisted(() => ({ address: '198.51.100.20' }));
vi.mock('next/headers', () => ({
  headers: async () =>
    new Headers({
      'x-forwarded-for': client.address,
      origin: 'http://localhost:3000',
      host: 'localhost:3000',
    }),
}));

process.env.VERITY_SIGNUP_MAX_PER_HOUR = '2';
const { resetAuthConfig } = await import('@/lib/auth/auth-config');
const { signUp } = await import('@/app/(auth)/signup/actions');

let db: TestDatabase;

beforeAll(async () => {
  resetAuthConfig();
  db = await openTestDatabase();
});
afterAll(async () => {
  delete process.env.VERITY_SIGNUP_MAX_PER_HOUR;
  resetAuthConfig();
  await db?.close();
});

function form(email: string): FormData {
  const data = new FormData();
  data.set('accountName', 'Clinic');
  data.set('email', email);
  data.set('password', 'long enough password');
  return data;
}

describe('sign-up limit', () => {
  it('allows 2 sign-ups per address and hour, then refuses without creating anything', async () => {
    expect(await signUp(form('one@clinic.example'))).toEqual({ ok: true, data: null });
    expect(await signUp(form('two@clinic.example'))).toEqual({ ok: true, data: null });
    expect(await signUp(form('three@clinic.example'))).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: 'too many new accounts from this address; try later',
      },
    });
    expect(await db.prisma.user.count()).toBe(2);
  });

  it('lets another address sign up', async () => {
    client.address = '198.51.100.21';
    expect(await signUp(form('three@clinic.example'))).toEqual({ ok: true, data: null });
    expect(await db.prisma.account.count()).toBe(3);
  });
});
