// POST /api/v1/campaigns/:id/sends/:sendId/resume: continue a paused send where it stopped.
import { apiRoute, requireApiKey } from '@/lib/auth/api';
import { AppError } from '@/lib/errors';
import { publicBaseUrl } from '@/lib/instrument/base-url';
import { getSendProgress, markSendJobResumed } from '@/lib/sending/jobs';
import { startSendJob } from '@/lib/sending/runner';
import { parseSendParams } from '../params';

export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ id: string; sendId: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const { campaignId, jobId } = parseSendParams(params);

  const before = await getSendProgress(accountId, jobId);
  if (!before || before.campaignId !== campaignId)
    throw new AppError('not_found', 'send not found');
  if (!(await markSendJobResumed(accountId, jobId))) {
    throw new AppError('conflict', `the send is ${before.status}, not paused`);
  }
  void startSendJob(jobId, { baseUrl: publicBaseUrl(request.url) });
  return Response.json(await getSendProgress(accountId, jobId), {
    headers: { 'cache-control': 'no-store' },
  });
});
