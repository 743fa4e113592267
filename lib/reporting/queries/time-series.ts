// Events over time in the account's time zone. The rollup holds quarter hours in UTC; this
// regroups them into local hours or local days with PostgreSQL's zone-aware date_trunc, so a
// day when clocks change has 23 or 25 hours and a day starts at local midnight.
import type { SqlExecutor } from '@/lib/db';
import { AppError } from '@/lib/errors';

export type Granularity = 'hour' | 'day';

/** Longest series one request may ask for, so a typo in a date cannot ask for a million rows. */
export const MAX_BUCKETS: Record<Granularity, number> = { hour: 24 * 93, day: 1_000 };

const BUCKET_MS: Record<Granularity, number> = { hour: 3_600_000, day: 86_400_000 };

/**
 * The number of buckets [from, to) spans, from the instants alone (no query). Local hours and days
 * can be shorter than this unit (23-hour days), so the exact count after generate_series is
 * checked again; this one keeps generate_series itself small.
 */
export function countBucketsAtMost(granularity: Granularity, from: Date, to: Date): number {
  return Math.max(0, Math.ceil((to.getTime() - from.getTime()) / BUCKET_MS[granularity]));
}

export interface TimeSeriesQuery {
  granularity: Granularity;
  timeZone: string;
  /** Inclusive start; default: the campaign's first event. */
  from?: Date;
  /** Exclusive end; default: just after the campaign's last event. */
  to?: Date;
  /** Over MAX_BUCKETS: keep the latest MAX_BUCKETS (pages) instead of refusing (API). */
  keepLatest?: boolean;
}

export interface SeriesPoint {
  kind: 'open' | 'click';
  verdict: 'human' | 'automated';
  fetcher: string;
  events: number;
}

export interface SeriesBucket {
  /** The bucket's first instant (local midnight or the local hour's start), ISO 8601 UTC. */
  start: string;
  points: SeriesPoint[];
}

export interface TimeSeries {
  granularity: Granularity;
  timeZone: string;
  from: string | null;
  to: string | null;
  buckets: SeriesBucket[];
  /** True when keepLatest cut the start off a range longer than MAX_BUCKETS. */
  truncated?: boolean;
}

async function readEventSpan(db: SqlExecutor, accountId: string, campaignId: string) {
  const { rows } = await db.query<{ first: Date | null; last: Date | null }>(
    `SELECT MIN(bucket) AS first, MAX(bucket) + interval '15 minutes' AS last
     FROM "ReportCampaignBucket" WHERE "accountId" = $1 AND "campaignId" = $2::uuid`,
    [accountId, campaignId],
  );
  return rows[0] ?? { first: null, last: null };
}

// Every bucket start in [from, to): hours step in absolute time, days step on the local
// calendar and are then placed in the zone (so DST days keep their true length).
const BUCKET_STARTS: Record<Granularity, string> = {
  hour: `SELECT generate_series(date_trunc('hour', $1::timestamptz, $3),
           $2::timestamptz - interval '1 millisecond', interval '1 hour') AS start`,
  day: `SELECT d AT TIME ZONE $3 AS start FROM generate_series(
           date_trunc('day', $1::timestamptz AT TIME ZONE $3),
           ($2::timestamptz - interval '1 millisecond') AT TIME ZONE $3, interval '1 day') d`,
};

export async function readTimeSeries(
  db: SqlExecutor,
  accountId: string,
  campaignId: string,
  query: TimeSeriesQuery,
): Promise<TimeSeries> {
  const span = query.from && query.to ? null : await readEventSpan(db, accountId, campaignId);
  let from = query.from ?? span?.first ?? null;
  const to = query.to ?? span?.last ?? null;
  let truncated = false;
  const empty = { granularity: query.granularity, timeZone: query.timeZone, buckets: [] };
  if (!from || !to || from >= to) {
    return {
      ...empty,
      from: from && new Date(from).toISOString(),
      to: to && new Date(to).toISOString(),
    };
  }

  const max = MAX_BUCKETS[query.granularity];
  const estimate = countBucketsAtMost(query.granularity, new Date(from), new Date(to));
  if (estimate > max && query.keepLatest) {
    from = new Date(new Date(to).getTime() - max * BUCKET_MS[query.granularity]);
    truncated = true;
  } else if (estimate > max) {
    throw new AppError('bad_request', `range too long for ${query.granularity} buckets`, {
      parameter: 'from',
      buckets: estimate,
      max,
    });
  }

  const starts = await db.query<{ start: Date }>(BUCKET_STARTS[query.granularity], [
    from,
    to,
    query.timeZone,
  ]);
  // A local day can be 23 hours, so the estimate can fall a few buckets short of the truth.
  if (starts.rows.length > max + 2 || (starts.rows.length > max && !query.keepLatest)) {
    throw new AppError('bad_request', `range too long for ${query.granularity} buckets`, {
      parameter: 'from',
      buckets: starts.rows.length,
      max,
    });
  }

  const { rows } = await db.query<{ start: Date } & Omit<SeriesPoint, 'events'> & { n: string }>(
    `SELECT date_trunc($5, bucket, $4) AS start, kind::text AS kind, verdict::text AS verdict,
       fetcher, SUM(events) AS n
     FROM "ReportCampaignBucket"
     WHERE "accountId" = $1 AND "campaignId" = $2::uuid AND bucket >= $3 AND bucket < $6
     GROUP BY 1, 2, 3, 4 HAVING SUM(events) <> 0
     ORDER BY 1, 2, 3, 4`,
    [accountId, campaignId, from, query.timeZone, query.granularity, to],
  );

  const byStart = new Map<number, SeriesPoint[]>();
  for (const s of starts.rows) byStart.set(new Date(s.start).getTime(), []);
  for (const r of rows) {
    const points = byStart.get(new Date(r.start).getTime());
    // A bucket truncated to before `from` (range starting mid-day) still belongs to the first.
    const target = points ?? byStart.values().next().value;
    target?.push({ kind: r.kind, verdict: r.verdict, fetcher: r.fetcher, events: Number(r.n) });
  }

  return {
    ...empty,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(truncated ? { truncated } : {}),
    buckets: [...byStart].map(([start, points]) => ({
      start: new Date(start).toISOString(),
      points,
    })),
  };
}
