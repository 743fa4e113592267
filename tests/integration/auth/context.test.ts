// Sign-up, sign-in, the account context and switching between accounts.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { actAs, fakeSession } from './support/fake-session';
import { PASSWORD, seedTwoAccounts, type Seed } from './support/seed';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('./support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('./support/fake-session')).nextCacheMock);

const { createAccountWithOwner } = await import('@/lib/auth/accounts');
const { requireActionContext, requirePageContext } = await import('@/lib/auth/context');
const { authorizeCredentials } = await import('@/lib/auth/options');
const { resetSignInLimits } = await import('@/lib/auth/rate-limit');
const { verifyPassword } = await import('@/lib/auth/password');
const { switchAccount } = await import('@/components/auth/account-actions');
const { AppError } = await import('@/lib/errors');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => db?.close());
beforeEach(async () => {
  actAs(null);
  await resetSignInLimits();
});

async function digestOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (error instanceof AppError) return `AppError:${error.code}`;
    return String((error as { digest?: string }).digest ?? error);
  }
}

describe('sign-up', () => {
  it('creates the account with the person as owner and a scrypt hash', async () => {
    const { accountId, userId } = await createAccountWithOwner({
      accountName: 'Clinic',
      email: ' New.Person@Clinic.example ',
      password: 'a long enough password',
      name: 'New Person',
    });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    const membership = await db.prisma.membership.findUniqueOrThrow({
      where: { accountId_userId: { accountId, userId } },
    });
    expect(user.email).toBe('new.person@clinic.example');
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('a long enough password', user.passwordHash)).toBe(true);
    expect(membership.role).toBe('owner');
  });

  it('refuses an email that already has a sign-in, and a short password', async () => {
    const dup = createAccountWithOwner({
      accountName: 'X',
      email: 'owner@a.example',
      password: 'abcdefghijk',
    });
    await expect(dup).rejects.toMatchObject({ code: 'conflict' });
    const short = createAccountWithOwner({
      accountName: 'X',
      email: 'z@z.example',
      password: 'short',
    });
    await expect(short).rejects.toThrow('use at least 10 characters');
  });
});

describe('sign-in (credentials provider)', () => {
  it('returns the user for the right password, null for a wrong one or unknown email', async () => {
    const ok = await authorizeCredentials({ email: 'ADMIN@a.example', password: PASSWORD }, {});
    expect(ok).toEqual({
      id: seed.a.users.admin,
      email: 'admin@a.example',
      name: '',
      sessionVersion: 0,
    });
    expect(
      await authorizeCredentials({ email: 'admin@a.example', password: 'wrong' }, {}),
    ).toBeNull();
    expect(
      await authorizeCredentials({ email: 'nobody@a.example', password: PASSWORD }, {}),
    ).toBeNull();
    expect(
      await authorizeCredentials({ email: 'not an email', password: PASSWORD }, {}),
    ).toBeNull();
  });
});

describe('requirePageContext / requireActionContext', () => {
  it('redirects to /signin when signed out and refuses actions with unauthorized', async () => {
    expect(await digestOf(requirePageContext())).toMatch(/^NEXT_REDIRECT;replace;\/signin;307;/);
    expect(await digestOf(requireActionContext('viewer'))).toBe('AppError:unauthorized');
  });

  it('gives the member context with the account settings', async () => {
    actAs(seed.a.users.marketer);
    expect(await requirePageContext('marketer')).toEqual({
      userId: seed.a.users.marketer,
      accountId: seed.a.accountId,
      role: 'marketer',
      accountName: 'Account A',
      timeZone: 'UTC',
      suppressAutomated: false,
    });
  });

  it('answers 404 to a page above the role and forbidden to an action above it', async () => {
    actAs(seed.a.users.marketer);
    expect(await digestOf(requirePageContext('admin'))).toBe('NEXT_HTTP_ERROR_FALLBACK;404');
    expect(await digestOf(requireActionContext('admin'))).toBe('AppError:forbidden');
  });
});

describe('several accounts', () => {
  it('switches only to accounts the user belongs to; a foreign id is no such account', async () => {
    await db.prisma.membership.create({
      data: { accountId: seed.b.accountId, userId: seed.a.users.viewer, role: 'admin' },
    });
    actAs(seed.a.users.viewer);
    expect((await requirePageContext()).accountId).toBe(seed.a.accountId);

    expect(await switchAccount(seed.b.accountId)).toEqual({ ok: true, data: null });
    const inB = await requirePageContext('admin');
    expect([inB.accountId, inB.role, inB.accountName]).toEqual([
      seed.b.accountId,
      'admin',
      'Account B',
    ]);

    actAs(seed.a.users.marketer);
    const foreign = await switchAccount(seed.b.accountId);
    const missing = await switchAccount('0190a8c4-0000-7000-8000-000000000000');
    expect(foreign).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no such account' },
    });
    expect(missing).toEqual(foreign);
    expect(fakeSession.selectedAccountId).toBeNull();
  });

  it('ignores a selection cookie naming an account the user is not a member of', async () => {
    actAs(seed.a.users.owner, seed.b.accountId);
    const ctx = await requirePageContext();
    expect([ctx.accountId, ctx.role]).toEqual([seed.a.accountId, 'owner']);
  });

  it('treats a session whose user was deleted as signed out', async () => {
    const gone = await db.prisma.user.create({
      data: { email: 'gone@x.example', passwordHash: 'x' },
    });
    await db.prisma.user.delete({ where: { id: gone.id } });
    actAs(gone.id);
    expect(await digestOf(requirePageContext())).toMatch(/^NEXT_REDIRECT;replace;\/signin;307;/);
  });
});
