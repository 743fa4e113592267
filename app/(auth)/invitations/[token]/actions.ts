'use server';
// Accepting an invitation, either as the signed-in invitee or by creating their sign-in.
import { runAction, type ActionResult } from '@/lib/auth/action-result';
import { requireSameOriginAction } from '@/lib/auth/context';
import { acceptInvitation } from '@/lib/auth/invitations';
import { readSessionUserId, writeSelectedAccountId } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';

export async function acceptAsSignedIn(token: string): Promise<ActionResult> {
  return runAction('acceptAsSignedIn', async () => {
    await requireSameOriginAction();
    const userId = await readSessionUserId();
    if (!userId) throw new AppError('unauthorized', 'sign in first');
    const { accountId } = await acceptInvitation(String(token), { userId });
    await writeSelectedAccountId(accountId);
    return null;
  });
}

export async function acceptAsNewUser(token: string, formData: FormData): Promise<ActionResult> {
  return runAction('acceptAsNewUser', async () => {
    await requireSameOriginAction();
    const newUser = {
      password: String(formData.get('password') ?? ''),
      name: String(formData.get('name') ?? ''),
    };
    const { accountId } = await acceptInvitation(String(token), { newUser });
    await writeSelectedAccountId(accountId);
    return null;
  });
}
