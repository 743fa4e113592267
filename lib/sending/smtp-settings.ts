// Each account sends through its own SMTP relay. The password is write-only: it is sealed on
// save and only ever opened to build a transport.
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { z } from 'zod';
import { getDb, type Database } from '../db';
import { AppError } from '../errors';
import { openSecret, sealSecret } from './secret-box';

export type SmtpTransporter = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

export const SmtpSettingsSchema = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  username: z.string().max(255).optional(),
  /** Omit to keep the stored password; empty string to remove it. */
  password: z.string().max(1024).optional(),
  fromAddress: z.string().trim().min(3).max(320),
});

export type SmtpSettingsInput = z.input<typeof SmtpSettingsSchema>;

/** What may be shown back: everything but the password. */
export interface SmtpSettingsView {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  hasPassword: boolean;
  fromAddress: string;
}

export async function saveSmtpSettings(
  accountId: string,
  input: SmtpSettingsInput,
  db?: Database,
): Promise<SmtpSettingsView> {
  const parsed = SmtpSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('bad_request', 'invalid SMTP settings', { issues });
  }
  const { password, ...rest } = parsed.data;
  const sealed = password === undefined ? undefined : password === '' ? null : sealSecret(password);

  const { prisma } = db ?? (await getDb());
  const saved = await prisma.smtpSettings.upsert({
    where: { accountId },
    create: {
      accountId,
      ...rest,
      username: rest.username ?? null,
      passwordEncrypted: sealed ?? null,
    },
    update: {
      ...rest,
      username: rest.username ?? null,
      ...(sealed === undefined ? {} : { passwordEncrypted: sealed }),
    },
  });
  return toView(saved);
}

export async function getSmtpSettings(
  accountId: string,
  db?: Database,
): Promise<SmtpSettingsView | null> {
  const { prisma } = db ?? (await getDb());
  const found = await prisma.smtpSettings.findUnique({ where: { accountId } });
  return found ? toView(found) : null;
}

function toView(row: {
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  passwordEncrypted: string | null;
  fromAddress: string;
}): SmtpSettingsView {
  const { passwordEncrypted, ...rest } = row;
  return {
    host: rest.host,
    port: rest.port,
    secure: rest.secure,
    username: rest.username,
    hasPassword: passwordEncrypted !== null,
    fromAddress: rest.fromAddress,
  };
}

/** A nodemailer transport for the account's relay, and its sender address. */
export async function createAccountTransport(
  accountId: string,
  db?: Database,
): Promise<{ transport: SmtpTransporter; fromAddress: string }> {
  const { prisma } = db ?? (await getDb());
  const settings = await prisma.smtpSettings.findUnique({ where: { accountId } });
  if (!settings)
    throw new AppError('conflict', 'configure the account SMTP settings before sending');

  const password = settings.passwordEncrypted ? openSecret(settings.passwordEncrypted) : null;
  if (settings.passwordEncrypted && password === null) {
    throw new AppError('conflict', 'the stored SMTP password cannot be read; enter it again');
  }

  const options: SMTPTransport.Options = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.username ? { user: settings.username, pass: password ?? '' } : undefined,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  };
  const transport = nodemailer.createTransport(options);
  return { transport, fromAddress: settings.fromAddress };
}
