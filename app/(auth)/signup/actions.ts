'use server';
// Sign-up: a new account with the person as its owner. The browser signs in afterwards through
// next-auth (with next-auth's CSRF token), so this action never creates a session itself.
import { createAccountWithOwner } from '@/lib/auth/accounts';
import { runAction, type ActionResult } from '@/lib/auth/action-result';

export async function signUp(formData: FormData): Promise<ActionResult> {
  return runAction('signUp', async () => {
    await createAccountWithOwner({
      accountName: String(formData.get('accountName') ?? ''),
      email: String(formData.get('email') ?? ''),
      password: String(formData.get('password') ?? ''),
      name: String(formData.get('name') ?? ''),
    });
    return null;
  });
}
