// GET /campaigns/:id/events.csv: every event of the signed-in account's campaign, streamed as CSV.
import { z } from 'zod';
import { apiRoute } from '@/lib/auth/api';
import { requireActionContext } from '@/lib/auth/context';
import { respondWithExport } from '@/lib/reporting/export-response';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ id: string }>(async (_request, params) => {
  const ctx = await requireActionContext('viewer');
  const { id } = z.object({ id: z.uuid() }).parse(params);
  return respondWithExport(ctx.accountId, id, 'events');
});
