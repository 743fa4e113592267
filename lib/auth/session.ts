// The two facts a request carries about its person: who is signed in (the next-auth session)
// and which of their accounts they chose (a cookie set by the account switcher). Kept in one
// small module so tests can stand in for the browser.
import { getServerSession } from 'next-auth';
import { cookies, headers } from 'next/headers';
import { authConfig } from './auth-config';
import { getAuthOptions } from './options';
import { readOriginFacts, type RequestOriginFacts } from './same-origin';
import { isSessionCurrent } from './session-version';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function accountCookieName(): string {
  // The __Host- prefix pins the cookie to this host, https and path "/".
  return authConfig().secure ? '__Host-verity-account' : 'verity-account';
}

/**
 * The signed-in user's id, or null. An expired or tampered session is no session, and neither
 * is a token from before the user's last sign-out (lib/auth/session-version).
 */
export async function readSessionUserId(): Promise<string | null> {
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as { id?: string; sessionVersion?: unknown } | undefined;
  const id = user?.id;
  if (!id || !UUID.test(id)) return null;
  return (await isSessionCurrent(id, user.sessionVersion)) ? id : null;
}

/** The account the switcher selected; only a hint, checked against memberships by the caller. */
export async function readSelectedAccountId(): Promise<string | null> {
  const value = (await cookies()).get(accountCookieName())?.value;
  return value && UUID.test(value) ? value : null;
}

export async function writeSelectedAccountId(accountId: string): Promise<void> {
  (await cookies()).set(accountCookieName(), accountId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: authConfig().secure,
    path: '/',
    maxAge: 365 * 24 * 3600,
  });
}

/** Origin, Sec-Fetch-Site and Host of the current request, for the same-origin check. */
export async function readRequestOrigin(): Promise<RequestOriginFacts> {
  return readOriginFacts(await headers());
}
