// Creating accounts, their owners and API keys. Secrets (keys) are returned once and only
// their sha256 is stored.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hashApiKey } from './api';
import { recordAudit } from './audit';
import { hashPassword } from './password';

export const EmailSchema = z.string().trim().toLowerCase().email().max(320);
export const PasswordSchema = z
  .string()
  .min(10, 'use at least 10 characters')
  .max(1024, 'use at most 1024 characters');

const NewAccountInput = z.object({
  accountName: z.string().trim().min(1, 'name the account').max(100),
  email: EmailSchema,
  password: PasswordSchema,
  name: z.string().trim().max(100).optional(),
});

export async function createAccountWithOwner(input: {
  accountName: string;
  email: string;
  password: string;
  name?: string;
}): Promise<{ accountId: string; userId: string }> {
  const data = NewAccountInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  const db = await prisma();

  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: data.email } });
    if (existing) {
      throw new AppError('conflict', 'this email already has a sign-in', { field: 'email' });
    }
    const user = await tx.user.create({
      data: { email: data.email, name: data.name ?? '', passwordHash },
    });
    const account = await tx.account.create({ data: { name: data.accountName } });
    await tx.membership.create({ data: { accountId: account.id, userId: user.id, role: 'owner' } });
    await recordAudit(tx, {
      accountId: account.id,
      actorUserId: user.id,
      action: 'account.created',
      target: 'account',
      after: { name: account.name, owner: user.id },
    });
    return { accountId: account.id, userId: user.id };
  });
}

const KEY_PREFIX = 'vk_';
const KeyName = z.string().trim().min(1, 'name the key').max(100);

/** A new key for the account; `key` is the only time the secret exists outside the caller. */
export async function createApiKey(
  accountId: string,
  name: string,
  createdBy: string | null,
): Promise<{ id: string; key: string }> {
  const keyName = KeyName.parse(name);
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const db = await prisma();

  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        accountId,
        name: keyName,
        prefix: key.slice(0, 10),
        keyHash: hashApiKey(key),
        createdBy,
      },
    });
    await recordAudit(tx, {
      accountId,
      actorUserId: createdBy,
      action: 'api_key.created',
      target: `api_key:${row.id}`,
      after: { name: row.name, prefix: row.prefix },
    });
    return { id: row.id, key };
  });
}

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(accountId: string): Promise<ApiKeySummary[]> {
  const db = await prisma();
  return db.apiKey.findMany({
    where: { accountId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
    },
  });
}

/** Another account's key is as missing as a key that never existed. */
export async function revokeApiKey(
  accountId: string,
  keyId: string,
  actorUserId: string | null,
): Promise<void> {
  const id = z.string().uuid().safeParse(keyId);
  if (!id.success) throw new AppError('not_found', 'no such API key');
  const db = await prisma();

  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: id.data, accountId } });
    if (!key) throw new AppError('not_found', 'no such API key');
    if (key.revokedAt) return;

    const revokedAt = new Date();
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt } });
    await recordAudit(tx, {
      accountId,
      actorUserId,
      action: 'api_key.revoked',
      target: `api_key:${key.id}`,
      before: { name: key.name, revokedAt: null },
      after: { name: key.name, revokedAt: revokedAt.toISOString() },
    });
  });
}
