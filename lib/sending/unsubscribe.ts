// Unsubscribes. Only an explicit POST changes anything (the confirmation form, or a mail
// client's RFC 8058 one-click POST); link scanners that GET or HEAD every URL cannot.
import { getDb, type Database } from '../db';
import { verifyUnsubscribeToken } from '../instrument/unsubscribe-token';

export type UnsubscribeMethod = 'one_click' | 'confirmed';

export interface UnsubscribeTarget {
  accountId: string;
  messageId: string;
  recipientRef: string;
}

/** The message an unsubscribe token belongs to, or null for a bad or unknown token. */
export async function resolveUnsubscribeToken(
  token: string,
  db?: Database,
): Promise<UnsubscribeTarget | null> {
  const claims = verifyUnsubscribeToken(token);
  if (!claims) return null;

  const { prisma } = db ?? (await getDb());
  const message = await prisma.message.findFirst({
    where: { id: claims.messageId, accountId: claims.accountId },
    select: { recipientRef: true },
  });
  return message ? { ...claims, recipientRef: message.recipientRef } : null;
}

/** Records the unsubscribe; repeating it is harmless and keeps the first record. */
export async function recordUnsubscribe(
  target: UnsubscribeTarget,
  method: UnsubscribeMethod,
  db?: Database,
): Promise<void> {
  const { prisma } = db ?? (await getDb());
  await prisma.unsubscribe.upsert({
    where: {
      accountId_recipientRef: { accountId: target.accountId, recipientRef: target.recipientRef },
    },
    create: {
      accountId: target.accountId,
      recipientRef: target.recipientRef,
      messageId: target.messageId,
      method,
    },
    update: {},
  });
}

export async function isUnsubscribed(
  accountId: string,
  recipientRef: string,
  db?: Database,
): Promise<boolean> {
  const { prisma } = db ?? (await getDb());
  const found = await prisma.unsubscribe.findUnique({
    where: { accountId_recipientRef: { accountId, recipientRef } },
    select: { accountId: true },
  });
  return found !== null;
}
