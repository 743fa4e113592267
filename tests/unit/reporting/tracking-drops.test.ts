import { describe, expect, it } from 'vitest';
import {
  chooseDropGranularity,
  dropReasonLabel,
  MAX_DROP_BUCKETS,
} from '@/lib/reporting/queries/tracking-drops';

const at = (iso: string) => new Date(iso);

describe('tracking drop reasons', () => {
  it('names the known reasons in plain words and any other one generically', () => {
    expect(dropReasonLabel('over_budget')).toBe("Over one address's request budget (flood)");
    expect(dropReasonLabel('unrecorded')).toBe('Could not be written anywhere');
    expect(dropReasonLabel('database_unavailable')).toBe('Database away and link not cached');
    expect(dropReasonLabel('unknown_target')).toBe('Message deleted before the event was stored');
    expect(dropReasonLabel('something_new')).toBe('Other reason (something_new)');
    expect(dropReasonLabel('toString')).toBe('Other reason (toString)');
  });
});

describe('tracking drop series granularity', () => {
  it('uses minutes up to three hours, then hours up to 93 days, then days', () => {
    const from = at('2026-03-01T00:00:00Z');
    expect(chooseDropGranularity(from, at('2026-03-01T03:00:00Z'))).toBe('minute');
    expect(chooseDropGranularity(from, at('2026-03-01T03:00:01Z'))).toBe('hour');
    expect(MAX_DROP_BUCKETS.hour).toBe(2232);
    expect(chooseDropGranularity(from, at('2026-06-02T00:00:00Z'))).toBe('hour');
    expect(chooseDropGranularity(from, at('2026-06-02T00:00:01Z'))).toBe('day');
    expect(chooseDropGranularity(from, at('2028-11-25T00:00:00Z'))).toBe('day');
    expect(chooseDropGranularity(from, at('2028-11-26T00:00:00Z'))).toBeNull();
  });
});
