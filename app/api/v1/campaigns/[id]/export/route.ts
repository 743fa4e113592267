// GET /api/v1/campaigns/:id/export?type=figures|events: CSV; events are streamed.
import { requireApiKey, apiRoute } from '@/lib/auth/api';
import { CampaignIdParam, ExportQuery, readSearchParams } from '@/lib/reporting/params';
import { respondWithExport } from '@/lib/reporting/export-response';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const { id } = CampaignIdParam.parse(params);
  const { type } = ExportQuery.parse(readSearchParams(request));
  return respondWithExport(accountId, id, type);
});
