// Account settings that change what every number means. Everyone in the account reads them;
// only admins and owners change them, and every change is audited with before and after.
import { z } from 'zod';
import { getDb, prisma } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAudit } from './audit';
import type { AccountContext } from './context';
import { isRoleAtLeast } from './roles';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * True when the database knows the zone too: reporting converts with AT TIME ZONE, and some
 * names Intl accepts (US/Pacific-New, Canada/East-Saskatchewan) are gone from PostgreSQL.
 */
export async function isDatabaseTimeZone(value: string): Promise<boolean> {
  const { sql } = await getDb();
  try {
    await sql.query(`SELECT now() AT TIME ZONE $1`, [value]);
    return true;
  } catch {
    return false;
  }
}

const TIME_ZONE_MESSAGE = 'not an IANA time zone, e.g. Europe/Berlin';

export const SettingsSchema = z.object({
  name: z.string().trim().min(1, 'name the account').max(100),
  suppressAutomated: z.boolean(),
  timeZone: z.string().trim().max(64).refine(isTimeZone, TIME_ZONE_MESSAGE),
  addressRetentionDays: z.coerce.number().int('whole days').min(1).max(3650),
});
export type AccountSettings = z.infer<typeof SettingsSchema>;

export async function readAccountSettings(accountId: string): Promise<AccountSettings> {
  const db = await prisma();
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { name: true, suppressAutomated: true, timeZone: true, addressRetentionDays: true },
  });
  if (!account) throw new AppError('not_found', 'no such account');
  return account;
}

/** Applies the fields given; returns the settings after the change. */
export async function updateAccountSettings(
  ctx: AccountContext,
  input: Partial<AccountSettings>,
): Promise<AccountSettings> {
  if (!isRoleAtLeast(ctx.role, 'admin')) {
    throw new AppError('forbidden', 'only admins and owners change account settings');
  }
  const changes = await SettingsSchema.partial()
    .strict()
    .superRefine(async (value, check) => {
      if (value.timeZone === undefined || !isTimeZone(value.timeZone)) return;
      if (await isDatabaseTimeZone(value.timeZone)) return;
      check.addIssue({ code: 'custom', path: ['timeZone'], message: TIME_ZONE_MESSAGE });
    })
    .parseAsync(input);
  const db = await prisma();

  return db.$transaction(async (tx) => {
    const before = await tx.account.findUniqueOrThrow({
      where: { id: ctx.accountId },
      select: { name: true, suppressAutomated: true, timeZone: true, addressRetentionDays: true },
    });
    const changed = (Object.keys(changes) as (keyof AccountSettings)[]).filter(
      (key) => changes[key] !== undefined && changes[key] !== before[key],
    );
    if (changed.length === 0) return before;

    const after = await tx.account.update({
      where: { id: ctx.accountId },
      data: changes,
      select: { name: true, suppressAutomated: true, timeZone: true, addressRetentionDays: true },
    });
    await recordAudit(tx, {
      accountId: ctx.accountId,
      actorUserId: ctx.userId,
      action: 'settings.updated',
      target: 'account',
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return after;
  });
}
