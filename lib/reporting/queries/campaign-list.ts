// Campaigns of one account, newest first, optionally those sent (or created) in a date range.
import type { SqlExecutor } from '@/lib/db';

export interface CampaignRow {
  id: string;
  name: string;
  subject: string;
  sentAt: Date | null;
  createdAt: Date;
}

export interface CampaignListFilter {
  /** Inclusive start instant. */
  from?: Date;
  /** Exclusive end instant. */
  to?: Date;
  limit: number;
}

export async function listCampaignRows(
  db: SqlExecutor,
  accountId: string,
  filter: CampaignListFilter,
): Promise<CampaignRow[]> {
  const { rows } = await db.query<CampaignRow>(
    `SELECT id, name, subject, "sentAt", "createdAt" FROM "Campaign"
     WHERE "accountId" = $1
       AND ($2::timestamptz IS NULL OR COALESCE("sentAt", "createdAt") >= $2)
       AND ($3::timestamptz IS NULL OR COALESCE("sentAt", "createdAt") < $3)
     ORDER BY COALESCE("sentAt", "createdAt") DESC, id DESC
     LIMIT $4`,
    [accountId, filter.from ?? null, filter.to ?? null, filter.limit],
  );
  return rows.map((r) => ({ ...r, sentAt: toDate(r.sentAt), createdAt: toDate(r.createdAt)! }));
}

export async function readCampaignRow(
  db: SqlExecutor,
  accountId: string,
  campaignId: string,
): Promise<CampaignRow | null> {
  const { rows } = await db.query<CampaignRow>(
    `SELECT id, name, subject, "sentAt", "createdAt" FROM "Campaign"
     WHERE "accountId" = $1 AND id = $2::uuid`,
    [accountId, campaignId],
  );
  const row = rows[0];
  return row ? { ...row, sentAt: toDate(row.sentAt), createdAt: toDate(row.createdAt)! } : null;
}

/** Both drivers return timestamptz as Date; this also accepts strings, defensively. */
export function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}
