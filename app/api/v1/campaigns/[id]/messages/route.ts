// POST /api/v1/campaigns/:id/messages: instrument one recipient's message (API key auth).
import { z } from 'zod';
import { apiRoute, requireApiKey } from '@/lib/auth/api';
import { AppError } from '@/lib/errors';
import { publicBaseUrl } from '@/lib/instrument/base-url';
import { submitMessage } from '@/lib/instrument/submit';

export const dynamic = 'force-dynamic';

const MAX_REQUEST_BYTES = 5_000_000;
const Params = z.object({ id: z.uuid() });

export const POST = apiRoute<{ id: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new AppError('not_found', 'campaign not found');

  const body = await readJson(request);
  const baseUrl = publicBaseUrl(request.url);
  const result = await submitMessage({ accountId, campaignId: parsed.data.id, baseUrl }, body);
  return Response.json(result, { status: 201, headers: { 'cache-control': 'no-store' } });
});

async function readJson(request: Request): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_REQUEST_BYTES) throw new AppError('payload_too_large', 'request body over 5 MB');

  const text = await request.text();
  if (text.length > MAX_REQUEST_BYTES)
    throw new AppError('payload_too_large', 'request body over 5 MB');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'request body is not valid JSON');
  }
}
