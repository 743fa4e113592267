// Clicks per link of a campaign: a link is its position and destination across all recipients'
// copies. The hidden honeypot link is listed apart; its clicks are never a person's.
import type { SqlExecutor } from '@/lib/db';

export interface LinkRow {
  position: number;
  url: string;
  honeypot: boolean;
  humanClicks: number;
  automatedClicks: number;
  humanClickers: number;
  allClickers: number;
}

interface DbLinkRow {
  position: number;
  url: string;
  honeypot: boolean;
  humanClicks: string;
  autoClicks: string;
  humanClickers: string;
  allClickers: string;
}

export async function readLinkTable(
  db: SqlExecutor,
  accountId: string,
  campaignId: string,
): Promise<LinkRow[]> {
  const { rows } = await db.query<DbLinkRow>(
    `SELECT position, url, honeypot, "humanClicks", "autoClicks", "humanClickers", "allClickers"
     FROM "ReportCampaignLink" WHERE "accountId" = $1 AND "campaignId" = $2::uuid
       AND ("humanClicks" <> 0 OR "autoClicks" <> 0)
     ORDER BY honeypot, position, url`,
    [accountId, campaignId],
  );
  return rows.map((r) => {
    const human = Number(r.humanClicks);
    const automated = Number(r.autoClicks);
    // Whatever verdict a honeypot click got, it is not a person's click of a person's link.
    return {
      position: Number(r.position),
      url: r.url,
      honeypot: r.honeypot,
      humanClicks: r.honeypot ? 0 : human,
      automatedClicks: r.honeypot ? human + automated : automated,
      humanClickers: r.honeypot ? 0 : Number(r.humanClickers),
      allClickers: Number(r.allClickers),
    };
  });
}
