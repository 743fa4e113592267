'use server';
// Managing members and invitations (admins and owners; owners alone for the owner role).
import { revalidatePath } from 'next/cache';
import { runAction, type ActionResult } from '@/lib/auth/action-result';
import { requireActionContext } from '@/lib/auth/context';
import { createInvitation, revokeInvitation } from '@/lib/auth/invitations';
import { changeMemberRole, removeMember } from '@/lib/auth/members';
import { RoleSchema } from '@/lib/auth/roles';

export async function changeRole(userId: string, role: string): Promise<ActionResult> {
  return runAction('changeRole', async () => {
    const ctx = await requireActionContext('admin');
    await changeMemberRole(ctx, String(userId), RoleSchema.parse(role));
    revalidatePath('/members');
    return null;
  });
}

export async function removeMemberAction(userId: string): Promise<ActionResult> {
  return runAction('removeMember', async () => {
    const ctx = await requireActionContext('admin');
    await removeMember(ctx, String(userId));
    revalidatePath('/members');
    return null;
  });
}

/** Returns the invitation link's token; it is never shown again. */
export async function inviteMember(formData: FormData): Promise<ActionResult<{ token: string }>> {
  return runAction('inviteMember', async () => {
    const ctx = await requireActionContext('admin');
    const { token } = await createInvitation(ctx, {
      email: String(formData.get('email') ?? ''),
      role: RoleSchema.parse(formData.get('role')),
    });
    revalidatePath('/members');
    return { token };
  });
}

export async function revokeInvitationAction(invitationId: string): Promise<ActionResult> {
  return runAction('revokeInvitation', async () => {
    const ctx = await requireActionContext('admin');
    await revokeInvitation(ctx, String(invitationId));
    revalidatePath('/members');
    return null;
  });
}
