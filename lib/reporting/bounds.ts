// Limits on what a caller may ask for, shared by the reporting API, pages and campaign input.
// Dates outside 2000-2100 are typos or probes: they would ask for centuries of buckets or hit
// PostgreSQL's date limits, so they are refused up front with the parameter's name.
import { z } from 'zod';

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const RANGE_MESSAGE = `must be between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`;

function isSaneYear(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/** True for a real calendar day YYYY-MM-DD (no 2026-02-30, no month 99). */
function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** A local calendar day, YYYY-MM-DD, that exists and lies in the sane range. */
export const SaneLocalDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .superRefine((day, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    if (!isCalendarDay(day)) ctx.addIssue({ code: 'custom', message: 'not a calendar day' });
    else if (!isSaneYear(new Date(`${day}T00:00:00Z`))) {
      ctx.addIssue({ code: 'custom', message: RANGE_MESSAGE });
    }
  });

/** An ISO 8601 instant with offset, in the sane range. */
export const SaneInstant = z.iso
  .datetime({ offset: true })
  .refine((value) => isSaneYear(new Date(value)), RANGE_MESSAGE);

/** PostgreSQL refuses NUL (U+0000) in text; refuse it at the edge instead of failing there. */
export function refuseNul<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
}
