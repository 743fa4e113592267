// The :id and :sendId of the send routes; a malformed id is simply a send that does not exist.
import { z } from 'zod';
import { AppError } from '@/lib/errors';

const Params = z.object({ id: z.uuid(), sendId: z.uuid() });

export function parseSendParams(params: unknown): { campaignId: string; jobId: string } {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new AppError('not_found', 'send not found');
  return { campaignId: parsed.data.id, jobId: parsed.data.sendId };
}
