// GET /api/v1/campaigns/:id/links: clicks and unique clickers per link (link number, from 1, and
// destination); the hidden honeypot link's clicks are only ever automated.
import { requireApiKey, apiRoute } from '@/lib/auth/api';
import { notFound } from '@/lib/errors';
import { toLinkNumber } from '@/lib/reporting/link-number';
import { CampaignIdParam } from '@/lib/reporting/params';
import { getReportingStore } from '@/lib/reporting/store';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const { id } = CampaignIdParam.parse(params);
  const store = await getReportingStore();

  if (!(await store.campaign(accountId, id))) throw notFound('campaign not found');
  const links = await store.links(accountId, id);
  return Response.json({
    links: links.map(({ position, ...rest }) => ({ linkNumber: toLinkNumber(position), ...rest })),
  });
});
