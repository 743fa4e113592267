// Raw counts behind the headline figures, from the rollups the database keeps (see the
// report_rollups migration). Campaigns of other accounts are simply absent.
import type { SqlExecutor } from '@/lib/db';
import type { CampaignCounts } from '../metrics';

type Mutable = {
  sent: number;
  bounced: number;
  states: Map<number, number>;
  opens: { human: number; automated: number };
  clicks: { human: number; automated: number };
};

function emptyCounts(): Mutable {
  return {
    sent: 0,
    bounced: 0,
    states: new Map(),
    opens: { human: 0, automated: 0 },
    clicks: { human: 0, automated: 0 },
  };
}

export async function readCampaignCounts(
  db: SqlExecutor,
  accountId: string,
  campaignIds: readonly string[],
): Promise<Map<string, CampaignCounts>> {
  const result = new Map<string, Mutable>();
  if (campaignIds.length === 0) return result;
  const params = [accountId, campaignIds];

  const [messages, states, events] = await Promise.all([
    db.query<{ id: string; sent: string | null; bounced: string | null }>(
      `SELECT c.id, m.sent, m.bounced FROM "Campaign" c
       LEFT JOIN "ReportCampaignMessages" m ON m."campaignId" = c.id AND m."accountId" = $1
       WHERE c."accountId" = $1 AND c.id = ANY($2::uuid[])`,
      params,
    ),
    db.query<{ campaignId: string; state: number; messages: string }>(
      `SELECT "campaignId", state, messages FROM "ReportCampaignState"
       WHERE "accountId" = $1 AND "campaignId" = ANY($2::uuid[]) AND messages <> 0`,
      params,
    ),
    db.query<{
      campaignId: string;
      kind: 'open' | 'click';
      verdict: 'human' | 'automated';
      n: string;
    }>(
      `SELECT "campaignId", kind::text AS kind, verdict::text AS verdict, SUM(events) AS n
       FROM "ReportCampaignBucket"
       WHERE "accountId" = $1 AND "campaignId" = ANY($2::uuid[])
       GROUP BY "campaignId", kind, verdict`,
      params,
    ),
  ]);

  for (const row of messages.rows) {
    const counts = emptyCounts();
    counts.sent = Number(row.sent ?? 0);
    counts.bounced = Number(row.bounced ?? 0);
    result.set(row.id, counts);
  }
  for (const row of states.rows) {
    const counts = result.get(row.campaignId);
    if (counts) counts.states.set(Number(row.state), Number(row.messages));
  }
  for (const row of events.rows) {
    const counts = result.get(row.campaignId);
    if (!counts) continue;
    const totals = row.kind === 'open' ? counts.opens : counts.clicks;
    totals[row.verdict] += Number(row.n);
  }
  return result;
}
