// GET /api/v1/campaigns/:id/timeseries: events per local hour or day of the account's time
// zone, by kind, verdict and fetcher.
import { requireApiKey, apiRoute } from '@/lib/auth/api';
import { notFound } from '@/lib/errors';
import { CampaignIdParam, readSearchParams, TimeSeriesParams } from '@/lib/reporting/params';
import { getReportingStore } from '@/lib/reporting/store';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const { id } = CampaignIdParam.parse(params);
  const query = TimeSeriesParams.parse(readSearchParams(request));
  const store = await getReportingStore();

  const [settings, campaign] = await Promise.all([
    store.accountSettings(accountId),
    store.campaign(accountId, id),
  ]);
  if (!settings || !campaign) throw notFound('campaign not found');

  const series = await store.timeSeries(accountId, id, {
    granularity: query.granularity,
    timeZone: settings.timeZone,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  });
  return Response.json(series);
});
