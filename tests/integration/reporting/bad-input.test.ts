// Bad dates and strings get a 400 naming the parameter; long ranges are refused before any query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listCampaigns, POST as createCampaign } from '@/app/api/v1/campaigns/route';
import { GET as getSeries } from '@/app/api/v1/campaigns/[id]/timeseries/route';
import { hashApiKey } from '@/lib/auth/api';
import { loadCampaignPage } from '@/lib/reporting/service';
import { getReportingStore } from '@/lib/reporting/store';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { seedAccount, seedCampaign, seedEvents, seedMessages } from './seed';

const BASE = 'http://127.0.0.1:3650';
const KEY = 'vk_reporting_bad_input_key_0123456789';
const NO_PARAMS = { params: Promise.resolve({}) };

interface ErrorBody {
  error: { code: string; details: { issues: { path: string; message: string }[] } };
}

async function issuesOf(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as ErrorBody;
  expect(body.error.code).toBe('bad_request');
  return body.error.details.issues.map((i) => [i.path, i.message]);
}

describe(`reporting bad input (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let accountId: string;
  let campaignId: string;

  const get = (path: string) =>
    new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  const series = (query: string) =>
    getSeries(get(`/api/v1/campaigns/${campaignId}/timeseries?${query}`), {
      params: Promise.resolve({ id: campaignId }),
    });
  const create = (body: unknown) =>
    createCampaign(
      new Request(`${BASE}/api/v1/campaigns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      NO_PARAMS,
    );

  beforeAll(async () => {
    db = await openTestDatabase();
    accountId = await seedAccount(db.sql, { timeZone: 'Europe/Berlin' });
    await db.prisma.apiKey.create({
      data: { accountId, name: 'k', prefix: KEY.slice(0, 10), keyHash: hashApiKey(KEY) },
    });
    campaignId = await seedCampaign(db.sql, accountId);
    const ids = await seedMessages(db.sql, accountId, campaignId, 3);
    await seedEvents(db.sql, accountId, campaignId, [
      { messageId: ids[0], kind: 'open', verdict: 'human', at: '2026-01-01T00:05:00Z' },
      { messageId: ids[1], kind: 'open', verdict: 'human', at: '2026-06-01T00:05:00Z' },
    ]);
  });

  afterAll(async () => {
    await db.close();
  });

  it('refuses a thousand years of hours from the dates alone', async () => {
    const old = await series('granularity=hour&from=1026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(await issuesOf(old)).toEqual([
      ['from', 'must be between 2000-01-01 and 2100-12-31'],
      ['from', 'from..to spans about 8765832 hour buckets; at most 2232 are allowed'],
    ]);
    const century = await series(
      'granularity=hour&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
    );
    expect(await issuesOf(century)).toEqual([
      ['from', 'from..to spans about 876600 hour buckets; at most 2232 are allowed'],
    ]);
    const days = await series('granularity=day&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z');
    expect(await issuesOf(days)).toEqual([
      ['from', 'from..to spans about 36525 day buckets; at most 1000 are allowed'],
    ]);
  });

  it('still answers the longest allowed range', async () => {
    const response = await series(
      'granularity=hour&from=2026-01-01T00:00:00Z&to=2026-04-04T00:00:00Z',
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.buckets).toHaveLength(2232);
    expect(body.buckets[0].points).toEqual([
      { kind: 'open', verdict: 'human', fetcher: 'human', events: 1 },
    ]);
  });

  it('shows the latest part of a too long hourly series on the campaign page', async () => {
    const store = await getReportingStore();
    const page = await loadCampaignPage(store, accountId, campaignId, { granularity: 'hour' });
    expect(page.series.truncated).toBe(true);
    expect(page.series.from).toBe('2026-02-28T00:15:00.000Z');
    expect(page.series.buckets).toHaveLength(2233);
    const withEvents = page.series.buckets.filter((b) => b.points.length > 0);
    expect(withEvents.map((b) => b.start)).toEqual(['2026-06-01T00:00:00.000Z']);
  });

  it('refuses impossible and out-of-range dates with the parameter named', async () => {
    expect(
      await issuesOf(await series('from=0001-01-01T00:00:00Z&to=0002-01-01T00:00:00Z')),
    ).toEqual([
      ['from', 'must be between 2000-01-01 and 2100-12-31'],
      ['to', 'must be between 2000-01-01 and 2100-12-31'],
    ]);
    expect(
      await issuesOf(await series('from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')),
    ).toEqual([['to', 'to must be after from']]);
    const list = (query: string) => listCampaigns(get(`/api/v1/campaigns?${query}`), NO_PARAMS);
    expect(await issuesOf(await list('from=9999-99-99'))).toEqual([['from', 'not a calendar day']]);
    expect(await issuesOf(await list('to=2026-02-30'))).toEqual([['to', 'not a calendar day']]);
    expect(await issuesOf(await list('to=2101-01-01'))).toEqual([
      ['to', 'must be between 2000-01-01 and 2100-12-31'],
    ]);
  });

  it('refuses NUL characters and far dates in a new campaign', async () => {
    expect(await issuesOf(await create({ name: 'a\u0000b' }))).toEqual([
      ['name', 'must not contain NUL characters'],
    ]);
    expect(await issuesOf(await create({ name: 'a', subject: '\u0000' }))).toEqual([
      ['subject', 'must not contain NUL characters'],
    ]);
    for (const sentAt of ['9999-01-01T00:00:00Z', '0000-01-01T00:00:00Z']) {
      expect(await issuesOf(await create({ name: 'a', sentAt }))).toEqual([
        ['sentAt', 'must be between 2000-01-01 and 2100-12-31'],
      ]);
    }
    const ok = await create({ name: 'Fine', sentAt: '2100-12-31T23:00:00Z' });
    expect(ok.status).toBe(201);
  });
});
