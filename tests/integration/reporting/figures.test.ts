import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBatch } from '@/lib/events/event-sql';
import { loadCampaignList, loadCampaignStats } from '@/lib/reporting/service';
import { createSqlReportingStore, type ReportingStore } from '@/lib/reporting/store';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { seedAccount, seedCampaign, seedEvents, seedMessages, type EventSpec } from './seed';

describe(`campaign figures from the rollups (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let store: ReportingStore;

  beforeAll(async () => {
    db = await openTestDatabase();
    store = createSqlReportingStore(db.sql);
  });

  afterAll(async () => {
    await db.close();
  });

  // C10: sent 100, bounced 20; one recipient opens 10 times, 39 others once, 2 recipients click
  // with no pixel load. Plus 5 Apple privacy-protection loads on 5 recipients nobody opened.
  async function seedC10(suppressAutomated: boolean) {
    const accountId = await seedAccount(db.sql, { suppressAutomated });
    const campaignId = await seedCampaign(db.sql, accountId);
    const ids = await seedMessages(db.sql, accountId, campaignId, 100, 20);
    const delivered = ids.slice(20);
    const specs: EventSpec[] = [];
    for (let i = 0; i < 10; i++)
      specs.push({ messageId: delivered[0], kind: 'open', verdict: 'human' });
    for (let r = 1; r <= 39; r++)
      specs.push({ messageId: delivered[r], kind: 'open', verdict: 'human' });
    specs.push({ messageId: delivered[40], kind: 'click', verdict: 'human' });
    specs.push({ messageId: delivered[41], kind: 'click', verdict: 'human' });
    for (let r = 50; r < 55; r++) {
      specs.push({ messageId: delivered[r], kind: 'open', verdict: 'automated' });
    }
    const events = await seedEvents(db.sql, accountId, campaignId, specs);
    return { accountId, campaignId, delivered, events };
  }

  it('C10, suppression on: exact figures, opens inferred from clicks, rates <= 100 %', async () => {
    const { accountId, campaignId } = await seedC10(true);
    const stats = await loadCampaignStats(store, accountId, campaignId);

    expect(stats.counting).toBe('human');
    expect(stats.figures).toEqual({
      counting: 'human',
      sent: 100,
      bounced: 20,
      delivered: 80,
      totalOpens: 49,
      measuredOpeners: 40,
      inferredOpeners: 2,
      uniqueOpeners: 42,
      totalClicks: 2,
      uniqueClickers: 2,
      openRate: 42 / 80,
      clickRate: 2 / 80,
      clickToOpenRate: 2 / 42,
    });
  });

  it('counts automated events only when the switch is off, and per request on demand', async () => {
    const { accountId, campaignId } = await seedC10(false);
    const stats = await loadCampaignStats(store, accountId, campaignId);
    expect(stats.counting).toBe('all');
    expect([
      stats.figures.totalOpens,
      stats.figures.measuredOpeners,
      stats.figures.uniqueOpeners,
    ]).toEqual([54, 45, 47]);
    expect(stats.figures.openRate).toBe(47 / 80);

    const human = await loadCampaignStats(store, accountId, campaignId, 'human');
    expect(human.figures.uniqueOpeners).toBe(42);
    expect(human.all.uniqueOpeners).toBe(47);
  });

  it('follows the switch from the next request, with nothing rewritten', async () => {
    const { accountId, campaignId } = await seedC10(false);
    expect((await loadCampaignStats(store, accountId, campaignId)).figures.totalOpens).toBe(54);
    await db.sql.query(`UPDATE "Account" SET "suppressAutomated" = true WHERE id = $1`, [
      accountId,
    ]);
    expect((await loadCampaignStats(store, accountId, campaignId)).figures.totalOpens).toBe(49);
  });

  it('follows revised verdicts (a burst seen in full) in every count', async () => {
    const { accountId, campaignId, events } = await seedC10(true);
    // The two clicks turn out to be a scanner: no human clickers, no inferred opens left.
    const clicks = events.filter((e) => e.kind === 'click');
    await writeBatch(
      db.sql,
      [],
      clicks.map((e) => ({
        id: e.id,
        accountId,
        verdict: 'automated' as const,
        fetcher: 'link_scanner',
        reasons: ['burst'],
        confidence: 0.95,
        classifierVersion: 'test-2',
        evidence: [],
      })),
    );
    const revised = (await loadCampaignStats(store, accountId, campaignId)).figures;
    expect([revised.uniqueOpeners, revised.inferredOpeners, revised.uniqueClickers]).toEqual([
      40, 0, 0,
    ]);
    expect(revised.totalClicks).toBe(0);

    const all = (await loadCampaignStats(store, accountId, campaignId, 'all')).figures;
    // Counting machines too, the scanner's clicks still imply an open so CTOR stays <= 100 %.
    expect([all.uniqueClickers, all.inferredOpeners, all.uniqueOpeners]).toEqual([2, 2, 47]);
  });

  it('follows deleted events and bounces recorded after the events', async () => {
    const { accountId, campaignId, delivered } = await seedC10(true);
    await db.sql.query(`DELETE FROM "Event" WHERE "messageId" = $1`, [delivered[0]]);
    await db.sql.query(`UPDATE "Message" SET "bouncedAt" = now() WHERE id = $1`, [delivered[1]]);
    const figures = (await loadCampaignStats(store, accountId, campaignId)).figures;
    expect([figures.bounced, figures.delivered, figures.totalOpens]).toEqual([21, 79, 39]);
    expect([figures.measuredOpeners, figures.uniqueOpeners]).toEqual([38, 40]);
  });

  it("never shows another account's campaign", async () => {
    const { campaignId } = await seedC10(true);
    const other = await seedAccount(db.sql);
    await expect(loadCampaignStats(store, other, campaignId)).rejects.toThrow('campaign not found');
    expect((await loadCampaignList(store, other, { limit: 50 })).campaigns).toEqual([]);
  });

  it('adds campaigns together in the list total', async () => {
    const accountId = await seedAccount(db.sql, { suppressAutomated: true });
    for (const name of ['A', 'B']) {
      const campaignId = await seedCampaign(db.sql, accountId, name);
      const ids = await seedMessages(db.sql, accountId, campaignId, 10, 1);
      await seedEvents(db.sql, accountId, campaignId, [
        { messageId: ids[5], kind: 'open', verdict: 'human' },
        { messageId: ids[6], kind: 'click', verdict: 'human' },
      ]);
    }
    const list = await loadCampaignList(store, accountId, { limit: 50 });
    expect(list.campaigns.map((c) => c.figures.uniqueOpeners)).toEqual([2, 2]);
    expect(list.total.figures).toMatchObject({ sent: 20, delivered: 18, uniqueOpeners: 4 });
    expect(list.total.figures.openRate).toBe(4 / 18);
  });
});
