// Re-classification of stored events (resumable, from network facts once the address is gone)
// and address retention, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_VERSION, lookupNetwork } from '@/lib/classifier';
import { insertEvents } from '@/lib/events/event-sql';
import { clearExpiredAddresses } from '@/lib/events/retention';
import { countStaleMessages, reclassifyStoredEvents } from '@/lib/tracking/reclassify';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { createFixture, makeEventRow, type Fixture } from '../tracking/fixtures';

const APPLE_RELAY = '172.224.228.37';
const DAY = 86_400_000;

describe(`reclassify and retention (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let fixture: Fixture;

  beforeAll(async () => {
    db = await openTestDatabase();
    fixture = await createFixture(db.sql, 'x'.repeat(32), {
      messages: 3,
      deliveredAt: new Date('2026-11-20T09:00:00Z'),
    });
  });

  afterAll(async () => {
    await db.close();
  });

  /** An Apple privacy-proxy prefetch stored long ago as a person, by an old classifier. */
  const staleMppOpen = (messageIndex: number, withAddress: boolean) =>
    makeEventRow(fixture, {
      messageId: fixture.messages[messageIndex].id,
      occurredAt: Date.parse('2026-11-20T12:00:00Z'),
      clientIp: withAddress ? APPLE_RELAY : null,
      network: lookupNetwork(APPLE_RELAY),
      userAgent: 'Mozilla/5.0',
      headers: {},
      verdict: 'human',
      fetcher: 'human',
      classifierVersion: 'old-0',
    });

  const storedOf = async (id: string) => {
    const { rows } = await db.sql.query(
      `SELECT verdict::text, fetcher, "classifierVersion", "clientIp", network
         FROM "Event" WHERE id = $1`,
      [id],
    );
    return rows[0];
  };

  it('reclassifies in resumable batches, using network facts once the ip is gone', async () => {
    const events = [staleMppOpen(0, true), staleMppOpen(1, false), staleMppOpen(2, true)];
    await insertEvents(db.sql, events);
    expect(await countStaleMessages(db.sql)).toBe(3);

    // A run stopped after one batch leaves the rest for the next run.
    const first = await reclassifyStoredEvents(db.sql, { batchSize: 1, maxBatches: 1 });
    expect(first).toMatchObject({ messages: 1, eventsChanged: 1, remainingMessages: 2 });

    const progress: string[] = [];
    const second = await reclassifyStoredEvents(db.sql, {
      batchSize: 1,
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(second).toMatchObject({ messages: 2, eventsChanged: 2, remainingMessages: 0 });
    expect(progress).toEqual(['1/2', '2/2']);

    for (const event of events) {
      expect(await storedOf(event.id)).toMatchObject({
        verdict: 'automated',
        fetcher: 'apple_mpp',
        classifierVersion: CLASSIFIER_VERSION,
      });
    }
    expect((await storedOf(events[1].id)).clientIp).toBeNull();

    const third = await reclassifyStoredEvents(db.sql);
    expect(third).toMatchObject({ messages: 0, eventsChanged: 0, remainingMessages: 0 });
  });

  it('clears client addresses after the account retention, keeping network facts', async () => {
    const now = new Date('2026-12-04T12:00:00Z');
    const old = makeEventRow(fixture, {
      occurredAt: now.getTime() - 31 * DAY,
      clientIp: APPLE_RELAY,
    });
    const recent = makeEventRow(fixture, {
      occurredAt: now.getTime() - 29 * DAY,
      clientIp: APPLE_RELAY,
    });
    await insertEvents(db.sql, [old, recent]);

    const cleared = await clearExpiredAddresses(db.sql, now, 1);

    expect(cleared).toBe(1);
    expect(await storedOf(old.id)).toMatchObject({ clientIp: null, network: old.network });
    expect(await storedOf(recent.id)).toMatchObject({ clientIp: APPLE_RELAY });
    expect(await clearExpiredAddresses(db.sql, now)).toBe(0);
  });
});
