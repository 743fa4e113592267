// Who is acting, in which account, with which role. Every page and server action of the
// dashboard starts here; every query after it is scoped by ctx.accountId. The selected account
// comes from the switcher's cookie and is re-checked against the memberships on every request.
import { notFound, redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { prisma } from '@/lib/db';
import { isRoleAtLeast, type Role } from './roles';
import { isSameOriginRequest } from './same-origin';
import { readRequestOrigin, readSelectedAccountId, readSessionUserId } from './session';

export type { Role } from './roles';

export interface AccountContext {
  userId: string;
  accountId: string;
  role: Role;
  accountName: string;
  timeZone: string;
  suppressAutomated: boolean;
}

export interface MembershipSummary {
  accountId: string;
  accountName: string;
  role: Role;
}

export function hasRole(ctx: AccountContext, minRole: Role): boolean {
  return isRoleAtLeast(ctx.role, minRole);
}

/** Every account the user belongs to, oldest membership first. */
export async function listMemberships(userId: string): Promise<MembershipSummary[]> {
  const db = await prisma();
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, account: { select: { id: true, name: true } } },
  });
  return rows.map((r) => ({ accountId: r.account.id, accountName: r.account.name, role: r.role }));
}

type Resolved =
  | { kind: 'signed-out' }
  | { kind: 'no-account'; userId: string }
  | { kind: 'ok'; ctx: AccountContext };

/** The signed-in user's context in the selected account, or their first one. */
export async function resolveContext(): Promise<Resolved> {
  const userId = await readSessionUserId();
  if (!userId) return { kind: 'signed-out' };

  const selected = await readSelectedAccountId();
  const db = await prisma();
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    include: { account: true },
  });
  if (memberships.length === 0) {
    // A session of a deleted user is no session; a user without accounts gets told so.
    const exists = await db.user.count({ where: { id: userId } });
    return exists ? { kind: 'no-account', userId } : { kind: 'signed-out' };
  }

  const chosen = memberships.find((m) => m.accountId === selected) ?? memberships[0];
  return {
    kind: 'ok',
    ctx: {
      userId,
      accountId: chosen.accountId,
      role: chosen.role,
      accountName: chosen.account.name,
      timeZone: chosen.account.timeZone,
      suppressAutomated: chosen.account.suppressAutomated,
    },
  };
}

/**
 * For server components. Signed out: redirect to /signin. A role below minRole: the page does
 * not exist for this person (404), the same answer as an unknown address.
 */
export async function requirePageContext(minRole: Role = 'viewer'): Promise<AccountContext> {
  const resolved = await resolveContext();
  if (resolved.kind === 'signed-out') redirect('/signin');
  if (resolved.kind === 'no-account') redirect('/signin?error=no_account');
  if (!hasRole(resolved.ctx, minRole)) notFound();
  return resolved.ctx;
}

/**
 * Every server action starts here (directly or through requireActionContext): AppError
 * 'forbidden' unless the request shows it comes from this site (lib/auth/same-origin).
 */
export async function requireSameOriginAction(): Promise<void> {
  const facts = await readRequestOrigin();
  if (facts.isAction && !isSameOriginRequest(facts)) {
    throw new AppError('forbidden', 'this request did not come from this site');
  }
}

/**
 * For server actions. Throws AppError 'forbidden' for a request from another site or without
 * proof of its origin, 'unauthorized' when signed out, 'forbidden' when the role is too low.
 */
export async function requireActionContext(minRole: Role): Promise<AccountContext> {
  await requireSameOriginAction();
  const resolved = await resolveContext();
  if (resolved.kind !== 'ok') throw new AppError('unauthorized', 'sign in first');
  if (!hasRole(resolved.ctx, minRole)) {
    throw new AppError('forbidden', `this needs the ${minRole} role or higher`);
  }
  return resolved.ctx;
}
