// Runs a send job: claims one pending item at a time, instruments the recipient's copy and
// hands it to the account's SMTP relay. A runner stops when the job is paused (after the item
// in flight) or when the relay cannot be reached (the job is paused, the item goes back).
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { getDb, type Database } from '../db';
import { instrumentMessage } from '../instrument/instrument';
import { keepAsIs, resolveMergeFields } from '../instrument/merge-fields';
import { recipientRefForAddress } from '../instrument/recipient-ref';
import { describeError, log } from '../log';
import { createAccountTransport, type SmtpTransporter } from './smtp-settings';
import { isUnsubscribed } from './unsubscribe';

export interface RunOptions {
  baseUrl: string;
  db?: Database;
  /** Called after each item is settled; tests use it to pause mid-send. */
  afterItem?: (itemId: string) => Promise<void> | void;
}

interface JobRow {
  id: string;
  accountId: string;
  campaignId: string;
  subject: string;
  html: string | null;
  text: string | null;
  utm: unknown;
}

interface Claimed {
  id: string;
  recipientId: string;
}

type Outcome = 'sent' | 'bounced' | 'skipped' | 'unreachable';

/** Sends until the job is done or paused; resolves with how many items were settled. */
export async function runSendJob(jobId: string, options: RunOptions): Promise<number> {
  const db = options.db ?? (await getDb());
  const job = await db.prisma.sendJob.findUnique({ where: { id: jobId } });
  if (!job || job.status !== 'running') return 0;

  const { transport, fromAddress } = await createAccountTransport(job.accountId, db);
  let settled = 0;
  try {
    for (;;) {
      if (!(await isRunning(db, jobId))) break;
      const item = await claimNextItem(db, jobId);
      if (!item) {
        await completeJob(db, jobId);
        break;
      }
      const outcome = await sendItem(db, job, item, transport, fromAddress, options.baseUrl);
      if (outcome === 'unreachable') {
        await db.prisma.sendJob.updateMany({
          where: { id: jobId, status: 'running' },
          data: { status: 'paused' },
        });
        break;
      }
      settled += 1;
      await options.afterItem?.(item.id);
    }
  } finally {
    transport.close();
  }
  return settled;
}

async function isRunning(db: Database, jobId: string): Promise<boolean> {
  const job = await db.prisma.sendJob.findUnique({
    where: { id: jobId },
    select: { status: true },
  });
  return job?.status === 'running';
}

// One statement both finds and claims (in CSV order), and SKIP LOCKED lets two runners pass
// each other.
async function claimNextItem(db: Database, jobId: string): Promise<Claimed | null> {
  const { rows } = await db.sql.query<Claimed>(
    `UPDATE "SendItem" SET status = 'sending', "updatedAt" = now()
     WHERE id = (SELECT i.id FROM "SendItem" i JOIN "Recipient" r ON r.id = i."recipientId"
                 WHERE i."jobId" = $1 AND i.status = 'pending'
                 ORDER BY r.line LIMIT 1 FOR UPDATE OF i SKIP LOCKED)
       AND status = 'pending'
     RETURNING id, "recipientId"`,
    [jobId],
  );
  return rows[0] ?? null;
}

async function completeJob(db: Database, jobId: string): Promise<void> {
  const pending = await db.prisma.sendItem.count({ where: { jobId, status: 'pending' } });
  if (pending > 0) return;
  await db.prisma.sendJob.updateMany({
    where: { id: jobId, status: 'running' },
    data: { status: 'completed', finishedAt: new Date() },
  });
}

