// Roles from both sides: each role may do exactly what its rank allows, on the server, and the
// pages show each role only the controls it may use.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { actAs } from './support/fake-session';
import { containsComponent, findProps } from './support/react-tree';
import { seedTwoAccounts, type Seed } from './support/seed';
import type { ActionResult } from '@/lib/auth/action-result';
import { ROLES, type Role } from '@/lib/auth/roles';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('./support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('./support/fake-session')).nextCacheMock);

const settings = await import('@/app/(dashboard)/settings/actions');
const members = await import('@/app/(dashboard)/members/actions');
const keys = await import('@/app/(dashboard)/api-keys/actions');
const { createApiKey } = await import('@/lib/auth/accounts');
const SettingsPage = (await import('@/app/(dashboard)/settings/page')).default;
const MembersPage = (await import('@/app/(dashboard)/members/page')).default;
const ApiKeysPage = (await import('@/app/(dashboard)/api-keys/page')).default;
const AuditPage = (await import('@/app/(dashboard)/audit/page')).default;
const DashboardLayout = (await import('@/app/(dashboard)/layout')).default;
const { SettingsForm } = await import('@/components/auth/settings-form');
const { InviteForm } = await import('@/components/auth/invite-form');
const { MemberRow } = await import('@/components/auth/member-rows');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => db?.close());

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

async function newMember(role: Role): Promise<string> {
  const user = await db.prisma.user.create({
    data: { email: `${randomUUID()}@a.example`, passwordHash: 'x' },
  });
  await db.prisma.membership.create({
    data: { accountId: seed.a.accountId, userId: user.id, role },
  });
  return user.id;
}

async function newInvitation(): Promise<string> {
  const row = await db.prisma.invitation.create({
    data: {
      accountId: seed.a.accountId,
      email: `${randomUUID()}@x.example`,
      role: 'viewer',
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return row.id;
}

// Every state-changing server action of the accounts part, with the lowest role it allows.
const ACTIONS: { name: string; minRole: Role; run: () => Promise<ActionResult<unknown>> }[] = [
  {
    name: 'setSuppressAutomated',
    minRole: 'admin',
    run: () => settings.setSuppressAutomated(true),
  },
  {
    name: 'saveSettings',
    minRole: 'admin',
    run: () =>
      settings.saveSettings(form({ name: 'A', timeZone: 'UTC', addressRetentionDays: '14' })),
  },
  {
    name: 'createApiKey',
    minRole: 'admin',
    run: () => keys.createApiKeyAction(form({ name: 'k' })),
  },
  {
    name: 'revokeApiKey',
    minRole: 'admin',
    run: async () => keys.revokeApiKeyAction((await createApiKey(seed.a.accountId, 'r', null)).id),
  },
  {
    name: 'inviteMember',
    minRole: 'admin',
    run: () => members.inviteMember(form({ email: `${randomUUID()}@x.example`, role: 'marketer' })),
  },
  {
    name: 'revokeInvitation',
    minRole: 'admin',
    run: async () => members.revokeInvitationAction(await newInvitation()),
  },
  {
    name: 'changeRole',
    minRole: 'admin',
    run: async () => members.changeRole(await newMember('viewer'), 'marketer'),
  },
  {
    name: 'removeMember',
    minRole: 'admin',
    run: async () => members.removeMemberAction(await newMember('viewer')),
  },
  {
    name: 'make an owner',
    minRole: 'owner',
    run: async () => members.changeRole(await newMember('admin'), 'owner'),
  },
  {
    name: 'remove an owner',
    minRole: 'owner',
    run: async () => members.removeMemberAction(await newMember('owner')),
  },
  {
    name: 'invite an owner',
    minRole: 'owner',
    run: () => members.inviteMember(form({ email: `${randomUUID()}@x.example`, role: 'owner' })),
  },
];

const RANK = { owner: 4, admin: 3, marketer: 2, viewer: 1 } as const;

describe.each(ACTIONS)('server action $name (needs $minRole)', ({ minRole, run }) => {
  it.each(ROLES)('as %s', async (role) => {
    actAs(seed.a.users[role]);
    const result = await run();
    if (RANK[role] >= RANK[minRole]) {
      expect(result).toMatchObject({ ok: true });
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});

describe('an account keeps its last owner', () => {
  it('refuses to demote or remove the only owner', async () => {
    const { a } = seed;
    await db.prisma.membership.deleteMany({
      where: { accountId: a.accountId, role: 'owner', userId: { not: a.users.owner } },
    });
    actAs(a.users.owner);
    const refused = {
      ok: false,
      error: { code: 'conflict', message: 'an account needs at least one owner' },
    };
    expect(await members.changeRole(a.users.owner, 'admin')).toEqual(refused);
    expect(await members.removeMemberAction(a.users.owner)).toEqual(refused);
  });
});

async function pageOutcome(render: () => Promise<unknown>): Promise<unknown> {
  try {
    return await render();
  } catch (error) {
    return (error as { digest?: string }).digest ?? error;
  }
}

const NOT_FOUND = 'NEXT_HTTP_ERROR_FALLBACK;404';
const noSearch = { searchParams: Promise.resolve({}) };

describe.each(ROLES)('pages as %s', (role) => {
  const admin = RANK[role] >= RANK.admin;

  it('settings: everyone reads, only admins get the form', async () => {
    actAs(seed.a.users[role]);
    const tree = await SettingsPage();
    expect(containsComponent(tree, SettingsForm)).toBe(admin);
  });

  it('members: everyone reads, only admins invite and edit', async () => {
    actAs(seed.a.users[role]);
    const tree = await MembersPage();
    expect(containsComponent(tree, InviteForm)).toBe(admin);
    const rows = findProps(tree, MemberRow);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(
      rows.every((r) => r.canManage === admin && r.canManageOwners === (role === 'owner')),
    ).toBe(true);
  });

  it('API keys and audit log: admins only, 404 for the others', async () => {
    actAs(seed.a.users[role]);
    const keysPage = await pageOutcome(() => ApiKeysPage());
    const auditPage = await pageOutcome(() => AuditPage(noSearch));
    expect(keysPage === NOT_FOUND).toBe(!admin);
    expect(auditPage === NOT_FOUND).toBe(!admin);
  });

  it('navigation shows API keys and Audit log to admins only', async () => {
    actAs(seed.a.users[role]);
    const tree = await DashboardLayout({ children: null });
    const hrefs = findProps(tree, (await import('next/link')).default).map((p) => p.href);
    const adminLinks = admin ? ['/api-keys', '/audit'] : [];
    expect(hrefs).toEqual([
      '/overview',
      '/campaigns',
      '/events',
      '/settings',
      '/members',
      ...adminLinks,
    ]);
  });
});
