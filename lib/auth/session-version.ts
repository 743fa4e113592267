// Server-side end of sessions: every session token carries the user's sessionVersion from
// sign-in; signing out adds one, so every token issued before stops being a session at once,
// instead of living on until it expires.
import { prisma } from '@/lib/db';

/** True when the token's version is still the user's current one (and the user exists). */
export async function isSessionCurrent(userId: string, version: unknown): Promise<boolean> {
  if (typeof version !== 'number' || !Number.isInteger(version)) return false;
  const db = await prisma();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  return user?.sessionVersion === version;
}

/** Ends every session of the user issued so far (sign-out ends them on all devices). */
export async function endUserSessions(userId: string): Promise<void> {
  const db = await prisma();
  await db.user.updateMany({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
  });
}
