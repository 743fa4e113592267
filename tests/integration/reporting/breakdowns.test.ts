import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlReportingStore, type ReportingStore } from '@/lib/reporting/store';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { seedAccount, seedCampaign, seedEvents, seedLink, seedMessages } from './seed';

// Buckets as [start, human opens, automated opens] for compact exact comparisons.
function openTotals(series: Awaited<ReturnType<ReportingStore['timeSeries']>>) {
  return series.buckets.map((b) => [
    b.start,
    b.points
      .filter((p) => p.kind === 'open' && p.verdict === 'human')
      .reduce((s, p) => s + p.events, 0),
    b.points
      .filter((p) => p.kind === 'open' && p.verdict === 'automated')
      .reduce((s, p) => s + p.events, 0),
  ]);
}

describe(`time series, links and clients (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let store: ReportingStore;

  beforeAll(async () => {
    db = await openTestDatabase();
    store = createSqlReportingStore(db.sql);
  });

  afterAll(async () => {
    await db.close();
  });

  async function seedAround(at: string[], timeZone: string) {
    const accountId = await seedAccount(db.sql, { timeZone });
    const campaignId = await seedCampaign(db.sql, accountId);
    const [messageId] = await seedMessages(db.sql, accountId, campaignId, 1);
    await seedEvents(
      db.sql,
      accountId,
      campaignId,
      at.map((t, i) => ({
        messageId,
        kind: 'open',
        verdict: i % 2 ? 'automated' : 'human',
        at: t,
      })),
    );
    return { accountId, campaignId };
  }

  it('buckets days at local midnight on both sides of spring forward (Europe/Berlin)', async () => {
    const { accountId, campaignId } = await seedAround(
      [
        '2026-03-28T22:30:00Z',
        '2026-03-28T23:10:00Z',
        '2026-03-29T21:59:00Z',
        '2026-03-29T22:00:00Z',
      ],
      'Europe/Berlin',
    );
    const series = await store.timeSeries(accountId, campaignId, {
      granularity: 'day',
      timeZone: 'Europe/Berlin',
      from: new Date('2026-03-27T23:00:00Z'),
      to: new Date('2026-03-30T22:00:00Z'),
    });
    expect(openTotals(series)).toEqual([
      ['2026-03-27T23:00:00.000Z', 1, 0],
      ['2026-03-28T23:00:00.000Z', 1, 1],
      ['2026-03-29T22:00:00.000Z', 0, 1],
    ]);
  });

  it('gives the fall-back night 25 local hours, its repeated hour twice (New York)', async () => {
    const { accountId, campaignId } = await seedAround(
      ['2026-11-01T05:15:00Z', '2026-11-01T06:20:00Z', '2026-11-01T04:59:00Z'],
      'America/New_York',
    );
    const from = new Date('2026-11-01T04:00:00Z');
    const series = await store.timeSeries(accountId, campaignId, {
      granularity: 'hour',
      timeZone: 'America/New_York',
      from,
      to: new Date('2026-11-02T05:00:00Z'),
    });
    expect(series.buckets).toHaveLength(25);
    expect(openTotals(series).slice(0, 4)).toEqual([
      ['2026-11-01T04:00:00.000Z', 1, 0],
      ['2026-11-01T05:00:00.000Z', 1, 0],
      ['2026-11-01T06:00:00.000Z', 0, 1],
      ['2026-11-01T07:00:00.000Z', 0, 0],
    ]);
  });

  it('gives the spring-forward day 23 local hours and days (America/New_York)', async () => {
    const { accountId, campaignId } = await seedAround(
      ['2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z'],
      'America/New_York',
    );
    const hours = await store.timeSeries(accountId, campaignId, {
      granularity: 'hour',
      timeZone: 'America/New_York',
      from: new Date('2026-03-08T05:00:00Z'),
      to: new Date('2026-03-09T04:00:00Z'),
    });
    expect(hours.buckets).toHaveLength(23);
    expect(openTotals(hours).slice(1, 3)).toEqual([
      ['2026-03-08T06:00:00.000Z', 1, 0],
      ['2026-03-08T07:00:00.000Z', 0, 1],
    ]);

    const days = await store.timeSeries(accountId, campaignId, {
      granularity: 'day',
      timeZone: 'America/New_York',
    });
    expect(openTotals(days)).toEqual([['2026-03-08T05:00:00.000Z', 1, 1]]);
  });

  it('lists links with unique clickers; honeypot clicks only as automated', async () => {
    const accountId = await seedAccount(db.sql);
    const campaignId = await seedCampaign(db.sql, accountId);
    const messages = await seedMessages(db.sql, accountId, campaignId, 3);
    const links: { messageId: string; shop: string; trap: string }[] = [];
    for (const messageId of messages) {
      const ids = { accountId, campaignId, messageId };
      links.push({
        messageId,
        shop: await seedLink(db.sql, ids, 0, 'https://shop.example/'),
        trap: await seedLink(db.sql, ids, 1, 'https://trap.example/', true),
      });
    }
    const click = (i: number, linkId: string, verdict: 'human' | 'automated') => ({
      messageId: links[i].messageId,
      kind: 'click' as const,
      verdict,
      linkId,
    });
    await seedEvents(db.sql, accountId, campaignId, [
      click(0, links[0].shop, 'human'),
      click(0, links[0].shop, 'human'),
      click(1, links[1].shop, 'human'),
      click(2, links[2].shop, 'automated'),
      click(2, links[2].trap, 'automated'),
      click(1, links[1].trap, 'human'),
    ]);

    expect(await store.links(accountId, campaignId)).toEqual([
      {
        position: 0,
        url: 'https://shop.example/',
        honeypot: false,
        humanClicks: 3,
        automatedClicks: 1,
        humanClickers: 2,
        allClickers: 3,
      },
      {
        position: 1,
        url: 'https://trap.example/',
        honeypot: true,
        humanClicks: 0,
        automatedClicks: 2,
        humanClickers: 0,
        allClickers: 2,
      },
    ]);
    expect(await store.links(await seedAccount(db.sql), campaignId)).toEqual([]);
  });

  it('breaks events down by fetcher and user agent', async () => {
    const accountId = await seedAccount(db.sql);
    const campaignId = await seedCampaign(db.sql, accountId);
    const [a, b] = await seedMessages(db.sql, accountId, campaignId, 2);
    await seedEvents(db.sql, accountId, campaignId, [
      {
        messageId: a,
        kind: 'open',
        verdict: 'automated',
        fetcher: 'google_image_proxy',
        userAgent: 'GoogleImageProxy',
      },
      {
        messageId: b,
        kind: 'open',
        verdict: 'automated',
        fetcher: 'google_image_proxy',
        userAgent: 'GoogleImageProxy',
      },
      {
        messageId: b,
        kind: 'open',
        verdict: 'human',
        fetcher: 'human',
        userAgent: 'Thunderbird/115',
      },
    ]);
    expect(await store.fetchers(accountId, campaignId)).toEqual([
      { kind: 'open', verdict: 'automated', fetcher: 'google_image_proxy', events: 2 },
      { kind: 'open', verdict: 'human', fetcher: 'human', events: 1 },
    ]);
    expect(await store.agents(accountId, campaignId)).toEqual([
      { kind: 'open', verdict: 'automated', userAgent: 'GoogleImageProxy', events: 2 },
      { kind: 'open', verdict: 'human', userAgent: 'Thunderbird/115', events: 1 },
    ]);
  });

  it('pages events by keyset and streams a campaign in batches', async () => {
    const accountId = await seedAccount(db.sql);
    const campaignId = await seedCampaign(db.sql, accountId);
    const [m] = await seedMessages(db.sql, accountId, campaignId, 1);
    const times = ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z'];
    const rows = await seedEvents(
      db.sql,
      accountId,
      campaignId,
      times.map((at) => ({ messageId: m, kind: 'open' as const, verdict: 'human' as const, at })),
    );
    const all = [];
    const { iterateCampaignEvents } = await import('@/lib/reporting/queries/event-rows');
    for await (const batch of iterateCampaignEvents(db.sql, accountId, campaignId, 2)) {
      all.push(batch.map((e) => e.id));
    }
    const expected = [...rows].sort(
      (x, y) => x.occurredAt - y.occurredAt || (x.id < y.id ? -1 : 1),
    );
    expect(all).toEqual([[expected[0].id, expected[1].id], [expected[2].id]]);

    const newest = await store.events(accountId, { order: 'desc', limit: 1, campaignId });
    expect(newest.map((e) => [e.id, e.recipientRef, e.verdict])).toEqual([
      [expected[2].id, 'r1', 'human'],
    ]);
  });
});
