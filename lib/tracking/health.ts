// The health report: is the database reachable, how much waits in the spool and since when,
// and what the tracking path counted since this process started.
import { getDb } from '../db';
import { withTimeout } from '../events/db-errors';
import { getTrackingRuntime } from './runtime';

export interface HealthReport {
  ok: boolean;
  database: { reachable: boolean; kind: 'postgres' | 'pglite' | null };
  spool: {
    /** When a tracking request is answered: after the spool fsync, or after the commit. */
    acknowledgeAfter: 'spool' | 'database';
    /** database: loading or writing normally; spool: the database is away, hits wait. */
    mode: 'database' | 'spool';
    /** False after an append failed (disk full, say), until one succeeds again. */
    writable: boolean;
    depth: number;
    oldestEntryAgeSeconds: number | null;
  };
  events: { acknowledged: number; committed: number; spooled: number; failed: number };
  dropped: Record<string, number>;
  rejected: { invalidToken: number; unknownTarget: number };
}

export async function readHealth(now = Date.now()): Promise<HealthReport> {
  const runtime = getTrackingRuntime();
  const database = await probeDatabase();
  const store = runtime.store.status();

  return {
    ok: database.reachable && store.spoolWritable,
    database,
    spool: {
      acknowledgeAfter: runtime.settings.writeAhead ? 'spool' : 'database',
      mode: store.mode,
      writable: store.spoolWritable,
      depth: store.spoolDepth,
      oldestEntryAgeSeconds:
        store.oldestSpooledAt === null ? null : Math.round((now - store.oldestSpooledAt) / 1000),
    },
    events: {
      acknowledged: runtime.counters.acknowledged,
      committed: store.committed,
      spooled: store.spooled,
      failed: store.failed,
    },
    dropped: runtime.drops.sinceStart,
    rejected: {
      invalidToken: runtime.counters.invalidToken,
      unknownTarget: runtime.counters.unknownTarget,
    },
  };
}

async function probeDatabase(): Promise<HealthReport['database']> {
  try {
    const db = await withTimeout(getDb(), 2000);
    await withTimeout(db.sql.query('SELECT 1'), 2000);
    return { reachable: true, kind: db.kind };
  } catch {
    return { reachable: false, kind: null };
  }
}
