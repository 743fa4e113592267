// Campaigns: create, list and read, always inside one account. Another account's campaign
// behaves exactly like a missing one.
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { notFound } from '@/lib/errors';
import { refuseNul, SaneInstant } from '@/lib/reporting/bounds';

export const CreateCampaignSchema = z.object({
  name: refuseNul(z.string().trim().min(1, 'name is required').max(200)),
  subject: refuseNul(z.string().trim().max(500)).default(''),
  /** When the campaign was (or will be) sent, ISO 8601 with offset, years 2000-2100. */
  sentAt: SaneInstant.optional(),
});

export type CreateCampaignInput = z.input<typeof CreateCampaignSchema>;

export interface CampaignView {
  id: string;
  name: string;
  subject: string;
  sentAt: string | null;
  createdAt: string;
}

const SELECT = { id: true, name: true, subject: true, sentAt: true, createdAt: true } as const;

function toView(row: {
  id: string;
  name: string;
  subject: string;
  sentAt: Date | null;
  createdAt: Date;
}) {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createCampaign(accountId: string, input: unknown): Promise<CampaignView> {
  const data = CreateCampaignSchema.parse(input);
  const db = await prisma();
  const row = await db.campaign.create({
    data: {
      accountId,
      name: data.name,
      subject: data.subject,
      sentAt: data.sentAt ? new Date(data.sentAt) : null,
    },
    select: SELECT,
  });
  return toView(row);
}

export async function listCampaigns(accountId: string, limit = 100): Promise<CampaignView[]> {
  const db = await prisma();
  const rows = await db.campaign.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: SELECT,
  });
  return rows.map(toView);
}

/** Throws AppError 'not_found' for an unknown id or another account's campaign. */
export async function getCampaign(accountId: string, campaignId: string): Promise<CampaignView> {
  if (!z.uuid().safeParse(campaignId).success) throw notFound('campaign not found');
  const db = await prisma();
  const row = await db.campaign.findFirst({ where: { id: campaignId, accountId }, select: SELECT });
  if (!row) throw notFound('campaign not found');
  return toView(row);
}
