// POST /api/v1/campaigns/:id/sends: send the campaign to an uploaded CSV list (API key auth).
import { z } from 'zod';
import { apiRoute, requireApiKey } from '@/lib/auth/api';
import { AppError } from '@/lib/errors';
import { publicBaseUrl } from '@/lib/instrument/base-url';
import { createSendJob } from '@/lib/sending/jobs';
import { startSendJob } from '@/lib/sending/runner';
import { readJsonBody } from './read-json';

export const dynamic = 'force-dynamic';

const Params = z.object({ id: z.uuid() });

export const POST = apiRoute<{ id: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new AppError('not_found', 'campaign not found');

  const body = await readJsonBody(request);
  const progress = await createSendJob({ accountId, campaignId: parsed.data.id }, body);
  void startSendJob(progress.jobId, { baseUrl: publicBaseUrl(request.url) });
  return Response.json(progress, { status: 202, headers: { 'cache-control': 'no-store' } });
});
