// Turns a time series into the rows a stacked bar chart draws: one row per local bucket, one
// column per (verdict, fetcher), people first.
import { describeFetcher } from '@/lib/classifier/fetcher';
import { FETCHERS, type Fetcher } from '@/lib/classifier/types';
import type { TimeSeries } from './queries/time-series';
import { formatBucketLabel } from './zoned-time';

export interface ChartSeries {
  key: string;
  name: string;
  verdict: 'human' | 'automated';
}

export interface ChartData {
  rows: Array<Record<string, string | number>>;
  series: ChartSeries[];
}

export function nameFetcher(fetcher: string): string {
  return (FETCHERS as readonly string[]).includes(fetcher)
    ? describeFetcher(fetcher as Fetcher)
    : fetcher;
}

export function buildChartData(series: TimeSeries, kind: 'open' | 'click'): ChartData {
  const found = new Map<string, ChartSeries>();
  const rows = series.buckets.map((bucket) => {
    const row: Record<string, string | number> = {
      label: formatBucketLabel(bucket.start, series.granularity, series.timeZone),
    };
    for (const point of bucket.points) {
      if (point.kind !== kind) continue;
      const key = `${point.verdict}:${point.fetcher}`;
      if (!found.has(key)) {
        const who = nameFetcher(point.fetcher);
        found.set(key, { key, verdict: point.verdict, name: `${who} (${point.verdict})` });
      }
      row[key] = (Number(row[key]) || 0) + point.events;
    }
    return row;
  });
  const ordered = [...found.values()].sort((a, b) =>
    a.verdict === b.verdict ? a.name.localeCompare(b.name) : a.verdict === 'human' ? -1 : 1,
  );
  return { rows, series: ordered };
}
