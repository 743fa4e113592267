// Sign-out ends the session on the server: a copy of the session token taken before sign-out
// (another tab, a stolen cookie) is no session afterwards, though it has not expired.
import { decode, encode, type JWT } from 'next-auth/jwt';
import type { NextAuthOptions, Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { PASSWORD, seedTwoAccounts, type Seed } from './support/seed';

const browser = vi.hoisted(() => ({ cookie: null as string | null }));

// getServerSession reads the cookie through next/headers; here it decodes the test's cookie
// and runs the product's own session callback, as next-auth does.
vi.mock('next-auth', async (importOriginal) => {
  const real = await importOriginal<typeof import('next-auth')>();
  async function getServerSession(options: NextAuthOptions): Promise<Session | null> {
    if (!browser.cookie || !options.secret) return null;
    const token = await decode({ token: browser.cookie, secret: options.secret });
    if (!token) return null;
    const base = { user: {}, expires: new Date(Date.now() + 60_000).toISOString() };
    const session = options.callbacks?.session;
    return session ? ((await session({ session: base, token } as never)) as Session) : null;
  }
  return { ...real, getServerSession };
});

process.env.NEXTAUTH_SECRET = 'test-secret-test-secret-test-secret-42';
const { resetAuthConfig } = await import('@/lib/auth/auth-config');
const { authorizeCredentials, getAuthOptions } = await import('@/lib/auth/options');
const { readSessionUserId } = await import('@/lib/auth/session');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  resetAuthConfig();
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => {
  delete process.env.NEXTAUTH_SECRET;
  resetAuthConfig();
  await db?.close();
});

/** Signs in with the right password and returns the session cookie value. */
async function signIn(email: string): Promise<string> {
  const options = getAuthOptions();
  const user = await authorizeCredentials({ email, password: PASSWORD }, {});
  if (!user) throw new Error('sign-in failed');
  const jwt = options.callbacks?.jwt;
  const token = (await jwt?.({ token: { sub: user.id, email }, user } as never)) as JWT;
  return encode({ token, secret: options.secret ?? '' });
}

async function signOut(cookie: string): Promise<void> {
  const options = getAuthOptions();
  const token = await decode({ token: cookie, secret: options.secret ?? '' });
  await options.events?.signOut?.({ token: token ?? {}, session: null } as never);
}

describe('sign-out', () => {
  it('ends the session for every copy of the token', async () => {
    const cookie = await signIn('owner@a.example');
    const otherTab = cookie;
    browser.cookie = cookie;
    expect(await readSessionUserId()).toBe(seed.a.users.owner);

    await signOut(cookie);
    browser.cookie = otherTab;
    expect(await readSessionUserId()).toBeNull();
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: seed.a.users.owner } });
    expect(user.sessionVersion).toBe(1);
  });

  it('lets the person sign in again afterwards', async () => {
    browser.cookie = await signIn('owner@a.example');
    expect(await readSessionUserId()).toBe(seed.a.users.owner);
  });

  it('leaves other people signed in', async () => {
    const admin = await signIn('admin@a.example');
    await signOut(await signIn('viewer@a.example'));
    browser.cookie = admin;
    expect(await readSessionUserId()).toBe(seed.a.users.admin);
  });

  it('refuses a token without a session version', async () => {
    browser.cookie = await encode({
      token: { sub: seed.a.users.admin },
      secret: getAuthOptions().secret ?? '',
    });
    expect(await readSessionUserId()).toBeNull();
  });
});
