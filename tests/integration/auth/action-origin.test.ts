// Server actions refuse requests that do not show they come from this site: no Origin (and no
// Sec-Fetch-Site: same-origin), Origin `null`, or another site's Origin. Nothing changes.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { actAs, sendFrom } from './support/fake-session';
import { seedTwoAccounts, type Seed } from './support/seed';
import type { RequestOriginFacts } from '@/lib/auth/same-origin';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('./support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('./support/fake-session')).nextCacheMock);

const members = await import('@/app/(dashboard)/members/actions');
const settings = await import('@/app/(dashboard)/settings/actions');
const { switchAccount } = await import('@/components/auth/account-actions');
const { acceptAsSignedIn } = await import('@/app/(auth)/invitations/[token]/actions');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => db?.close());

const host = 'localhost:3000';
const REFUSED = {
  ok: false,
  error: { code: 'forbidden', message: 'this request did not come from this site' },
};

const crossSite: [string, RequestOriginFacts][] = [
  ['no Origin', { origin: null, secFetchSite: null, host, isAction: true }],
  ['no Origin, cross-site', { origin: null, secFetchSite: 'cross-site', host, isAction: true }],
  ['Origin null', { origin: 'null', secFetchSite: null, host, isAction: true }],
  [
    'a foreign Origin',
    { origin: 'http://127.0.0.1:3951', secFetchSite: 'cross-site', host, isAction: true },
  ],
];

async function viewerRole(): Promise<string> {
  const membership = await db.prisma.membership.findFirstOrThrow({
    where: { accountId: seed.a.accountId, userId: seed.a.users.viewer },
  });
  return membership.role;
}

describe('server actions from another site', () => {
  it.each(crossSite)('refuse a role change with %s', async (_, facts) => {
    actAs(seed.a.users.owner);
    sendFrom(facts);
    expect(await members.changeRole(seed.a.users.viewer, 'admin')).toEqual(REFUSED);
    expect(await viewerRole()).toBe('viewer');
  });

  it.each(crossSite)('refuse settings, switching and invitations with %s', async (_, facts) => {
    actAs(seed.a.users.owner);
    sendFrom(facts);
    expect(await settings.setSuppressAutomated(true)).toEqual(REFUSED);
    expect(await switchAccount(seed.a.accountId)).toEqual(REFUSED);
    expect(await acceptAsSignedIn('no-such-token')).toEqual(REFUSED);
    const account = await db.prisma.account.findUniqueOrThrow({ where: { id: seed.a.accountId } });
    expect(account.suppressAutomated).toBe(false);
  });

  it('accept a role change without Origin when Sec-Fetch-Site says same-origin', async () => {
    actAs(seed.a.users.owner);
    sendFrom({ origin: null, secFetchSite: 'same-origin', host, isAction: true });
    expect(await members.changeRole(seed.a.users.viewer, 'marketer')).toEqual({
      ok: true,
      data: null,
    });
    expect(await viewerRole()).toBe('marketer');
  });

  it('leave GET route handlers that share the context (CSV downloads) open to links', async () => {
    actAs(seed.a.users.viewer);
    sendFrom({ origin: null, secFetchSite: 'none', host, isAction: false });
    const { requireActionContext } = await import('@/lib/auth/context');
    const ctx = await requireActionContext('viewer');
    expect([ctx.accountId, ctx.role]).toEqual([seed.a.accountId, 'marketer']);
  });
});
