// Query parameters shared by the reporting API and pages, validated with zod. Unknown values are
// a 400 naming the parameter (via apiRoute's ZodError mapping).
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { SaneInstant, SaneLocalDay } from './bounds';
import { METRICS, type Figures } from './metrics';
import { countBucketsAtMost, MAX_BUCKETS } from './queries/time-series';
import {
  chooseDropGranularity,
  countDropBucketsAtMost,
  MAX_DROP_BUCKETS,
} from './queries/tracking-drops';
import type { CampaignRow } from './store';
import type { FiguresBothWays } from './service';
import { isTimeZone, startOfLocalDay } from './zoned-time';

export const CountingParam = z.enum(['human', 'all']).optional();
export const GranularityParam = z.enum(['hour', 'day']).default('day');

export const CampaignIdParam = z.object({ id: z.uuid('campaign id must be a UUID') });

export const StatsQuery = z.object({ counting: CountingParam }).strict();

export const ListQuery = z
  .object({
    counting: CountingParam,
    from: SaneLocalDay.optional(),
    to: SaneLocalDay.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const TimeSeriesParams = z
  .object({
    granularity: GranularityParam,
    from: SaneInstant.optional(),
    to: SaneInstant.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (from >= to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
      return;
    }
    // Counted from the dates alone, before any query (a long range must cost nothing).
    const buckets = countBucketsAtMost(q.granularity, from, to);
    if (buckets > MAX_BUCKETS[q.granularity]) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message:
          `from..to spans about ${buckets} ${q.granularity} buckets; ` +
          `at most ${MAX_BUCKETS[q.granularity]} are allowed`,
      });
    }
  });

/** Tracking drops: from and to are required instants; the granularity defaults to what fits. */
export const DropsQuery = z
  .object({
    from: SaneInstant,
    to: SaneInstant,
    granularity: z.enum(['minute', 'hour', 'day']).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (from >= to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
      return;
    }
    // Counted from the dates alone, before any query.
    const granularity = q.granularity ?? chooseDropGranularity(from, to) ?? 'day';
    const buckets = countDropBucketsAtMost(granularity, from, to);
    if (buckets > MAX_DROP_BUCKETS[granularity]) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message:
          `from..to spans about ${buckets} ${granularity} buckets; ` +
          `at most ${MAX_DROP_BUCKETS[granularity]} are allowed`,
      });
    }
  });

export const ExportQuery = z.object({ type: z.enum(['figures', 'events']) }).strict();

/** The search parameters of a request as a plain object, for zod. Repeated keys: the last wins. */
export function readSearchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

/** A local date range [from, to] (both inclusive days) as instants [from, to). */
export function toInstantRange(
  range: { from?: string; to?: string },
  timeZone: string,
): { from?: Date; to?: Date } {
  if (!isTimeZone(timeZone)) throw new AppError('bad_request', `unknown time zone ${timeZone}`);
  for (const field of ['from', 'to'] as const) {
    const day = range[field];
    const check = day === undefined ? null : SaneLocalDay.safeParse(day);
    if (check && !check.success) {
      throw new AppError('bad_request', `${field}: ${check.error.issues[0]?.message}`, {
        parameter: field,
      });
    }
  }
  const from = range.from ? startOfLocalDay(range.from, timeZone) : undefined;
  const to = range.to ? startOfLocalDay(nextDay(range.to), timeZone) : undefined;
  if (from && to && from >= to) {
    throw new AppError('bad_request', 'from must not be after to', {
      from: range.from,
      to: range.to,
    });
  }
  return { from, to };
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export function serializeCampaign(c: CampaignRow) {
  return {
    id: c.id,
    name: c.name,
    subject: c.subject,
    sentAt: c.sentAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** The JSON of figures: the counting in force, both ways, and each metric's definition. */
export function serializeFigures(f: FiguresBothWays) {
  return {
    counting: f.counting,
    suppressAutomated: f.suppressAutomated,
    figures: stripCounting(f.figures),
    comparison: { human: stripCounting(f.human), all: stripCounting(f.all) },
  };
}

function stripCounting(figures: Figures) {
  const { counting: _counting, ...rest } = figures;
  return rest;
}

export const DEFINITIONS = Object.fromEntries(
  Object.values(METRICS).map((m) => [
    m.id,
    { label: m.label, definition: m.definition, denominator: m.denominator ?? null },
  ]),
);
