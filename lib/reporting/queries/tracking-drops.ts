// Requests the tracking endpoints answered (the GIF or the redirect went out) but did not record
// as events, from the counts per account, reason and minute in TrackingDropCount (written by
// lib/events/drop-counts every few seconds). Totals per reason, and a series by local minute,
// hour or day of the account's time zone. A stored minute counts when it starts in [from, to).
import type { SqlExecutor } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { MAX_BUCKETS } from './time-series';

export type DropGranularity = 'minute' | 'hour' | 'day';

/** Longest series one request may ask for: a day of minutes, and what the time series allows. */
export const MAX_DROP_BUCKETS: Record<DropGranularity, number> = {
  minute: 1_440,
  hour: MAX_BUCKETS.hour,
  day: MAX_BUCKETS.day,
};

const BUCKET_MS: Record<DropGranularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** Up to this many minutes a range is shown by the minute when no granularity is asked for. */
const AUTO_MINUTES = 180;

/** Plain words for the reasons the tracking path writes; any other reason gets a generic label. */
export const DROP_REASON_LABELS: Readonly<Record<string, string>> = {
  over_budget: "Over one address's request budget (flood)",
  unrecorded: 'Could not be written anywhere',
  database_unavailable: 'Database away and link not cached',
  unknown_target: 'Message deleted before the event was stored',
};

export function dropReasonLabel(reason: string): string {
  return Object.hasOwn(DROP_REASON_LABELS, reason)
    ? DROP_REASON_LABELS[reason]
    : `Other reason (${reason})`;
}

/** The number of buckets [from, to) spans at most, from the instants alone (no query). */
export function countDropBucketsAtMost(granularity: DropGranularity, from: Date, to: Date): number {
  return Math.max(0, Math.ceil((to.getTime() - from.getTime()) / BUCKET_MS[granularity]));
}

/** Minutes for up to three hours, then hours, then days; null when even days are too many. */
export function chooseDropGranularity(from: Date, to: Date): DropGranularity | null {
  if (countDropBucketsAtMost('minute', from, to) <= AUTO_MINUTES) return 'minute';
  for (const granularity of ['hour', 'day'] as const) {
    if (countDropBucketsAtMost(granularity, from, to) <= MAX_DROP_BUCKETS[granularity]) {
      return granularity;
    }
  }
  return null;
}

export interface DropRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface DropSeriesQuery extends DropRange {
  granularity: DropGranularity;
  timeZone: string;
}

export interface DropReasonTotal {
  /** The stored reason code, as written by the tracking path. */
  reason: string;
  label: string;
  /** False for a reason this version has no words for (shown with a generic label). */
  known: boolean;
  count: number;
  /** The first and the last minute with a count in the range, ISO 8601 UTC. */
  firstMinute: string;
  lastMinute: string;
}

export interface DropBucket {
  /** The bucket's first instant (local minute, hour or midnight), ISO 8601 UTC. */
  start: string;
  total: number;
  counts: Record<string, number>;
}

/** Totals per reason in the range, largest first. */
export async function readDropTotals(
  db: SqlExecutor,
  accountId: string,
  range: DropRange,
): Promise<DropReasonTotal[]> {
  const { rows } = await db.query<{ reason: string; n: string; first: Date; last: Date }>(
    `SELECT reason, SUM(count) AS n, MIN(minute) AS first, MAX(minute) AS last
     FROM "TrackingDropCount"
     WHERE "accountId" = $1 AND minute >= $2 AND minute < $3
     GROUP BY reason HAVING SUM(count) <> 0
     ORDER BY SUM(count) DESC, reason`,
    [accountId, range.from, range.to],
  );
  return rows.map((r) => ({
    reason: r.reason,
    label: dropReasonLabel(r.reason),
    known: Object.hasOwn(DROP_REASON_LABELS, r.reason),
    count: Number(r.n),
    firstMinute: new Date(r.first).toISOString(),
    lastMinute: new Date(r.last).toISOString(),
  }));
}

// Every bucket start in [from, to): minutes and hours step in absolute time from the local
// minute or hour `from` falls in; days step on the local calendar and are then placed in the
// zone (so a day when clocks change keeps its true length).
const BUCKET_STARTS: Record<DropGranularity, string> = {
  minute: `SELECT generate_series(date_trunc('minute', $1::timestamptz, $3),
             $2::timestamptz - interval '1 millisecond', interval '1 minute') AS start`,
  hour: `SELECT generate_series(date_trunc('hour', $1::timestamptz, $3),
           $2::timestamptz - interval '1 millisecond', interval '1 hour') AS start`,
  day: `SELECT d AT TIME ZONE $3 AS start FROM generate_series(
           date_trunc('day', $1::timestamptz AT TIME ZONE $3),
           ($2::timestamptz - interval '1 millisecond') AT TIME ZONE $3, interval '1 day') d`,
};

function tooLong(granularity: DropGranularity, buckets: number): AppError {
  return new AppError('bad_request', `range too long for ${granularity} buckets`, {
    parameter: 'from',
    buckets,
    max: MAX_DROP_BUCKETS[granularity],
  });
}

/** Counts per local bucket and reason; every bucket of the range is listed, empty ones too. */
export async function readDropSeries(
  db: SqlExecutor,
  accountId: string,
  query: DropSeriesQuery,
): Promise<DropBucket[]> {
  const { from, to, granularity, timeZone } = query;
  if (from >= to) return [];
  const max = MAX_DROP_BUCKETS[granularity];
  const estimate = countDropBucketsAtMost(granularity, from, to);
  if (estimate > max) throw tooLong(granularity, estimate);

  const starts = await db.query<{ start: Date }>(BUCKET_STARTS[granularity], [from, to, timeZone]);
  // A local day can be 23 hours, so the estimate can fall a bucket or two short of the truth.
  if (starts.rows.length > max + 2) throw tooLong(granularity, starts.rows.length);

  const { rows } = await db.query<{ start: Date; reason: string; n: string }>(
    `SELECT date_trunc($4, minute, $5) AS start, reason, SUM(count) AS n
     FROM "TrackingDropCount"
     WHERE "accountId" = $1 AND minute >= $2 AND minute < $3
     GROUP BY 1, 2 HAVING SUM(count) <> 0
     ORDER BY 1, 2`,
    [accountId, from, to, granularity, timeZone],
  );

  const buckets = starts.rows.map((s) => ({
    start: new Date(s.start).getTime(),
    total: 0,
    counts: new Map<string, number>(),
  }));
  for (const r of rows) {
    // The last bucket starting at or before the row's (the first one for a range starting
    // inside a local hour or day).
    const at = new Date(r.start).getTime();
    let low = 0;
    let high = buckets.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (buckets[mid].start <= at) low = mid;
      else high = mid - 1;
    }
    const bucket = buckets[low];
    if (!bucket) continue;
    const n = Number(r.n);
    bucket.total += n;
    bucket.counts.set(r.reason, (bucket.counts.get(r.reason) ?? 0) + n);
  }
  return buckets.map((b) => ({
    start: new Date(b.start).toISOString(),
    total: b.total,
    counts: Object.fromEntries(b.counts),
  }));
}
