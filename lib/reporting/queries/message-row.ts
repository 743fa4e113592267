// One recipient's message, for the per-recipient timeline.
import type { SqlExecutor } from '@/lib/db';

export interface MessageView {
  id: string;
  campaignId: string;
  recipientRef: string;
  sentAt: Date | null;
  deliveredAt: Date | null;
  bouncedAt: Date | null;
}

export async function readMessageRow(
  db: SqlExecutor,
  accountId: string,
  campaignId: string,
  messageId: string,
): Promise<MessageView | null> {
  const { rows } = await db.query<MessageView>(
    `SELECT id, "campaignId", "recipientRef", "sentAt", "deliveredAt", "bouncedAt" FROM "Message"
     WHERE "accountId" = $1 AND "campaignId" = $2::uuid AND id = $3::uuid`,
    [accountId, campaignId, messageId],
  );
  return rows[0] ?? null;
}
