// GET /api/v1/campaigns/:id: one campaign of the key's account.
import { requireApiKey, apiRoute } from '@/lib/auth/api';
import { getCampaign } from '@/lib/campaigns/campaigns';
import { CampaignIdParam } from '@/lib/reporting/params';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const { id } = CampaignIdParam.parse(params);
  return Response.json({ campaign: await getCampaign(accountId, id) });
});
