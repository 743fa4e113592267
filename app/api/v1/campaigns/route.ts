// GET /api/v1/campaigns: the account's campaigns with figures. POST: create a campaign.
import { requireApiKey, apiRoute } from '@/lib/auth/api';
import { createCampaign } from '@/lib/campaigns/campaigns';
import { AppError } from '@/lib/errors';
import {
  ListQuery,
  readSearchParams,
  serializeCampaign,
  serializeFigures,
  toInstantRange,
} from '@/lib/reporting/params';
import { loadCampaignList } from '@/lib/reporting/service';
import { getReportingStore } from '@/lib/reporting/store';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(async (request) => {
  const { accountId } = await requireApiKey(request);
  const query = ListQuery.parse(readSearchParams(request));
  const store = await getReportingStore();

  const settings = await store.accountSettings(accountId);
  const range = toInstantRange(query, settings?.timeZone ?? 'UTC');
  const list = await loadCampaignList(
    store,
    accountId,
    { ...range, limit: query.limit },
    query.counting,
  );

  return Response.json({
    timeZone: list.timeZone,
    counting: list.counting,
    suppressAutomated: list.suppressAutomated,
    campaigns: list.campaigns.map((c) => ({
      ...serializeCampaign(c.campaign),
      ...serializeFigures(c),
    })),
    total: serializeFigures(list.total),
  });
});

export const POST = apiRoute(async (request) => {
  const { accountId } = await requireApiKey(request);
  const body: unknown = await request.json().catch(() => {
    throw new AppError('bad_request', 'body must be JSON');
  });
  const campaign = await createCampaign(accountId, body);
  return Response.json({ campaign }, { status: 201 });
});
