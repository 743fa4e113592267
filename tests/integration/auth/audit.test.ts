// The audit log records every change of settings, roles, members and keys with who, what,
// and the values before and after; nothing in the product changes or deletes an entry.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { actAs } from './support/fake-session';
import { seedTwoAccounts, type Seed } from './support/seed';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('./support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('./support/fake-session')).nextCacheMock);

const settings = await import('@/app/(dashboard)/settings/actions');
const members = await import('@/app/(dashboard)/members/actions');
const keys = await import('@/app/(dashboard)/api-keys/actions');
const invitation = await import('@/app/(auth)/invitations/[token]/actions');
const { listAuditEntries } = await import('@/lib/auth/audit');

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

/** The newest entry of account A, as the audit page shows it. */
async function latest() {
  const [entry] = await listAuditEntries(seed.a.accountId, { limit: 1 });
  return entry;
}

describe('audit log', () => {
  it('records a settings change with only the changed values', async () => {
    actAs(seed.a.users.admin);
    const result = await settings.saveSettings(
      form({
        name: 'Account A',
        suppressAutomated: 'on',
        timeZone: 'Europe/Berlin',
        addressRetentionDays: '30',
      }),
    );
    expect(result.ok).toBe(true);
    expect(await latest()).toMatchObject({
      action: 'settings.updated',
      target: 'account',
      actorUserId: seed.a.users.admin,
      actorEmail: 'admin@a.example',
      before: { suppressAutomated: false, timeZone: 'UTC' },
      after: { suppressAutomated: true, timeZone: 'Europe/Berlin' },
    });
  });

  it('records a role change', async () => {
    actAs(seed.a.users.owner);
    expect(await members.changeRole(seed.a.users.viewer, 'marketer')).toEqual({
      ok: true,
      data: null,
    });
    expect(await latest()).toMatchObject({
      action: 'member.role_changed',
      target: `user:${seed.a.users.viewer}`,
      actorUserId: seed.a.users.owner,
      before: { role: 'viewer' },
      after: { role: 'marketer' },
    });
  });

  it('records an invitation, the joining and a removal', async () => {
    actAs(seed.a.users.admin);
    const invited = await members.inviteMember(
      form({ email: 'New@Hospital.example', role: 'viewer' }),
    );
    if (!invited.ok) throw new Error(invited.error.message);
    expect(await latest()).toMatchObject({
      action: 'member.invited',
      actorUserId: seed.a.users.admin,
      before: null,
      after: { email: 'new@hospital.example', role: 'viewer' },
    });

    actAs(null);
    const joined = await invitation.acceptAsNewUser(
      invited.data.token,
      form({ password: 'a fine password' }),
    );
    expect(joined).toEqual({ ok: true, data: null });
    const newUser = await db.prisma.user.findUniqueOrThrow({
      where: { email: 'new@hospital.example' },
    });
    expect(await latest()).toMatchObject({
      action: 'member.joined',
      target: `user:${newUser.id}`,
      actorUserId: newUser.id,
      after: { role: 'viewer' },
    });

    actAs(seed.a.users.admin);
    expect(await members.removeMemberAction(newUser.id)).toEqual({ ok: true, data: null });
    expect(await latest()).toMatchObject({
      action: 'member.removed',
      target: `user:${newUser.id}`,
      actorUserId: seed.a.users.admin,
      before: { role: 'viewer' },
      after: null,
    });
  });

  it('records revoking an invitation', async () => {
    actAs(seed.a.users.admin);
    expect(await members.revokeInvitationAction(seed.a.invitationId)).toEqual({
      ok: true,
      data: null,
    });
    expect(await latest()).toMatchObject({
      action: 'invitation.revoked',
      target: `invitation:${seed.a.invitationId}`,
      before: { email: 'invitee@a.example', role: 'viewer' },
      after: null,
    });
  });

  it('records creating and revoking a key, never the key itself', async () => {
    actAs(seed.a.users.owner);
    const created = await keys.createApiKeyAction(form({ name: 'CRM sync' }));
    if (!created.ok) throw new Error(created.error.message);
    const createdEntry = await latest();
    expect(createdEntry).toMatchObject({
      action: 'api_key.created',
      target: `api_key:${created.data.id}`,
      actorUserId: seed.a.users.owner,
      after: { name: 'CRM sync', prefix: created.data.key.slice(0, 10) },
    });
    expect(JSON.stringify(createdEntry.after)).not.toContain(created.data.key);

    expect(await keys.revokeApiKeyAction(created.data.id)).toEqual({ ok: true, data: null });
    const revoked = await latest();
    expect(revoked).toMatchObject({
      action: 'api_key.revoked',
      before: { name: 'CRM sync', revokedAt: null },
    });
    expect((revoked.after as { revokedAt: string }).revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps every entry, in order, in its own account only', async () => {
    const entries = await listAuditEntries(seed.a.accountId);
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'account.created',
      'api_key.created',
      'settings.updated',
      'member.role_changed',
      'member.invited',
      'member.joined',
      'member.removed',
      'invitation.revoked',
      'api_key.created',
      'api_key.revoked',
    ]);
    const inB = await listAuditEntries(seed.b.accountId);
    expect(inB.map((e) => e.action).reverse()).toEqual(['account.created', 'api_key.created']);
  });

  it('records nothing when a change is refused', async () => {
    const before = await db.prisma.auditLog.count();
    actAs(seed.a.users.marketer);
    const refused = await settings.setSuppressAutomated(false);
    expect(refused).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'this needs the admin role or higher' },
    });
    expect(await db.prisma.auditLog.count()).toBe(before);
  });
});
