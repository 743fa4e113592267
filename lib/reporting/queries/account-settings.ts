// The account settings that change what numbers mean, read on every request so a flipped
// switch takes effect from the next one.
import type { SqlExecutor } from '@/lib/db';

export interface AccountSettings {
  accountId: string;
  name: string;
  timeZone: string;
  suppressAutomated: boolean;
}

export async function readAccountSettings(
  db: SqlExecutor,
  accountId: string,
): Promise<AccountSettings | null> {
  const { rows } = await db.query<{ name: string; timeZone: string; suppressAutomated: boolean }>(
    `SELECT name, "timeZone", "suppressAutomated" FROM "Account" WHERE id = $1`,
    [accountId],
  );
  const row = rows[0];
  if (!row) return null;
  return { accountId, ...row };
}
