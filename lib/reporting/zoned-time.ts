// Local dates and bucket labels in an account's time zone, with nothing but Intl. Used for date
// range inputs (a local calendar day -> instants) and for labelling time-series buckets.
import type { Granularity } from './queries/time-series';

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsCache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC at an instant, in milliseconds (CEST: +7,200,000). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** True when the name is a time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The instant a local calendar day (YYYY-MM-DD) begins in the zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day);
  // The offset at the guess can differ from the offset at the answer across a change; retry once.
  const first = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(first, timeZone);
  return new Date(second);
}

/** The local calendar day (YYYY-MM-DD) an instant falls on. */
export function localDate(instant: Date, timeZone: string): string {
  const shifted = new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone));
  return shifted.toISOString().slice(0, 10);
}

/** "Sun 29 Mar" for days; "Sun 29 Mar 03:00 GMT+2" for hours (the offset tells repeats apart). */
export function formatBucketLabel(
  startIso: string,
  granularity: Granularity,
  timeZone: string,
): string {
  const options: Intl.DateTimeFormatOptions =
    granularity === 'day'
      ? { timeZone, weekday: 'short', day: 'numeric', month: 'short' }
      : {
          timeZone,
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZoneName: 'shortOffset',
        };
  return new Intl.DateTimeFormat('en-GB', options).format(new Date(startIso)).replace(',', '');
}
