// GET /api/v1/campaigns/:id/stats: headline figures, counted as the account's switch says
// (or as ?counting=human|all asks for this one request), both ways, with definitions.
import { requireApiKey, apiRoute } from '@/lib/auth/api';
import {
  CampaignIdParam,
  DEFINITIONS,
  readSearchParams,
  serializeCampaign,
  serializeFigures,
  StatsQuery,
} from '@/lib/reporting/params';
import { loadCampaignStats } from '@/lib/reporting/service';
import { getReportingStore } from '@/lib/reporting/store';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const { id } = CampaignIdParam.parse(params);
  const query = StatsQuery.parse(readSearchParams(request));

  const stats = await loadCampaignStats(await getReportingStore(), accountId, id, query.counting);
  return Response.json({
    campaign: serializeCampaign(stats.campaign),
    timeZone: stats.timeZone,
    ...serializeFigures(stats),
    definitions: DEFINITIONS,
  });
});
