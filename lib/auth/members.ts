// Members of an account and their roles. Admins manage members; only an owner may make or
// unmake an owner, and an account always keeps at least one owner. A user id that is not a
// member of the acting account is "no such member", whether or not the user exists elsewhere.
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { recordAudit } from './audit';
import type { AccountContext } from './context';
import { isRoleAtLeast, RoleSchema, type Role } from './roles';

export interface MemberSummary {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(accountId: string): Promise<MemberSummary[]> {
  const db = await prisma();
  const rows = await db.membership.findMany({
    where: { accountId },
    orderBy: { createdAt: 'asc' },
    include: { user: { select: { email: true, name: true } } },
  });
  return rows.map((r) => ({
    userId: r.userId,
    email: r.user.email,
    name: r.user.name,
    role: r.role,
    joinedAt: r.createdAt,
  }));
}

function requireAdmin(ctx: AccountContext): void {
  if (!isRoleAtLeast(ctx.role, 'admin')) {
    throw new AppError('forbidden', 'only admins and owners manage members');
  }
}

/** Only an owner may hand out or take away the owner role. */
export function assertMayAssign(ctx: AccountContext, from: Role | null, to: Role | null): void {
  if ((from === 'owner' || to === 'owner') && ctx.role !== 'owner') {
    throw new AppError('forbidden', 'only an owner can change who is an owner');
  }
}

async function findMembership(tx: Prisma.TransactionClient, accountId: string, userId: string) {
  const id = z.string().uuid().safeParse(userId);
  if (!id.success) throw new AppError('not_found', 'no such member');
  const membership = await tx.membership.findUnique({
    where: { accountId_userId: { accountId, userId: id.data } },
  });
  if (!membership) throw new AppError('not_found', 'no such member');
  return membership;
}

async function assertOtherOwnerRemains(tx: Prisma.TransactionClient, accountId: string) {
  const owners = await tx.membership.count({ where: { accountId, role: 'owner' } });
  if (owners <= 1) throw new AppError('conflict', 'an account needs at least one owner');
}

export async function changeMemberRole(
  ctx: AccountContext,
  userId: string,
  role: Role,
): Promise<void> {
  requireAdmin(ctx);
  const newRole = RoleSchema.parse(role);
  const db = await prisma();

  await db.$transaction(async (tx) => {
    const membership = await findMembership(tx, ctx.accountId, userId);
    if (membership.role === newRole) return;
    assertMayAssign(ctx, membership.role, newRole);
    if (membership.role === 'owner') await assertOtherOwnerRemains(tx, ctx.accountId);

    await tx.membership.update({
      where: { accountId_userId: { accountId: ctx.accountId, userId: membership.userId } },
      data: { role: newRole },
    });
    await recordAudit(tx, {
      accountId: ctx.accountId,
      actorUserId: ctx.userId,
      action: 'member.role_changed',
      target: `user:${membership.userId}`,
      before: { role: membership.role },
      after: { role: newRole },
    });
  });
}

export async function removeMember(ctx: AccountContext, userId: string): Promise<void> {
  requireAdmin(ctx);
  const db = await prisma();

  await db.$transaction(async (tx) => {
    const membership = await findMembership(tx, ctx.accountId, userId);
    assertMayAssign(ctx, membership.role, null);
    if (membership.role === 'owner') await assertOtherOwnerRemains(tx, ctx.accountId);

    await tx.membership.delete({
      where: { accountId_userId: { accountId: ctx.accountId, userId: membership.userId } },
    });
    await recordAudit(tx, {
      accountId: ctx.accountId,
      actorUserId: ctx.userId,
      action: 'member.removed',
      target: `user:${membership.userId}`,
      before: { role: membership.role },
      after: null,
    });
  });
}
