// GET /api/v1/campaigns/:id/sends/:sendId: a send's progress (API key auth).
import { apiRoute, requireApiKey } from '@/lib/auth/api';
import { AppError } from '@/lib/errors';
import { getSendProgress } from '@/lib/sending/jobs';
import { parseSendParams } from './params';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string; sendId: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const { campaignId, jobId } = parseSendParams(params);

  const progress = await getSendProgress(accountId, jobId);
  if (!progress || progress.campaignId !== campaignId)
    throw new AppError('not_found', 'send not found');
  return Response.json(progress, { headers: { 'cache-control': 'no-store' } });
});
