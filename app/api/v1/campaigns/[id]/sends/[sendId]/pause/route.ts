// POST /api/v1/campaigns/:id/sends/:sendId/pause: stop after the message in flight.
import { apiRoute, requireApiKey } from '@/lib/auth/api';
import { AppError } from '@/lib/errors';
import { getSendProgress, pauseSendJob } from '@/lib/sending/jobs';
import { parseSendParams } from '../params';

export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ id: string; sendId: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const { campaignId, jobId } = parseSendParams(params);

  const before = await getSendProgress(accountId, jobId);
  if (!before || before.campaignId !== campaignId)
    throw new AppError('not_found', 'send not found');
  if (!(await pauseSendJob(accountId, jobId))) {
    throw new AppError('conflict', `the send is ${before.status}, not running`);
  }
  return Response.json(await getSendProgress(accountId, jobId), {
    headers: { 'cache-control': 'no-store' },
  });
});
