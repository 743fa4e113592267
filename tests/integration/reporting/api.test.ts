import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listCampaigns, POST as createCampaign } from '@/app/api/v1/campaigns/route';
import { GET as getExport } from '@/app/api/v1/campaigns/[id]/export/route';
import { GET as getLinks } from '@/app/api/v1/campaigns/[id]/links/route';
import { GET as getStats } from '@/app/api/v1/campaigns/[id]/stats/route';
import { GET as getSeries } from '@/app/api/v1/campaigns/[id]/timeseries/route';
import { hashApiKey } from '@/lib/auth/api';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { seedAccount, seedCampaign, seedEvents, seedMessages } from './seed';

const BASE = 'http://127.0.0.1:3400';
const KEY_A = 'vk_reporting_test_key_a_0123456789';
const KEY_B = 'vk_reporting_test_key_b_0123456789';

type Handler = (request: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

function call(handler: Handler, path: string, id: string, key = KEY_A) {
  const request = new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return handler(request, { params: Promise.resolve({ id }) });
}

describe(`reporting API (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let accountId: string;
  let campaignId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    accountId = await seedAccount(db.sql, { suppressAutomated: true, timeZone: 'Europe/Berlin' });
    const other = await seedAccount(db.sql);
    for (const [account, key] of [
      [accountId, KEY_A],
      [other, KEY_B],
    ]) {
      await db.prisma.apiKey.create({
        data: { accountId: account, name: 'k', prefix: key.slice(0, 10), keyHash: hashApiKey(key) },
      });
    }
    campaignId = await seedCampaign(db.sql, accountId, 'Spring "sale", =1');
    const ids = await seedMessages(db.sql, accountId, campaignId, 10, 2);
    await seedEvents(db.sql, accountId, campaignId, [
      { messageId: ids[2], kind: 'open', verdict: 'human', at: '2026-03-01T10:00:00Z' },
      { messageId: ids[3], kind: 'open', verdict: 'automated', at: '2026-03-01T23:30:00Z' },
      { messageId: ids[4], kind: 'click', verdict: 'human', at: '2026-03-02T08:00:00Z' },
    ]);
  });

  afterAll(async () => {
    await db.close();
  });

  it('answers stats as the switch says, and the other way for one request', async () => {
    const response = await call(getStats, `/api/v1/campaigns/${campaignId}/stats`, campaignId);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.counting).toBe('human');
    expect(body.timeZone).toBe('Europe/Berlin');
    expect(body.figures).toMatchObject({
      delivered: 8,
      uniqueOpeners: 2,
      inferredOpeners: 1,
      openRate: 0.25,
    });
    expect(body.comparison.all.uniqueOpeners).toBe(3);
    expect(body.definitions.openRate).toEqual({
      label: 'Open rate',
      definition: 'Unique opens divided by delivered.',
      denominator: 'delivered',
    });

    const other = await call(
      getStats,
      `/api/v1/campaigns/${campaignId}/stats?counting=all`,
      campaignId,
    );
    expect((await other.json()).figures.uniqueOpeners).toBe(3);
    const { rows } = await db.sql.query<{ suppressAutomated: boolean }>(
      `SELECT "suppressAutomated" FROM "Account" WHERE id = $1`,
      [accountId],
    );
    expect(rows[0].suppressAutomated).toBe(true);
  });

  it('rejects bad parameters with a JSON 400 naming them', async () => {
    const response = await call(
      getStats,
      `/api/v1/campaigns/${campaignId}/stats?counting=bots`,
      campaignId,
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.issues[0].path).toBe('counting');

    const badId = await call(getStats, '/api/v1/campaigns/nope/stats', 'nope');
    expect(badId.status).toBe(400);
    expect((await badId.json()).error.details.issues[0].path).toBe('id');
  });

  it("answers 401 without a key and 404 for another account's campaign", async () => {
    const none = await getStats(new Request(`${BASE}/api/v1/campaigns/${campaignId}/stats`), {
      params: Promise.resolve({ id: campaignId }),
    });
    expect(none.status).toBe(401);
    const routes: [Handler, string][] = [
      [getStats, 'stats'],
      [getSeries, 'timeseries'],
      [getLinks, 'links'],
      [getExport, 'export?type=events'],
    ];
    for (const [handler, path] of routes) {
      const response = await call(
        handler,
        `/api/v1/campaigns/${campaignId}/${path}`,
        campaignId,
        KEY_B,
      );
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
  });

  it('lists campaigns with figures and creates one', async () => {
    const created = await createCampaign(
      new Request(`${BASE}/api/v1/campaigns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY_A}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Autumn', sentAt: '2026-02-01T09:00:00+01:00' }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(created.status).toBe(201);
    const { campaign } = await created.json();
    expect(campaign).toMatchObject({
      name: 'Autumn',
      subject: '',
      sentAt: '2026-02-01T08:00:00.000Z',
    });

    const list = await listCampaigns(
      new Request(`${BASE}/api/v1/campaigns?from=2026-03-01&to=2026-03-01`, {
        headers: { authorization: `Bearer ${KEY_A}` },
      }),
      { params: Promise.resolve({}) },
    );
    const body = await list.json();
    expect(body.campaigns.map((c: { id: string }) => c.id)).toEqual([campaignId]);
    expect(body.total.figures.delivered).toBe(8);
  });

  it('buckets the time series by local day', async () => {
    const response = await call(
      getSeries,
      `/api/v1/campaigns/${campaignId}/timeseries?granularity=day`,
      campaignId,
    );
    const body = await response.json();
    expect(
      body.buckets.map((b: { start: string; points: { events: number }[] }) => [
        b.start,
        b.points.length,
      ]),
    ).toEqual([
      ['2026-02-28T23:00:00.000Z', 1],
      ['2026-03-01T23:00:00.000Z', 2],
    ]);
  });

  it('exports figures and events as CSV with time zone and suppression stated', async () => {
    const figures = await call(
      getExport,
      `/api/v1/campaigns/${campaignId}/export?type=figures`,
      campaignId,
    );
    const text = await figures.text();
    expect(figures.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(text.split('\r\n').slice(0, 4)).toEqual([
      `campaign,"Spring ""sale"", =1",,,,`,
      `campaign_id,${campaignId},,,,`,
      'time_zone,Europe/Berlin,,,,',
      'suppression_applied,yes,,,,',
    ]);
    expect(text).toContain(
      'people_only,openRate,Open rate,0.25,Delivered,Unique opens divided by delivered.',
    );

    const events = await call(
      getExport,
      `/api/v1/campaigns/${campaignId}/export?type=events`,
      campaignId,
    );
    const lines = (await events.text()).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[2].split(',').slice(0, 8)).toEqual([
      '2026-03-01T23:30:00.000Z',
      '2026-03-02 00:30:00',
      'Europe/Berlin',
      'yes',
      'no',
      'open',
      'GET',
      'automated',
    ]);
  });
});
