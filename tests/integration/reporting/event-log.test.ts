// The event log and exports speak one language: link numbers from 1, campaign names beside each
// event, and a total that stops counting at a cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getLinks } from '@/app/api/v1/campaigns/[id]/links/route';
import { hashApiKey } from '@/lib/auth/api';
import { streamEventsCsv } from '@/lib/reporting/csv';
import { createSqlReportingStore, type ReportingStore } from '@/lib/reporting/store';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { seedAccount, seedCampaign, seedEvents, seedLink, seedMessages } from './seed';

const KEY = 'vk_reporting_event_log_key_0123456789';

describe(`event log and link numbers (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let store: ReportingStore;
  let accountId: string;
  let spring: string;
  let autumn: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    store = createSqlReportingStore(db.sql);
    accountId = await seedAccount(db.sql);
    await db.prisma.apiKey.create({
      data: { accountId, name: 'k', prefix: KEY.slice(0, 10), keyHash: hashApiKey(KEY) },
    });
    spring = await seedCampaign(db.sql, accountId, 'Spring');
    autumn = await seedCampaign(db.sql, accountId, 'Autumn');
    const [a] = await seedMessages(db.sql, accountId, spring, 1);
    const [b] = await seedMessages(db.sql, accountId, autumn, 1);
    const ids = { accountId, campaignId: spring, messageId: a };
    const first = await seedLink(db.sql, ids, 0, 'https://shop.example/first');
    const second = await seedLink(db.sql, ids, 1, 'https://shop.example/second');
    await seedEvents(db.sql, accountId, spring, [
      { messageId: a, kind: 'click', verdict: 'human', linkId: first, at: '2026-03-01T10:00Z' },
      {
        messageId: a,
        kind: 'click',
        verdict: 'automated',
        linkId: second,
        at: '2026-03-01T11:00Z',
      },
    ]);
    await seedEvents(db.sql, accountId, autumn, [
      { messageId: b, kind: 'open', verdict: 'human', at: '2026-03-01T12:00Z' },
    ]);
  });

  afterAll(async () => {
    await db.close();
  });

  it('numbers links from 1 in the API and the events CSV', async () => {
    const response = await getLinks(
      new Request(`http://127.0.0.1/api/v1/campaigns/${spring}/links`, {
        headers: { authorization: `Bearer ${KEY}` },
      }),
      { params: Promise.resolve({ id: spring }) },
    );
    const body = await response.json();
    expect(
      body.links.map((l: { linkNumber: number; url: string }) => [l.linkNumber, l.url]),
    ).toEqual([
      [1, 'https://shop.example/first'],
      [2, 'https://shop.example/second'],
    ]);
    expect(body.links[0].position).toBeUndefined();

    const csv = await new Response(
      streamEventsCsv(store, accountId, spring, { timeZone: 'UTC', suppress: false }),
    ).text();
    const [header, ...rows] = csv.trim().split('\r\n');
    const column = header.split(',').indexOf('link_number');
    expect(column).toBe(13);
    expect(rows.map((r) => r.split(',')[column])).toEqual(['1', '2']);
  });

  it('names the campaign of each event and counts them up to a cap', async () => {
    const events = await store.events(accountId, { order: 'asc', limit: 10 });
    expect(events.map((e) => [e.campaignName, e.kind, e.verdict])).toEqual([
      ['Spring', 'click', 'human'],
      ['Spring', 'click', 'automated'],
      ['Autumn', 'open', 'human'],
    ]);
    expect(await store.countEvents(accountId, {}, 100)).toBe(3);
    expect(await store.countEvents(accountId, { verdict: 'human' }, 100)).toBe(2);
    expect(await store.countEvents(accountId, { campaignId: spring }, 100)).toBe(2);
    expect(await store.countEvents(accountId, {}, 2)).toBe(2);
    expect(await store.countEvents(await seedAccount(db.sql), {}, 100)).toBe(0);
  });
});
