'use server';
// Creating and revoking API keys (admins and owners). A new key is returned once.
import { revalidatePath } from 'next/cache';
import { createApiKey, revokeApiKey } from '@/lib/auth/accounts';
import { runAction, type ActionResult } from '@/lib/auth/action-result';
import { requireActionContext } from '@/lib/auth/context';

export async function createApiKeyAction(
  formData: FormData,
): Promise<ActionResult<{ id: string; key: string }>> {
  return runAction('createApiKey', async () => {
    const ctx = await requireActionContext('admin');
    const created = await createApiKey(
      ctx.accountId,
      String(formData.get('name') ?? ''),
      ctx.userId,
    );
    revalidatePath('/api-keys');
    return created;
  });
}

export async function revokeApiKeyAction(keyId: string): Promise<ActionResult> {
  return runAction('revokeApiKey', async () => {
    const ctx = await requireActionContext('admin');
    await revokeApiKey(ctx.accountId, String(keyId), ctx.userId);
    revalidatePath('/api-keys');
    return null;
  });
}
