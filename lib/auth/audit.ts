// The append-only audit log: who changed which setting, role, member or key, when, and the
// values before and after. Writers only insert; nothing in the product updates or deletes rows.
import { z } from 'zod';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { prisma } from '@/lib/db';
import { labelPerson } from './audit-format';

export const AUDIT_ACTIONS = [
  'account.created',
  'settings.updated',
  'member.invited',
  'invitation.revoked',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'api_key.created',
  'api_key.revoked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryInput {
  accountId: string;
  actorUserId: string | null;
  action: AuditAction;
  /** What was changed: "account", "user:<id>", "api_key:<id>", "invitation:<id>". */
  target: string;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
}

type Writer = Pick<PrismaClient, 'auditLog'> | Prisma.TransactionClient;

/** Records one change; call it inside the transaction that makes the change. */
export async function recordAudit(db: Writer, entry: AuditEntryInput): Promise<void> {
  await db.auditLog.create({
    data: {
      accountId: entry.accountId,
      actorUserId: entry.actorUserId,
      action: entry.action,
      target: entry.target,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
    },
  });
}

export interface AuditEntry {
  id: string;
  createdAt: Date;
  action: string;
  target: string;
  actorUserId: string | null;
  actorEmail: string | null;
  before: unknown;
  after: unknown;
}

/** A paging cursor: an entry id as a positive safe integer in decimal, e.g. "1234". */
export const AuditCursor = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'a positive whole number')
  .refine((value) => Number.isSafeInteger(Number(value)), 'too large');

/** The cursor from a query string value, or undefined when missing or not a valid id. */
export function parseAuditCursor(value: unknown): string | undefined {
  const parsed = AuditCursor.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const ListOptions = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  /** Entries older than this id (for paging back). */
  beforeId: AuditCursor.optional(),
});

/**
 * How to show each of these users ("Name <email>"), for the audit page. Only members of the
 * account (or former actors in its log) are ever asked for; ids come from its own entries.
 */
export async function labelUsers(userIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const db = await prisma();
  const users = await db.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, email: true, name: true },
  });
  return new Map(users.map((u) => [u.id, labelPerson(u)]));
}

/** Newest first, scoped to one account. */
export async function listAuditEntries(
  accountId: string,
  options: z.input<typeof ListOptions> = {},
): Promise<AuditEntry[]> {
  const { limit, beforeId } = ListOptions.parse(options);
  const db = await prisma();

  const rows = await db.auditLog.findMany({
    where: { accountId, ...(beforeId ? { id: { lt: BigInt(beforeId) } } : {}) },
    orderBy: { id: 'desc' },
    take: limit,
  });
  const actorIds = [...new Set(rows.map((r) => r.actorUserId).filter((id) => id !== null))];
  const actors = await db.user.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, email: true },
  });
  const emailById = new Map(actors.map((a) => [a.id, a.email]));

  return rows.map((r) => ({
    id: r.id.toString(),
    createdAt: r.createdAt,
    action: r.action,
    target: r.target,
    actorUserId: r.actorUserId,
    actorEmail: r.actorUserId ? (emailById.get(r.actorUserId) ?? null) : null,
    before: r.before,
    after: r.after,
  }));
}
