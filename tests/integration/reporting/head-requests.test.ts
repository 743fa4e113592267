// Case C11: a HEAD request (to a pixel or a click URL) stays in the event log and exports, with
// counted=no, but never counts in any figure, whichever way the account counts.
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamEventsCsv } from '@/lib/reporting/csv';
import { loadCampaignPage, loadCampaignStats } from '@/lib/reporting/service';
import { createSqlReportingStore } from '@/lib/reporting/store';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { seedAccount, seedCampaign, seedEvents, seedLink, seedMessages } from './seed';

async function readStream(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** The rebuild part of the migration, run again on this database. */
function readRebuildSql(): string {
  const dir = readdirSync('prisma/migrations').find((d) =>
    d.endsWith('_head_requests_never_counted'),
  );
  const text = readFileSync(`prisma/migrations/${dir}/migration.sql`, 'utf8');
  return text.slice(text.indexOf('-- Rebuild the event rollups'));
}

describe(`HEAD requests are never counted (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let accountId: string;
  let campaignId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    accountId = await seedAccount(db.sql, { suppressAutomated: false, timeZone: 'UTC' });
    campaignId = await seedCampaign(db.sql, accountId);
    const ids = await seedMessages(db.sql, accountId, campaignId, 4);
    const link = await seedLink(
      db.sql,
      { accountId, campaignId, messageId: ids[2] },
      0,
      'https://shop.example/',
    );
    const other = await seedLink(
      db.sql,
      { accountId, campaignId, messageId: ids[3] },
      0,
      'https://shop.example/',
    );
    await seedEvents(db.sql, accountId, campaignId, [
      { messageId: ids[0], kind: 'open', verdict: 'human', at: '2026-03-01T10:00:00Z' },
      { messageId: ids[1], kind: 'open', verdict: 'automated', method: 'HEAD' },
      { messageId: ids[1], kind: 'open', verdict: 'human', method: 'HEAD' },
      { messageId: ids[2], kind: 'click', verdict: 'automated', method: 'HEAD', linkId: link },
      { messageId: ids[2], kind: 'click', verdict: 'human', linkId: link, at: '2026-03-01T11:00Z' },
      { messageId: ids[3], kind: 'click', verdict: 'automated', method: 'HEAD', linkId: other },
    ]);
  });

  afterAll(async () => {
    await db.close();
  });

  async function readFigures() {
    const store = createSqlReportingStore(db.sql);
    const page = await loadCampaignPage(store, accountId, campaignId, { granularity: 'day' });
    const pick = (f: typeof page.all) => [
      f.totalOpens,
      f.measuredOpeners,
      f.inferredOpeners,
      f.totalClicks,
      f.uniqueClickers,
    ];
    return {
      all: pick(page.all),
      human: pick(page.human),
      series: page.series.buckets.map((b) => b.points),
      fetchers: page.fetchers,
      links: page.links.map((l) => [
        l.humanClicks,
        l.automatedClicks,
        l.humanClickers,
        l.allClickers,
      ]),
      clients: page.clients.length,
    };
  }

  const EXPECTED = {
    all: [1, 1, 1, 1, 1],
    human: [1, 1, 1, 1, 1],
    series: [
      [
        { kind: 'click', verdict: 'human', fetcher: 'human', events: 1 },
        { kind: 'open', verdict: 'human', fetcher: 'human', events: 1 },
      ],
    ],
    links: [[1, 0, 1, 1]],
  };

  it('leaves HEAD events out of every figure, both countings', async () => {
    const figures = await readFigures();
    expect(figures.all).toEqual(EXPECTED.all);
    expect(figures.human).toEqual(EXPECTED.human);
    expect(figures.series).toEqual(EXPECTED.series);
    expect(figures.links).toEqual(EXPECTED.links);
    expect(figures.fetchers.map((f) => [f.kind, f.verdict, f.fetcher, f.events])).toEqual([
      ['click', 'human', 'human', 1],
      ['open', 'human', 'human', 1],
    ]);
  });

  it('keeps them out when a HEAD verdict is revised', async () => {
    await db.sql.query(
      `UPDATE "Event" SET verdict = 'human', fetcher = 'human' WHERE method = 'HEAD'`,
    );
    expect((await readFigures()).all).toEqual(EXPECTED.all);
    const stats = await loadCampaignStats(createSqlReportingStore(db.sql), accountId, campaignId);
    expect(stats.figures.totalClicks).toBe(1);
  });

  it('lists them in the export with counted=no', async () => {
    const csv = await readStream(
      streamEventsCsv(createSqlReportingStore(db.sql), accountId, campaignId, {
        timeZone: 'UTC',
        suppress: false,
      }),
    );
    const rows = csv.trim().split('\r\n').slice(1);
    const cols = rows.map((r) => r.split(','));
    // method, kind, counted
    expect(cols.map((c) => [c[6], c[5], c[4]].join(' ')).sort()).toEqual([
      'GET click yes',
      'GET open yes',
      'HEAD click no',
      'HEAD click no',
      'HEAD open no',
      'HEAD open no',
    ]);
  });

  it('rebuilds the rollups from the event rows the same way', async () => {
    await db.sql.exec(`TRUNCATE "ReportCampaignBucket", "ReportCampaignLink"`);
    await db.sql.exec(readRebuildSql());
    const figures = await readFigures();
    expect(figures.all).toEqual(EXPECTED.all);
    expect(figures.series).toEqual(EXPECTED.series);
    expect(figures.links).toEqual(EXPECTED.links);
  });
});
