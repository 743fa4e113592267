// Events of a campaign per raw user agent and verdict; lib/reporting/clients.ts names them.
import type { SqlExecutor } from '@/lib/db';

export interface AgentRow {
  kind: 'open' | 'click';
  verdict: 'human' | 'automated';
  userAgent: string;
  events: number;
}

/** Most frequent agents first; the long tail past `limit` is summed by the caller as "other". */
export async function readAgentBreakdown(
  db: SqlExecutor,
  accountId: string,
  campaignId: string,
  limit = 500,
): Promise<AgentRow[]> {
  const { rows } = await db.query<Omit<AgentRow, 'events'> & { n: string }>(
    `SELECT kind::text AS kind, verdict::text AS verdict, "userAgent", events AS n
     FROM "ReportCampaignAgent" WHERE "accountId" = $1 AND "campaignId" = $2::uuid AND events <> 0
     ORDER BY events DESC, "agentHash" LIMIT $3`,
    [accountId, campaignId, limit],
  );
  return rows.map((r) => ({
    kind: r.kind,
    verdict: r.verdict,
    userAgent: r.userAgent,
    events: Number(r.n),
  }));
}
