// Requests answered but not recorded (TrackingDropCount), as the overview page and
// GET /api/v1/tracking/drops show them: exact counts per reason and per local bucket, only the
// signed-in or keyed account's, and bad parameters refused with a 400 naming them.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '@/lib/auth/roles';
import type { TrackingDrops } from '@/lib/reporting/service';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { actAs } from '../auth/support/fake-session';
import { findProps } from '../auth/support/react-tree';
import { seedTwoAccounts, type Seed } from '../auth/support/seed';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('../auth/support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('../auth/support/fake-session')).nextCacheMock);

const { GET: getDrops } = await import('@/app/api/v1/tracking/drops/route');
const OverviewPage = (await import('@/app/(dashboard)/overview/page')).default;
const { DropTable } = await import('@/components/reporting/drop-table');

const BASE = 'http://127.0.0.1:3710';

// Account A keeps Indian time (UTC+05:30), so its local hours start at half past in UTC.
const A_ROWS: [string, string, number][] = [
  ['2026-02-28T18:29:00Z', 'over_budget', 100], // before both ranges below
  ['2026-03-01T10:00:00Z', 'over_budget', 5],
  ['2026-03-01T10:01:00Z', 'over_budget', 7],
  ['2026-03-01T11:59:00Z', 'over_budget', 3],
  ['2026-03-01T10:00:00Z', 'unrecorded', 2],
  ['2026-03-01T10:30:00Z', 'unknown_target', 1],
  ['2026-03-01T10:45:00Z', 'mystery_reason', 6],
  ['2026-03-02T00:00:00Z', 'database_unavailable', 4],
  ['2026-03-03T00:00:00Z', 'over_budget', 200], // at both ranges' exclusive end
];
const B_ROWS: [string, string, number][] = [
  ['2026-03-01T10:00:00Z', 'over_budget', 1000],
  ['2026-03-01T10:00:00Z', 'unrecorded', 999],
];

const A_REASONS = [
  {
    reason: 'over_budget',
    label: "Over one address's request budget (flood)",
    known: true,
    count: 15,
    firstMinute: '2026-03-01T10:00:00.000Z',
    lastMinute: '2026-03-01T11:59:00.000Z',
  },
  {
    reason: 'mystery_reason',
    label: 'Other reason (mystery_reason)',
    known: false,
    count: 6,
    firstMinute: '2026-03-01T10:45:00.000Z',
    lastMinute: '2026-03-01T10:45:00.000Z',
  },
  {
    reason: 'database_unavailable',
    label: 'Database away and link not cached',
    known: true,
    count: 4,
    firstMinute: '2026-03-02T00:00:00.000Z',
    lastMinute: '2026-03-02T00:00:00.000Z',
  },
  {
    reason: 'unrecorded',
    label: 'Could not be written anywhere',
    known: true,
    count: 2,
    firstMinute: '2026-03-01T10:00:00.000Z',
    lastMinute: '2026-03-01T10:00:00.000Z',
  },
  {
    reason: 'unknown_target',
    label: 'Message deleted before the event was stored',
    known: true,
    count: 1,
    firstMinute: '2026-03-01T10:30:00.000Z',
    lastMinute: '2026-03-01T10:30:00.000Z',
  },
];

interface ErrorBody {
  error: { code: string; details: { issues: { path: string; message: string }[] } };
}

describe(`tracking drops (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let seed: Seed;

  async function insertDrops(accountId: string, rows: [string, string, number][]) {
    for (const [minute, reason, count] of rows) {
      await db.sql.query(
        `INSERT INTO "TrackingDropCount" ("accountId", minute, reason, count)
         VALUES ($1, $2, $3, $4)`,
        [accountId, minute, reason, count],
      );
    }
  }

  const drops = (query: string, key: string | null = seed.a.apiKey.key) =>
    getDrops(
      new Request(`${BASE}/api/v1/tracking/drops?${query}`, {
        headers: key ? { authorization: `Bearer ${key}` } : {},
      }),
      { params: Promise.resolve({}) },
    );

  async function json(response: Response): Promise<TrackingDrops> {
    expect(response.status).toBe(200);
    return (await response.json()) as TrackingDrops;
  }

  async function issuesOf(response: Response) {
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('bad_request');
    return body.error.details.issues.map((i) => [i.path, i.message]);
  }

  /** The overview page as a member of A with this role; the DropTable's data and its markup. */
  async function overview(userId: string, search: Record<string, string>) {
    actAs(userId);
    const tree = await OverviewPage({ searchParams: Promise.resolve(search) });
    const tables = findProps(tree, DropTable) as { drops: TrackingDrops }[];
    expect(tables).toHaveLength(1);
    const html = renderToStaticMarkup(createElement(DropTable, tables[0]));
    return { drops: tables[0].drops, html };
  }

  /** The table's rows as cell texts. */
  function cellsOf(html: string): string[][] {
    return [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) =>
      [...row[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) =>
        cell[1].replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'"),
      ),
    );
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    seed = await seedTwoAccounts();
    await db.sql.query(`UPDATE "Account" SET "timeZone" = 'Asia/Kolkata' WHERE id = $1`, [
      seed.a.accountId,
    ]);
    await insertDrops(seed.a.accountId, A_ROWS);
    await insertDrops(seed.b.accountId, B_ROWS);
  });
  afterAll(async () => db?.close());

  it("answers A's totals per reason and its local hours, none of B's", async () => {
    const body = await json(await drops('from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z'));
    expect(body.timeZone).toBe('Asia/Kolkata');
    expect(body.from).toBe('2026-03-01T00:00:00.000Z');
    expect(body.to).toBe('2026-03-03T00:00:00.000Z');
    expect(body.total).toBe(28);
    expect(body.reasons).toEqual(A_REASONS);
    expect(body.granularity).toBe('hour');
    // Local hours from 05:00 IST (23:30 UTC) on 1 March to 04:00 IST on 3 March.
    expect(body.buckets).toHaveLength(49);
    expect(body.buckets[0]).toEqual({ start: '2026-02-28T23:30:00.000Z', total: 0, counts: {} });
    expect(body.buckets.at(-1)?.start).toBe('2026-03-02T23:30:00.000Z');
    expect(body.buckets.filter((b) => b.total > 0)).toEqual([
      {
        start: '2026-03-01T09:30:00.000Z',
        total: 14,
        counts: { over_budget: 12, unrecorded: 2 },
      },
      {
        start: '2026-03-01T10:30:00.000Z',
        total: 7,
        counts: { mystery_reason: 6, unknown_target: 1 },
      },
      { start: '2026-03-01T11:30:00.000Z', total: 3, counts: { over_budget: 3 } },
      { start: '2026-03-01T23:30:00.000Z', total: 4, counts: { database_unavailable: 4 } },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/999|1000/);
  });

  it('answers minutes for a short range and local days when asked', async () => {
    const minutes = await json(await drops('from=2026-03-01T10:00:00Z&to=2026-03-01T10:02:00Z'));
    expect(minutes.granularity).toBe('minute');
    expect(minutes.total).toBe(14);
    expect(minutes.buckets).toEqual([
      { start: '2026-03-01T10:00:00.000Z', total: 7, counts: { over_budget: 5, unrecorded: 2 } },
      { start: '2026-03-01T10:01:00.000Z', total: 7, counts: { over_budget: 7 } },
    ]);

    const days = await json(
      await drops('from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&granularity=day'),
    );
    expect(days.granularity).toBe('day');
    expect(days.buckets).toEqual([
      {
        start: '2026-02-28T18:30:00.000Z',
        total: 24,
        counts: { mystery_reason: 6, over_budget: 15, unknown_target: 1, unrecorded: 2 },
      },
      { start: '2026-03-01T18:30:00.000Z', total: 4, counts: { database_unavailable: 4 } },
      { start: '2026-03-02T18:30:00.000Z', total: 0, counts: {} },
    ]);
  });

  it("answers B's key with B's counts only", async () => {
    const body = await json(
      await drops('from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z', seed.b.apiKey.key),
    );
    expect(body.timeZone).toBe('UTC');
    expect(body.total).toBe(1999);
    expect(body.reasons.map((r) => [r.reason, r.count])).toEqual([
      ['over_budget', 1000],
      ['unrecorded', 999],
    ]);
  });

  it('refuses bad parameters with a 400 naming them, and a missing key with 401', async () => {
    expect(await issuesOf(await drops('from=yesterday&to=2026-03-03T00:00:00Z'))).toEqual([
      ['from', 'Invalid ISO datetime'],
      ['from', 'must be between 2000-01-01 and 2100-12-31'],
    ]);
    expect(await issuesOf(await drops('to=2026-03-03T00:00:00Z'))).toEqual([
      ['from', 'Invalid input: expected string, received undefined'],
    ]);
    expect(
      await issuesOf(await drops('from=1999-12-31T00:00:00Z&to=2026-03-03T00:00:00Z')),
    ).toEqual([
      ['from', 'must be between 2000-01-01 and 2100-12-31'],
      ['from', 'from..to spans about 9559 day buckets; at most 1000 are allowed'],
    ]);
    expect(
      await issuesOf(await drops('from=2026-03-03T00:00:00Z&to=2026-03-01T00:00:00Z')),
    ).toEqual([['to', 'to must be after from']]);
    expect(
      await issuesOf(
        await drops('from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&granularity=minute'),
      ),
    ).toEqual([['from', 'from..to spans about 2880 minute buckets; at most 1440 are allowed']]);
    expect(
      await issuesOf(
        await drops('from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&granularity=week'),
      ),
    ).toEqual([['granularity', 'Invalid option: expected one of "minute"|"hour"|"day"']]);
    expect(
      (await issuesOf(await drops('from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&x=1')))[0],
    ).toEqual(['', 'Unrecognized key: "x"']);

    const none = await drops('from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z', null);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('unauthorized');
  });

  it.each(ROLES)("shows A's counts per reason on the overview to a %s", async (role) => {
    const { drops: shown, html } = await overview(seed.a.users[role], {
      from: '2026-03-01',
      to: '2026-03-02',
    });
    // Local days 1-2 March in Indian time: 18:30 UTC on 28 February to 18:30 UTC on 2 March.
    expect(shown.from).toBe('2026-02-28T18:30:00.000Z');
    expect(shown.to).toBe('2026-03-02T18:30:00.000Z');
    expect(shown.total).toBe(28);
    expect(shown.reasons).toEqual(A_REASONS);
    expect(shown.buckets).toEqual([]);
    expect(html).toContain('28 requests were answered (the image or the redirect went out)');
    expect(html).toContain('so they are in no figure or event log');
    expect(cellsOf(html)).toEqual([
      ['Reason', 'Code', 'Requests', 'First minute', 'Last minute'],
      [
        "Over one address's request budget (flood)",
        'over_budget',
        '15',
        'Sun 1 Mar 15:30 GMT+5:30',
        'Sun 1 Mar 17:29 GMT+5:30',
      ],
      [
        'Other reason (mystery_reason)',
        'mystery_reason',
        '6',
        'Sun 1 Mar 16:15 GMT+5:30',
        'Sun 1 Mar 16:15 GMT+5:30',
      ],
      [
        'Database away and link not cached',
        'database_unavailable',
        '4',
        'Mon 2 Mar 05:30 GMT+5:30',
        'Mon 2 Mar 05:30 GMT+5:30',
      ],
      [
        'Could not be written anywhere',
        'unrecorded',
        '2',
        'Sun 1 Mar 15:30 GMT+5:30',
        'Sun 1 Mar 15:30 GMT+5:30',
      ],
      [
        'Message deleted before the event was stored',
        'unknown_target',
        '1',
        'Sun 1 Mar 16:00 GMT+5:30',
        'Sun 1 Mar 16:00 GMT+5:30',
      ],
    ]);
    expect(html).not.toMatch(/999|1000/);
  });

  it('says in one line when there are none', async () => {
    const { drops: shown, html } = await overview(seed.a.users.viewer, {
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(shown.total).toBe(0);
    expect(shown.reasons).toEqual([]);
    expect(html.replace(/<[^>]+>/g, '')).toBe(
      'None: every tracking request on these days was recorded as an event.',
    );
    expect(html).toMatch(/^<p [^>]*>[^<]*<\/p>$/);
  });
});
