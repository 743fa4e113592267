// Invitations: token shown once and stored hashed; accepted once, before expiry, by the
// invited email only.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { actAs } from './support/fake-session';
import { seedTwoAccounts, type Seed } from './support/seed';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('./support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('./support/fake-session')).nextCacheMock);

const { acceptAsNewUser, acceptAsSignedIn } = await import(
  '@/app/(auth)/invitations/[token]/actions'
);
const { createInvitation, describeInvitation } = await import('@/lib/auth/invitations');
const { requirePageContext } = await import('@/lib/auth/context');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => db?.close());

async function invite(email: string, role: 'admin' | 'marketer' | 'viewer') {
  actAs(seed.a.users.owner);
  const ctx = await requirePageContext('admin');
  return createInvitation(ctx, { email, role });
}

const GONE = {
  ok: false,
  error: { code: 'not_found', message: 'this invitation is unknown, used or expired' },
};

function password(value: string): FormData {
  const data = new FormData();
  data.set('password', value);
  return data;
}

describe('invitations', () => {
  it('stores only the sha256 of the token and describes the invitation', async () => {
    const { id, token } = await invite('marketer@b.example', 'marketer');
    const row = await db.prisma.invitation.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(await describeInvitation(token)).toEqual({
      accountName: 'Account A',
      email: 'marketer@b.example',
      role: 'marketer',
      userExists: true,
    });
  });

  it('lets the signed-in invitee join with the role, once, and switches to it', async () => {
    const { token } = await invite('marketer@b.example', 'admin');
    actAs(seed.b.users.marketer);
    expect(await acceptAsSignedIn(token)).toEqual({ ok: true, data: null });
    const ctx = await requirePageContext();
    expect([ctx.accountId, ctx.role]).toEqual([seed.a.accountId, 'admin']);
    expect(await acceptAsSignedIn(token)).toEqual(GONE);
  });

  it('refuses someone signed in with another email', async () => {
    const { token } = await invite('someone@else.example', 'viewer');
    actAs(seed.b.users.viewer);
    expect(await acceptAsSignedIn(token)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'sign in with the invited email address to accept' },
    });
  });

  it('creates the sign-in of a new person, but not over an existing one', async () => {
    const fresh = await invite('fresh@person.example', 'viewer');
    actAs(null);
    expect(await acceptAsNewUser(fresh.token, password('short'))).toMatchObject({
      ok: false,
      error: { code: 'bad_request', fields: { password: 'use at least 10 characters' } },
    });
    expect(await acceptAsNewUser(fresh.token, password('long enough pw'))).toEqual({
      ok: true,
      data: null,
    });

    const existing = await invite('viewer@b.example', 'viewer');
    actAs(null);
    expect(await acceptAsNewUser(existing.token, password('long enough pw'))).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'this email already has a sign-in: sign in first' },
    });
  });

  it('treats expired and unknown tokens alike', async () => {
    const { id, token } = await invite('late@person.example', 'viewer');
    await db.prisma.invitation.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    actAs(null);
    expect(await acceptAsNewUser(token, password('long enough pw'))).toEqual(GONE);
    expect(await acceptAsNewUser('no-such-token', password('long enough pw'))).toEqual(GONE);
  });
});
