// Requests that were answered but not recorded as events (over an address's budget, not
// writable anywhere, or their message deleted before the spool was loaded) are counted per
// account, reason and minute in memory and added to the TrackingDropCount table periodically:
// cheap enough for a flood, and nothing vanishes untraced.
import type { SqlExecutor } from '../db';
import { describeError, log } from '../log';

export type DropReason =
  | 'over_budget'
  | 'unrecorded'
  | 'database_unavailable'
  /** Acknowledged (spooled), then its message or link was found deleted when loading. */
  | 'unknown_target';

const UPSERT = `
INSERT INTO "TrackingDropCount" ("accountId", minute, reason, count)
SELECT r."accountId", r.minute, r.reason, r.count
  FROM jsonb_to_recordset($1::jsonb)
    AS r("accountId" uuid, minute timestamptz, reason text, count int)
ON CONFLICT ("accountId", minute, reason)
DO UPDATE SET count = "TrackingDropCount".count + EXCLUDED.count`;

export class DropCounter {
  private pending = new Map<string, number>();
  private readonly totals: Record<DropReason, number> = {
    over_budget: 0,
    unrecorded: 0,
    database_unavailable: 0,
    unknown_target: 0,
  };

  constructor(private readonly getSql: () => Promise<SqlExecutor>) {}

  count(accountId: string, reason: DropReason, at: number): void {
    const minute = Math.floor(at / 60_000) * 60_000;
    const key = `${accountId}|${reason}|${minute}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    this.totals[reason] += 1;
  }

  /** Totals since this process started, for the health report. */
  get sinceStart(): Record<DropReason, number> {
    return { ...this.totals };
  }

  /** Adds the pending counts to the table; on failure they stay pending for the next try. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();

    const rows = [...batch.entries()].map(([key, count]) => {
      const [accountId, reason, minute] = key.split('|');
      return { accountId, reason, minute: new Date(Number(minute)).toISOString(), count };
    });

    try {
      const sql = await this.getSql();
      await sql.query(UPSERT, [JSON.stringify(rows)]);
    } catch (error) {
      log.warn('drop counts not written yet', { error: describeError(error) });
      for (const [key, count] of batch) this.pending.set(key, (this.pending.get(key) ?? 0) + count);
    }
  }
}
