'use server';
// Sign-up: a new account with the person as its owner. The browser signs in afterwards through
// next-auth (with next-auth's CSRF token), so this action never creates a session itself.
import { headers } from 'next/headers';
import { createAccountWithOwner } from '@/lib/auth/accounts';
import { runAction, type ActionResult } from '@/lib/auth/action-result';
import { isSameOriginRequest, readOriginFacts } from '@/lib/auth/same-origin';
import { allowSignUp } from '@/lib/auth/rate-limit';
import { AppError } from '@/lib/errors';

export async function signUp(formData: FormData): Promise<ActionResult> {
  return runAction('signUp', async () => {
    const requestHeaders = await headers();
    const facts = readOriginFacts(requestHeaders);
    if (facts.isAction && !isSameOriginRequest(facts)) {
      throw new AppError('forbidden', 'this request did not come from this site');
    }
    // The custom server replaced X-Forwarded-For with the real client address (lib/server).
    const forwarded = requestHeaders.get('x-forwarded-for') ?? '';
    if (!(await allowSignUp(forwarded.split(',')[0]?.trim() || 'unknown'))) {
      throw new AppError('rate_limited', 'too many new accounts from this address; try later');
    }
    await createAccountWithOwner({
      accountName: String(formData.get('accountName') ?? ''),
      email: String(formData.get('email') ?? ''),
      password: String(formData.get('password') ?? ''),
      name: String(formData.get('name') ?? ''),
    });
    return null;
  });
}
