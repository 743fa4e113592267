'use server';
// Changing account settings (admins and owners). The switch takes effect on the next request
// of every page and API call, since reporting reads it per request.
import { revalidatePath } from 'next/cache';
import { runAction, type ActionResult } from '@/lib/auth/action-result';
import { requireActionContext } from '@/lib/auth/context';
import { updateAccountSettings, type AccountSettings } from '@/lib/auth/settings';

export async function saveSettings(formData: FormData): Promise<ActionResult<AccountSettings>> {
  return runAction('saveSettings', async () => {
    const ctx = await requireActionContext('admin');
    const saved = await updateAccountSettings(ctx, {
      name: String(formData.get('name') ?? ''),
      suppressAutomated: formData.get('suppressAutomated') === 'on',
      timeZone: String(formData.get('timeZone') ?? ''),
      addressRetentionDays: Number(formData.get('addressRetentionDays')),
    });
    revalidatePath('/', 'layout');
    return saved;
  });
}

export async function setSuppressAutomated(on: boolean): Promise<ActionResult<AccountSettings>> {
  return runAction('setSuppressAutomated', async () => {
    const ctx = await requireActionContext('admin');
    const saved = await updateAccountSettings(ctx, { suppressAutomated: on === true });
    revalidatePath('/', 'layout');
    return saved;
  });
}
