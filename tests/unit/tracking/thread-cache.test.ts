// The thread cache's bounds: each message keeps its latest `window` events, and all messages
// together at most `maxEvents`, the least recently used message leaving first.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/events/read-thread';
import { ThreadCache } from '@/lib/tracking/thread-cache';

function event(messageId: string, at: number): StoredEvent {
  return {
    id: `${messageId}-${at}`,
    accountId: 'account',
    campaignId: 'campaign',
    messageId,
    linkId: null,
    kind: 'open',
    method: 'GET',
    occurredAt: at,
    clientIp: '198.51.100.7',
    network: null,
    userAgent: 'Mozilla/5.0',
    headers: { accept: 'image/*' },
    verdict: 'human',
    fetcher: 'human',
    reasons: ['browser_user_agent'],
    confidence: 0.8,
    classifierVersion: 'v1',
    evidence: [{ signal: 'x' }],
    linkPosition: null,
    honeypot: false,
  };
}

const noDatabase = async () => {
  throw new Error('not used: every message is cached');
};

describe('ThreadCache', () => {
  it('keeps the latest window of each message and a bounded number of events overall', async () => {
    const cache = new ThreadCache({ getSql: noDatabase, window: 3, maxEvents: 5 });
    cache.install(
      new Map([['m1', [event('m1', 3), event('m1', 1), event('m1', 4), event('m1', 2)]]]),
    );
    expect(cache.size).toBe(3);

    cache.install(new Map([['m2', [event('m2', 1), event('m2', 2)]]]));
    expect(cache.size).toBe(5);
    // m1 is used again, so m2 is now the least recently used.
    const m1 = await cache.checkout([{ accountId: 'account', messageId: 'm1' }]);
    expect(m1.get('m1')!.map((e) => e.occurredAt)).toEqual([2, 3, 4]);
    expect(m1.get('m1')!.every((e) => e.evidence === null)).toBe(true);

    cache.install(new Map([['m3', [event('m3', 1)]]]));
    expect(cache.size).toBe(4);
    await expect(cache.checkout([{ accountId: 'account', messageId: 'm2' }])).rejects.toThrow(
      'not used',
    );
    // Working copies are copies: changing them changes nothing cached until installed.
    m1.get('m1')![0].verdict = 'automated';
    const again = await cache.checkout([{ accountId: 'account', messageId: 'm1' }]);
    expect(again.get('m1')![0].verdict).toBe('human');
  });
});
