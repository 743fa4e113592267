'use server';
// Switching the current account: only to an account the user is a member of; any other id,
// existing or not, is "no such account".
import { z } from 'zod';
import { runAction, type ActionResult } from '@/lib/auth/action-result';
import { listMemberships, requireSameOriginAction } from '@/lib/auth/context';
import { readSessionUserId, writeSelectedAccountId } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';

export async function switchAccount(accountId: string): Promise<ActionResult> {
  return runAction('switchAccount', async () => {
    await requireSameOriginAction();
    const userId = await readSessionUserId();
    if (!userId) throw new AppError('unauthorized', 'sign in first');

    const id = z.string().uuid().safeParse(accountId);
    const memberships = await listMemberships(userId);
    const target = memberships.find((m) => id.success && m.accountId === id.data);
    if (!target) throw new AppError('not_found', 'no such account');

    await writeSelectedAccountId(target.accountId);
    return null;
  });
}