async function sendItem(
  db: Database,
  job: JobRow,
  item: Claimed,
  transport: SmtpTransporter,
  from: string,
  baseUrl: string,
): Promise<Outcome> {
  const recipient = await db.prisma.recipient.findUniqueOrThrow({
    where: { id: item.recipientId },
  });
  const recipientRef = recipientRefForAddress(job.accountId, recipient.email);

  if (await isUnsubscribed(job.accountId, recipientRef, db)) {
    await settle(db, item.id, 'skipped', 'unsubscribed');
    return 'skipped';
  }

  const fields = recipient.fields as Record<string, string>;
  const message = await instrumentMessage(
    {
      accountId: job.accountId,
      campaignId: job.campaignId,
      recipientRef,
      html: job.html,
      text: job.text,
      fields,
      utm: (job.utm as Record<string, string> | null) ?? undefined,
      baseUrl,
      sentAt: new Date(),
    },
    db,
  );
  await db.prisma.sendItem.update({
    where: { id: item.id },
    data: { messageId: message.messageId },
  });

  const mail: SMTPTransport.MailOptions = {
    from,
    to: recipient.email,
    subject: resolveMergeFields(
      job.subject,
      { ...fields, unsubscribe_url: message.unsubscribeUrl },
      keepAsIs,
    ),
    html: message.html ?? undefined,
    text: message.text ?? undefined,
    headers: message.headers,
    messageId: `<${message.messageId}@${new URL(baseUrl).hostname}>`,
    // Asks the relay for delivery notifications naming this message (RFC 3461).
    dsn: { envid: message.messageId, ret: 'HDRS', notify: ['SUCCESS', 'FAILURE', 'DELAY'] },
  };
  try {
    const info = await transport.sendMail(mail);
    return await recordAccepted(
      db,
      item.id,
      message.messageId,
      info.rejected.length > 0,
      info.response,
    );
  } catch (error) {
    return recordFailure(db, job, item.id, message.messageId, error);
  }
}

// The relay's acceptance is the delivery time until a delivery notification says otherwise.
async function recordAccepted(
  db: Database,
  itemId: string,
  messageId: string,
  rejected: boolean,
  response: string,
): Promise<Outcome> {
  const now = new Date();
  await db.prisma.message.update({
    where: { id: messageId },
    data: rejected ? { bouncedAt: now } : { deliveredAt: now },
  });
  await settle(db, itemId, rejected ? 'bounced' : 'sent', response.slice(0, 200));
  return rejected ? 'bounced' : 'sent';
}

// A refusal of this recipient or this message (a 4xx/5xx reply to RCPT TO or DATA) is a
// bounce. Anything else (no connection, failed login, refused sender, 421 shutting down) is
// the relay's problem, not the recipient's: nothing was sent, the item goes back to pending
// and the job pauses, rather than bouncing the whole list.
async function recordFailure(
  db: Database,
  job: JobRow,
  itemId: string,
  messageId: string,
  error: unknown,
): Promise<Outcome> {
  const code = recipientRefusal(error);
  if (code !== null) {
    await db.prisma.message.update({ where: { id: messageId }, data: { bouncedAt: new Date() } });
    await settle(db, itemId, 'bounced', `smtp ${code}`);
    return 'bounced';
  }

  log.warn('smtp relay unreachable; send paused', {
    accountId: job.accountId,
    jobId: job.id,
    error: describeError(error),
  });
  await db.prisma.message.delete({ where: { id: messageId } });
  await db.prisma.sendItem.update({
    where: { id: itemId },
    data: { status: 'pending', messageId: null, detail: 'relay unreachable' },
  });
  return 'unreachable';
}

function recipientRefusal(error: unknown): number | null {
  const { responseCode, code, command } = error as {
    responseCode?: unknown;
    code?: unknown;
    command?: unknown;
  };
  if (typeof responseCode !== 'number' || responseCode === 421 || code === 'EAUTH') return null;
  const step = typeof command === 'string' ? command.toUpperCase() : '';
  return step.startsWith('RCPT') || step.startsWith('DATA') ? responseCode : null;
}

async function settle(
  db: Database,
  itemId: string,
  status: 'sent' | 'bounced' | 'skipped',
  detail: string,
): Promise<void> {
  await db.prisma.sendItem.update({ where: { id: itemId }, data: { status, detail } });
}

const RUNNERS = Symbol.for('verity.sendRunners');
type Holder = { [RUNNERS]?: Map<string, Promise<number>> };

/** Starts a runner in the background unless this process already runs one for the job. */
export function startSendJob(jobId: string, options: RunOptions): Promise<number> {
  const holder = globalThis as Holder;
  const runners = (holder[RUNNERS] ??= new Map());
  const existing = runners.get(jobId);
  if (existing) return existing;

  const run = runSendJob(jobId, options)
    .catch((error: unknown) => {
      log.error('send job failed', { jobId, error: describeError(error) });
      return 0;
    })
    .finally(() => runners.delete(jobId));
  runners.set(jobId, run);
  return run;
}
