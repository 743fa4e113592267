// Send jobs: one campaign's content to every recipient of a list. Each recipient is an item
// that is claimed (pending -> sending) in one atomic statement before its SMTP transaction,
// so pausing, resuming, a second runner or a crash can never send anyone twice; an item whose
// outcome is unknown after a crash stays "sending" rather than being retried.
import { z } from 'zod';
import { getDb, type Database } from '../db';
import { AppError } from '../errors';
import { listMergeFields } from '../instrument/merge-fields';
import { UNSUBSCRIBE_FIELD } from '../instrument/instrument';
import { createRecipientList } from './lists';

export const CreateSendSchema = z
  .object({
    name: z.string().trim().max(200).optional(),
    listCsv: z.string().min(1).max(20_000_000),
    subject: z.string().trim().min(1).max(998),
    html: z.string().max(2_000_000).optional(),
    text: z.string().max(2_000_000).optional(),
    utm: z.record(z.string(), z.string().max(200)).optional(),
  })
  .strict()
  .refine((v) => v.html !== undefined || v.text !== undefined, {
    message: 'give html, text or both',
  });

export type CreateSendInput = z.input<typeof CreateSendSchema>;

export interface SendProgress {
  jobId: string;
  campaignId: string;
  status: 'running' | 'paused' | 'completed';
  total: number;
  pending: number;
  sending: number;
  sent: number;
  bounced: number;
  skipped: number;
  createdAt: string;
  finishedAt: string | null;
}

export async function createSendJob(
  scope: { accountId: string; campaignId: string },
  body: unknown,
  db?: Database,
): Promise<SendProgress> {
  const parsed = CreateSendSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('bad_request', 'invalid send', { issues });
  }
  const input = parsed.data;
  const database = db ?? (await getDb());
  const { prisma } = database;

  const campaign = await prisma.campaign.findFirst({
    where: { id: scope.campaignId, accountId: scope.accountId },
    select: { id: true, name: true },
  });
  if (!campaign) throw new AppError('not_found', 'campaign not found');

  const smtp = await prisma.smtpSettings.findUnique({ where: { accountId: scope.accountId } });
  if (!smtp) throw new AppError('conflict', 'configure the account SMTP settings before sending');

  const list = await createRecipientList(
    scope.accountId,
    input.name ?? campaign.name,
    input.listCsv,
    database,
  );
  checkFieldsCovered([input.subject, input.html ?? '', input.text ?? ''], list.columns);

  const job = await prisma.sendJob.create({
    data: {
      accountId: scope.accountId,
      campaignId: scope.campaignId,
      listId: list.listId,
      subject: input.subject,
      html: input.html ?? null,
      text: input.text ?? null,
      utm: input.utm ?? undefined,
      total: list.rowCount,
    },
    select: { id: true },
  });
  await database.sql.query(
    `INSERT INTO "SendItem" (id, "accountId", "jobId", "recipientId", status, "updatedAt")
     SELECT gen_random_uuid(), $1, $2, id, 'pending', now()
     FROM "Recipient" WHERE "listId" = $3 ORDER BY line`,
    [scope.accountId, job.id, list.listId],
  );

  return (await getSendProgress(scope.accountId, job.id, database))!;
}

// Found before the first email goes out rather than at recipient 5,000.
function checkFieldsCovered(templates: string[], columns: string[]): void {
  const available = new Set([...columns, UNSUBSCRIBE_FIELD]);
  const missing = [...new Set(templates.flatMap(listMergeFields))].filter((f) => !available.has(f));
  if (missing.length > 0) {
    throw new AppError('bad_request', `merge fields without a CSV column: ${missing.join(', ')}`, {
      missingFields: missing,
    });
  }
}

export async function getSendProgress(
  accountId: string,
  jobId: string,
  db?: Database,
): Promise<SendProgress | null> {
  const database = db ?? (await getDb());
  const job = await database.prisma.sendJob.findFirst({
    where: { id: jobId, accountId },
    select: {
      id: true,
      campaignId: true,
      status: true,
      total: true,
      createdAt: true,
      finishedAt: true,
    },
  });
  if (!job) return null;

  const counts = await database.prisma.sendItem.groupBy({
    by: ['status'],
    where: { jobId, accountId },
    _count: { _all: true },
  });
  const count = (status: string) => counts.find((c) => c.status === status)?._count._all ?? 0;

  return {
    jobId: job.id,
    campaignId: job.campaignId,
    status: job.status,
    total: job.total,
    pending: count('pending'),
    sending: count('sending'),
    sent: count('sent'),
    bounced: count('bounced'),
    skipped: count('skipped'),
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** Moves a job of the account from one status to another; false when it was not in `from`. */
async function moveSendJob(
  accountId: string,
  jobId: string,
  from: 'running' | 'paused',
  to: 'running' | 'paused',
  db?: Database,
): Promise<boolean> {
  const { prisma } = db ?? (await getDb());
  const result = await prisma.sendJob.updateMany({
    where: { id: jobId, accountId, status: from },
    data: { status: to },
  });
  return result.count === 1;
}

/** Stops a running job after the item in flight; returns false when it was not running. */
export function pauseSendJob(accountId: string, jobId: string, db?: Database): Promise<boolean> {
  return moveSendJob(accountId, jobId, 'running', 'paused', db);
}

/** Marks a paused job running again; the caller starts a runner. */
export function markSendJobResumed(
  accountId: string,
  jobId: string,
  db?: Database,
): Promise<boolean> {
  return moveSendJob(accountId, jobId, 'paused', 'running', db);
}

/** The campaign's sends, newest first, with their progress. */
export async function listSendJobs(
  accountId: string,
  campaignId: string,
  db?: Database,
): Promise<SendProgress[]> {
  const database = db ?? (await getDb());
  const jobs = await database.prisma.sendJob.findMany({
    where: { accountId, campaignId },
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: { id: true },
  });
  const all = await Promise.all(jobs.map((j) => getSendProgress(accountId, j.id, database)));
  return all.filter((p): p is SendProgress => p !== null);
}
