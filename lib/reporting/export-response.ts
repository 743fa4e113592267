// The HTTP answer of a CSV export, shared by the API and the dashboard's download links.
import { buildFiguresCsv, exportFileName, streamEventsCsv } from './csv';
import { loadCampaignStats } from './service';
import { getReportingStore } from './store';

export async function respondWithExport(
  accountId: string,
  campaignId: string,
  type: 'figures' | 'events',
): Promise<Response> {
  const store = await getReportingStore();
  // Also the tenancy check: another account's campaign is a 404 before any byte is sent.
  const stats = await loadCampaignStats(store, accountId, campaignId);
  const headers = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${exportFileName(stats.campaign.name, type)}"`,
    'cache-control': 'no-store',
  };

  if (type === 'figures') return new Response(buildFiguresCsv(stats, new Date()), { headers });

  const body = streamEventsCsv(store, accountId, campaignId, {
    timeZone: stats.timeZone,
    suppress: stats.counting === 'human',
  });
  return new Response(body, { headers });
}
