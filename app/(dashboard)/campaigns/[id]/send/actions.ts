'use server';
// Server actions of the send page: SMTP settings (admins), starting, pausing and resuming a
// send, and reading its progress (marketers and up; viewers only watch).
import { headers } from 'next/headers';
import { z } from 'zod';
import { runAction, type ActionResult } from '@/lib/auth/action-result';
import { requireActionContext } from '@/lib/auth/context';
import { AppError } from '@/lib/errors';
import { publicBaseUrl } from '@/lib/instrument/base-url';
import {
  createSendJob,
  getSendProgress,
  markSendJobResumed,
  pauseSendJob,
  type SendProgress,
} from '@/lib/sending/jobs';
import { startSendJob } from '@/lib/sending/runner';
import { saveSmtpSettings, type SmtpSettingsView } from '@/lib/sending/smtp-settings';

const Id = z.uuid();

async function requestBaseUrl(): Promise<string> {
  const list = await headers();
  const host = list.get('host');
  const proto = list.get('x-forwarded-proto') ?? 'http';
  return publicBaseUrl(host ? `${proto}://${host}/` : undefined);
}

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export async function saveSmtp(form: FormData): Promise<ActionResult<SmtpSettingsView>> {
  return runAction('saveSmtp', async () => {
    const ctx = await requireActionContext('admin');
    return saveSmtpSettings(ctx.accountId, {
      host: text(form, 'host') ?? '',
      port: Number(text(form, 'port') ?? '587'),
      secure: form.get('secure') === 'on',
      username: text(form, 'username'),
      password: text(form, 'password'),
      fromAddress: text(form, 'fromAddress') ?? '',
    });
  });
}

export type StartSendResult = ActionResult<SendProgress> & {
  rows?: { line: number; message: string }[];
};

export async function startSend(campaignId: string, form: FormData): Promise<StartSendResult> {
  let rows: { line: number; message: string }[] | undefined;
  const result = await runAction('startSend', async () => {
    const ctx = await requireActionContext('marketer');
    const file = form.get('list');
    if (!(file instanceof File) || file.size === 0)
      throw new AppError('bad_request', 'choose a CSV file');

    try {
      const progress = await createSendJob(
        { accountId: ctx.accountId, campaignId: Id.parse(campaignId) },
        {
          listCsv: await file.text(),
          subject: text(form, 'subject'),
          html: text(form, 'html'),
          text: text(form, 'text'),
        },
      );
      void startSendJob(progress.jobId, { baseUrl: await requestBaseUrl() });
      return progress;
    } catch (error) {
      if (error instanceof AppError && Array.isArray(error.details?.rows)) {
        rows = error.details.rows as { line: number; message: string }[];
      }
      throw error;
    }
  });
  return rows ? { ...result, rows } : result;
}

export async function readProgress(jobId: string): Promise<ActionResult<SendProgress>> {
  return runAction('readProgress', async () => {
    const ctx = await requireActionContext('viewer');
    const progress = await getSendProgress(ctx.accountId, Id.parse(jobId));
    if (!progress) throw new AppError('not_found', 'send not found');
    return progress;
  });
}

/** The id of a send of the account; a malformed, missing or foreign one is not_found. */
async function requireSend(accountId: string, jobId: string): Promise<string> {
  const id = Id.safeParse(jobId);
  if (!id.success || !(await getSendProgress(accountId, id.data))) {
    throw new AppError('not_found', 'send not found');
  }
  return id.data;
}

export async function pauseSend(jobId: string): Promise<ActionResult<null>> {
  return runAction('pauseSend', async () => {
    const ctx = await requireActionContext('marketer');
    const id = await requireSend(ctx.accountId, jobId);
    if (!(await pauseSendJob(ctx.accountId, id))) {
      throw new AppError('conflict', 'the send is not running');
    }
    return null;
  });
}

export async function resumeSend(jobId: string): Promise<ActionResult<null>> {
  return runAction('resumeSend', async () => {
    const ctx = await requireActionContext('marketer');
    const id = await requireSend(ctx.accountId, jobId);
    if (!(await markSendJobResumed(ctx.accountId, id))) {
      throw new AppError('conflict', 'the send is not paused');
    }
    void startSendJob(id, { baseUrl: await requestBaseUrl() });
    return null;
  });
}
