// Address retention: after an account's addressRetentionDays, an event keeps its verdict and
// its network facts (prefix, list memberships) but loses the raw client address. Runs in
// batches so a large backlog never holds one long transaction.
import type { SqlExecutor } from '../db';

const CLEAR_BATCH = `
WITH due AS (
  SELECT e.id
    FROM "Event" e JOIN "Account" a ON a.id = e."accountId"
   WHERE e."clientIp" IS NOT NULL
     AND e."occurredAt" < $1::timestamptz - make_interval(days => a."addressRetentionDays")
   LIMIT $2)
UPDATE "Event" e SET "clientIp" = NULL FROM due WHERE e.id = due.id`;

/** Clears expired client addresses; returns how many events were cleared. */
export async function clearExpiredAddresses(
  sql: SqlExecutor,
  now = new Date(),
  batchSize = 5000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await sql.query(`${CLEAR_BATCH} RETURNING 1`, [now.toISOString(), batchSize]);
    total += rows.length;
    if (rows.length < batchSize) return total;
  }
}
