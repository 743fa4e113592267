// Invitations: an admin names an email and a role; the invitee gets a link with a secret token
// that is shown once and stored only as its sha256. Accepting needs that token and a sign-in
// with the invited email (an existing one, or a new one made on the spot).
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { EmailSchema, PasswordSchema } from './accounts';
import { recordAudit } from './audit';
import type { AccountContext } from './context';
import { assertMayAssign } from './members';
import { hashPassword } from './password';
import { isRoleAtLeast, RoleSchema, type Role } from './roles';

const INVITATION_DAYS = 7;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const InviteInput = z.object({ email: EmailSchema, role: RoleSchema });

export async function createInvitation(
  ctx: AccountContext,
  input: { email: string; role: Role },
): Promise<{ id: string; token: string }> {
  if (!isRoleAtLeast(ctx.role, 'admin')) {
    throw new AppError('forbidden', 'only admins and owners invite members');
  }
  const { email, role } = InviteInput.parse(input);
  assertMayAssign(ctx, null, role);

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000);
  const db = await prisma();

  return db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { accountId: ctx.accountId, user: { email } },
    });
    if (member)
      throw new AppError('conflict', 'this person is already a member', { field: 'email' });

    const row = await tx.invitation.create({
      data: {
        accountId: ctx.accountId,
        email,
        role,
        tokenHash: hashToken(token),
        invitedBy: ctx.userId,
        expiresAt,
      },
    });
    await recordAudit(tx, {
      accountId: ctx.accountId,
      actorUserId: ctx.userId,
      action: 'member.invited',
      target: `invitation:${row.id}`,
      after: { email, role, expiresAt: expiresAt.toISOString() },
    });
    return { id: row.id, token };
  });
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
}

export async function listPendingInvitations(accountId: string): Promise<PendingInvitation[]> {
  const db = await prisma();
  return db.invitation.findMany({
    where: { accountId, acceptedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, email: true, role: true, expiresAt: true },
  });
}

export async function revokeInvitation(ctx: AccountContext, invitationId: string): Promise<void> {
  if (!isRoleAtLeast(ctx.role, 'admin')) {
    throw new AppError('forbidden', 'only admins and owners manage invitations');
  }
  const id = z.string().uuid().safeParse(invitationId);
  if (!id.success) throw new AppError('not_found', 'no such invitation');
  const db = await prisma();

  await db.$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({
      where: { id: id.data, accountId: ctx.accountId, acceptedAt: null },
    });
    if (!row) throw new AppError('not_found', 'no such invitation');
    await tx.invitation.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      accountId: ctx.accountId,
      actorUserId: ctx.userId,
      action: 'invitation.revoked',
      target: `invitation:${row.id}`,
      before: { email: row.email, role: row.role },
      after: null,
    });
  });
}

export interface InvitationView {
  accountName: string;
  email: string;
  role: Role;
  /** True when a sign-in already exists for the invited email. */
  userExists: boolean;
}

async function findOpenInvitation(token: string) {
  const db = await prisma();
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { account: { select: { name: true } } },
  });
  if (!row || row.acceptedAt || row.expiresAt <= new Date()) {
    throw new AppError('not_found', 'this invitation is unknown, used or expired');
  }
  return row;
}

export async function describeInvitation(token: string): Promise<InvitationView> {
  const row = await findOpenInvitation(token);
  const db = await prisma();
  const userExists = (await db.user.count({ where: { email: row.email } })) > 0;
  return { accountName: row.account.name, email: row.email, role: row.role, userExists };
}

const NewUser = z.object({
  password: PasswordSchema,
  name: z.string().trim().max(100).default(''),
});

/**
 * Adds the membership. `userId` is the signed-in user (whose email must be the invited one);
 * without it, a new user is created for the invited email with `newUser`'s password.
 */
export async function acceptInvitation(
  token: string,
  who: { userId: string } | { newUser: { password: string; name?: string } },
): Promise<{ accountId: string; userId: string }> {
  const invitation = await findOpenInvitation(token);
  const db = await prisma();
  const passwordHash =
    'newUser' in who ? await hashPassword(NewUser.parse(who.newUser).password) : null;

  return db.$transaction(async (tx) => {
    const userId =
      'userId' in who
        ? await matchSignedInUser(tx, who.userId, invitation.email)
        : await createInvitedUser(
            tx,
            invitation.email,
            passwordHash!,
            'newUser' in who ? who.newUser.name : '',
          );

    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count !== 1)
      throw new AppError('not_found', 'this invitation is unknown, used or expired');

    await tx.membership.upsert({
      where: { accountId_userId: { accountId: invitation.accountId, userId } },
      create: { accountId: invitation.accountId, userId, role: invitation.role },
      update: {},
    });
    await recordAudit(tx, {
      accountId: invitation.accountId,
      actorUserId: userId,
      action: 'member.joined',
      target: `user:${userId}`,
      after: { role: invitation.role, invitation: invitation.id },
    });
    return { accountId: invitation.accountId, userId };
  });
}

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof prisma>>['$transaction']>[0]>[0];

async function matchSignedInUser(tx: Tx, userId: string, email: string): Promise<string> {
  const user = await tx.user.findUnique({ where: { id: userId } });
  if (!user || user.email !== email) {
    throw new AppError('forbidden', 'sign in with the invited email address to accept');
  }
  return user.id;
}

async function createInvitedUser(tx: Tx, email: string, passwordHash: string, name?: string) {
  const existing = await tx.user.findUnique({ where: { email } });
  if (existing) throw new AppError('conflict', 'this email already has a sign-in: sign in first');
  const user = await tx.user.create({ data: { email, passwordHash, name: name?.trim() ?? '' } });
  return user.id;
}
