import { describe, expect, it } from 'vitest';
import {
  formatBucketLabel,
  isTimeZone,
  localDate,
  startOfLocalDay,
  zoneOffsetMs,
} from '@/lib/reporting/zoned-time';

const HOUR = 3_600_000;

describe('local days around daylight-saving changes', () => {
  it('Europe/Berlin spring forward (29 Mar 2026): days begin at the right offsets', () => {
    expect(startOfLocalDay('2026-03-28', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-27T23:00:00.000Z',
    );
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
  });

  it('Europe/Berlin fall back (25 Oct 2026): the day is 25 hours long', () => {
    const start = startOfLocalDay('2026-10-25', 'Europe/Berlin').getTime();
    const end = startOfLocalDay('2026-10-26', 'Europe/Berlin').getTime();
    expect((end - start) / HOUR).toBe(25);
  });

  it('America/New_York: 23 hours on 8 Mar 2026, 25 hours on 1 Nov 2026', () => {
    const length = (a: string, b: string) =>
      (startOfLocalDay(b, 'America/New_York').getTime() -
        startOfLocalDay(a, 'America/New_York').getTime()) /
      HOUR;
    expect(length('2026-03-07', '2026-03-08')).toBe(24);
    expect(length('2026-03-08', '2026-03-09')).toBe(23);
    expect(length('2026-11-01', '2026-11-02')).toBe(25);
    expect(length('2026-11-02', '2026-11-03')).toBe(24);
  });

  it('maps instants to local days on both sides of a change', () => {
    expect(localDate(new Date('2026-03-28T22:59:59Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(localDate(new Date('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(new Date('2026-03-29T21:59:59Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(new Date('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
  });

  it('knows the offsets before and after', () => {
    expect(zoneOffsetMs(Date.parse('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(HOUR);
    expect(zoneOffsetMs(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(2 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * HOUR);
  });
});

describe('bucket labels', () => {
  it('tells the repeated hour of a fall-back night apart by its offset', () => {
    expect(formatBucketLabel('2026-10-25T00:00:00Z', 'hour', 'Europe/Berlin')).toBe(
      'Sun 25 Oct 02:00 GMT+2',
    );
    expect(formatBucketLabel('2026-10-25T01:00:00Z', 'hour', 'Europe/Berlin')).toBe(
      'Sun 25 Oct 02:00 GMT+1',
    );
  });

  it('labels days by their local date', () => {
    expect(formatBucketLabel('2026-03-28T23:00:00Z', 'day', 'Europe/Berlin')).toBe('Sun 29 Mar');
  });

  it('accepts only known zones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
