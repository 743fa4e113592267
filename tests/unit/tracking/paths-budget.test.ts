import { describe, expect, it } from 'vitest';
import { AddressBudget } from '@/lib/tracking/address-budget';
import { LruCache } from '@/lib/tracking/lru';
import { matchTrackingPath, MAX_TRACKING_PATH } from '@/lib/tracking/paths';

describe('matchTrackingPath', () => {
  it.each([
    ['/o/abc', { kind: 'open', token: 'abc' }],
    ['/c/abc?utm=1', { kind: 'click', token: 'abc' }],
    ['/o/', { kind: 'open', token: '' }],
    ['/o/a/b', { kind: 'open', token: '' }],
    [`/c/${'x'.repeat(MAX_TRACKING_PATH)}`, { kind: 'click', token: '' }],
  ])('%s', (target, expected) => {
    expect(matchTrackingPath(target)).toEqual(expected);
  });

  it.each(['/', '/o', '/other/abc', '/oo/abc', '/api/health', '/campaigns'])(
    '%s is not a tracking path',
    (target) => {
      expect(matchTrackingPath(target)).toBeNull();
    },
  );
});

describe('AddressBudget', () => {
  it('allows the burst, then one request per earned token', () => {
    const budget = new AddressBudget(2, 3);
    const at = 1_000_000;
    expect([1, 2, 3, 4].map(() => budget.take('a', at))).toEqual([true, true, true, false]);
    expect(budget.take('b', at)).toBe(true);
    expect(budget.take('a', at + 499)).toBe(false);
    expect(budget.take('a', at + 500)).toBe(true);
  });

  it('is off with rate and burst 0', () => {
    const budget = new AddressBudget(0, 0);
    expect(budget.enabled).toBe(false);
    expect(budget.take('a', 0)).toBe(true);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
  });
});

describe('LruCache removal', () => {
  it('tells of every entry that leaves: replaced, deleted, evicted, cleared', () => {
    const removed: string[] = [];
    const cache = new LruCache<string, number>(2, (key, value) => removed.push(`${key}=${value}`));
    cache.set('a', 1);
    cache.set('a', 2);
    cache.set('b', 3);
    cache.set('c', 4);
    cache.delete('missing');
    cache.delete('b');
    cache.clear();
    expect(removed).toEqual(['a=1', 'a=2', 'b=3', 'c=4']);
    expect(cache.size).toBe(0);
  });
});
