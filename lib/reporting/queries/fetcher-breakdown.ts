// Events of a campaign by who made them (fetcher) and verdict.
import type { SqlExecutor } from '@/lib/db';

export interface FetcherRow {
  kind: 'open' | 'click';
  verdict: 'human' | 'automated';
  fetcher: string;
  events: number;
}

export async function readFetcherBreakdown(
  db: SqlExecutor,
  accountId: string,
  campaignId: string,
): Promise<FetcherRow[]> {
  const { rows } = await db.query<Omit<FetcherRow, 'events'> & { n: string }>(
    `SELECT kind::text AS kind, verdict::text AS verdict, fetcher, SUM(events) AS n
     FROM "ReportCampaignBucket" WHERE "accountId" = $1 AND "campaignId" = $2::uuid
     GROUP BY 1, 2, 3 HAVING SUM(events) <> 0
     ORDER BY SUM(events) DESC, 1, 2, 3`,
    [accountId, campaignId],
  );
  return rows.map((r) => ({
    kind: r.kind,
    verdict: r.verdict,
    fetcher: r.fetcher,
    events: Number(r.n),
  }));
}
