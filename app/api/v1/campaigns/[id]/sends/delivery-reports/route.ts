// POST /api/v1/campaigns/:id/sends/delivery-reports: a delivery status notification (RFC 3464,
// the raw message as the body) from the account's bounce mailbox; sets delivery or bounce time.
import { z } from 'zod';
import { apiRoute, requireApiKey } from '@/lib/auth/api';
import { AppError } from '@/lib/errors';
import { applyDeliveryReport } from '@/lib/sending/delivery-report';

export const dynamic = 'force-dynamic';

const MAX_REPORT_BYTES = 1_000_000;
const Params = z.object({ id: z.uuid() });

export const POST = apiRoute<{ id: string }>(async (request, params) => {
  const { accountId } = await requireApiKey(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new AppError('not_found', 'campaign not found');

  const body = Buffer.from(await request.arrayBuffer());
  if (body.length > MAX_REPORT_BYTES) throw new AppError('payload_too_large', 'report over 1 MB');

  const report = await applyDeliveryReport(accountId, body, undefined, parsed.data.id);
  return Response.json(
    { messageId: report.messageId, action: report.action, status: report.status, at: report.at },
    { headers: { 'cache-control': 'no-store' } },
  );
});
