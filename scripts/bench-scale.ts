// Scale benchmark (issue #4 §5): one campaign with many messages and events in a fresh
// PostgreSQL database, then the campaign page's data loading and the API stats call timed with
// the suppression switch on and off, and how long a flipped switch and a re-classified slice
// take to show in the next stats answer.
//   npm run -s bench:scale -- [--events 10000000] [--messages N] [--runs 40] [--keep]
// Events go in through the event store's batch write (lib/events writeBatch), the statement
// the tracking path commits with; messages and links go in as multi-row INSERTs of the rows
// lib/instrument writes (its per-message registration would take hours at this size).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { GET as getStats } from '../app/api/v1/campaigns/[id]/stats/route';
import { hashApiKey } from '../lib/auth/api';
import { openDatabase, setDb, type Database } from '../lib/db';
import type { EventRow } from '../lib/events/event-row';
import { writeBatch } from '../lib/events/event-sql';
import { loadCampaignPage } from '../lib/reporting/service';
import { createSqlReportingStore } from '../lib/reporting/store';

const SERVER_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const API_KEY = `vk_bench_${randomUUID().replaceAll('-', '')}`;
const SENT_AT = Date.parse('2026-11-02T08:00:00Z');
const EVENT_BATCH = 5_000;
const MESSAGE_BATCH = 50_000;
const LINKS_PER_MESSAGE = 3; // two visible links and the hidden honeypot at position 2

function readOptions() {
  const args = process.argv.slice(2);
  const value = (name: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const events = Number(value('events') ?? 10_000_000);
  const messages = Number(value('messages') ?? Math.max(1, Math.round(events / 10)));
  const runs = Number(value('runs') ?? 40);
  for (const [name, n] of Object.entries({ events, messages, runs })) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  }
  return { events, messages, runs, keep: args.includes('--keep') };
}

// Ids derived from an index, so a million messages need no table of ids in memory.
function indexedId(kind: number, index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `0000000${kind}-0000-4000-8000-${hex}`;
}
const messageId = (i: number) => indexedId(1, i);
const linkId = (i: number, position: number) => indexedId(2 + position, i);

/** Small deterministic generator (mulberry32), so every run writes the same data. */
function createRandom(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPLE_MAIL =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 ' +
  '(KHTML, like Gecko) Mobile/15E148';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/124.0.0.0 Safari/537.36';
const OUTLOOK =
  'Mozilla/4.0 (compatible; ms-office; MSOffice 16) Microsoft Outlook 16.0.17328; Pro)';

// [share, kind, verdict, fetcher, user agent]: a mix like the replay corpus's.
const MIX: ReadonlyArray<[number, 'open' | 'click', 'human' | 'automated', string, string | null]> =
  [
    [0.2, 'open', 'human', 'human', APPLE_MAIL],
    [0.1, 'open', 'human', 'human', IPHONE],
    [0.05, 'open', 'human', 'human', OUTLOOK],
    [0.15, 'open', 'human', 'google_image_proxy', 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)'],
    [
      0.03,
      'open',
      'human',
      'yahoo_proxy',
      'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
    ],
    [0.22, 'open', 'automated', 'apple_mpp', 'Mozilla/5.0'],
    [0.04, 'open', 'automated', 'outlook_scanning', OUTLOOK],
    [0.01, 'open', 'automated', 'generic_bot', 'python-requests/2.31'],
    [0.09, 'click', 'human', 'human', CHROME],
    [0.06, 'click', 'automated', 'microsoft_safelinks', CHROME],
    [0.03, 'click', 'automated', 'link_scanner', 'Mozilla/5.0 (compatible; Barracuda)'],
    [0.02, 'click', 'automated', 'security_sandbox', CHROME],
  ];

function pickMix(r: number) {
  let acc = 0;
  for (const entry of MIX) {
    acc += entry[0];
    if (r < acc) return entry;
  }
  return MIX[0];
}

function buildEvent(
  ids: { accountId: string; campaignId: string },
  messages: number,
  random: () => number,
): EventRow {
  const [, kind, verdict, fetcher, userAgent] = pickMix(random());
  const m = Math.floor(random() * messages);
  // Most activity comes in the first hours after sending, then tails off over a week.
  const delayMs = Math.min(-Math.log(1 - random()) * 8 * 3_600_000, 7 * 86_400_000);
  const position = random() < 0.02 && verdict === 'automated' ? 2 : Math.floor(random() * 2);
  return {
    id: randomUUID(),
    ...ids,
    messageId: messageId(m),
    linkId: kind === 'click' ? linkId(m, position) : null,
    kind,
    method: 'GET',
    occurredAt: SENT_AT + 60_000 + Math.round(delayMs),
    clientIp: null,
    network: null,
    userAgent,
    headers: {},
    verdict,
    fetcher,
    reasons: verdict === 'human' ? [] : [`bench_${fetcher}`],
    confidence: 0.9,
    classifierVersion: 'bench',
    evidence: [],
  };
}

async function createDatabase(): Promise<{ url: string; name: string }> {
  const name = `verity_reporting_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

async function seedTenant(db: Database) {
  const accountId = randomUUID();
  const campaignId = randomUUID();
  await db.sql.query(
    `INSERT INTO "Account" (id, name, "timeZone", "suppressAutomated", "updatedAt")
     VALUES ($1, 'Bench', 'Europe/Berlin', false, now())`,
    [accountId],
  );
  await db.sql.query(
    `INSERT INTO "Campaign" (id, "accountId", name, "sentAt")
     VALUES ($1, $2, 'Bench campaign', $3)`,
    [campaignId, accountId, new Date(SENT_AT)],
  );
  await db.sql.query(
    `INSERT INTO "ApiKey" (id, "accountId", name, prefix, "keyHash")
     VALUES ($1, $2, 'bench', $3, $4)`,
    [randomUUID(), accountId, API_KEY.slice(0, 10), hashApiKey(API_KEY)],
  );
  return { accountId, campaignId };
}

async function seedMessages(
  db: Database,
  ids: { accountId: string; campaignId: string },
  count: number,
) {
  for (let start = 0; start < count; start += MESSAGE_BATCH) {
    const n = Math.min(MESSAGE_BATCH, count - start);
    const messageIds = Array.from({ length: n }, (_, k) => messageId(start + k));
    await db.sql.transaction(async (tx) => {
      // One in fifty bounces, as a typical list does.
      await tx.query(
        `INSERT INTO "Message" (id, "accountId", "campaignId", "recipientRef", "sentAt",
           "deliveredAt", "bouncedAt", "linkCount")
         SELECT id, $2, $3, 'bench-' || ($4 + ord), $5,
           CASE WHEN ($4 + ord) % 50 <> 0 THEN $5::timestamptz + interval '20 seconds' END,
           CASE WHEN ($4 + ord) % 50 = 0 THEN $5::timestamptz + interval '20 seconds' END, 2
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
        [messageIds, ids.accountId, ids.campaignId, start, new Date(SENT_AT)],
      );
      for (let position = 0; position < LINKS_PER_MESSAGE; position++) {
        await tx.query(
          `INSERT INTO "Link" (id, "accountId", "campaignId", "messageId", url, position, honeypot)
           SELECT ($1::uuid[])[ord], $3, $4, m, $5, $6, $7
           FROM unnest($2::uuid[]) WITH ORDINALITY AS t(m, ord)`,
          [
            messageIds.map((_, k) => linkId(start + k, position)),
            messageIds,
            ids.accountId,
            ids.campaignId,
            position === 2
              ? 'https://bench.example/hidden'
              : `https://bench.example/offer-${position}`,
            position,
            position === 2,
          ],
        );
      }
    });
  }
}

// Two writers, as two tracking processes would be: one builds its next batch while the other's
// statement runs.
const WRITERS = 2;

async function seedEvents(
  db: Database,
  ids: { accountId: string; campaignId: string },
  options: { events: number; messages: number },
) {
  const started = performance.now();
  let written = 0;
  let reported = 0;
  const write = async (writer: number) => {
    const random = createRandom(20261204 + writer);
    const share =
      Math.floor(options.events / WRITERS) + (writer < options.events % WRITERS ? 1 : 0);
    for (let done = 0; done < share; done += EVENT_BATCH) {
      const n = Math.min(EVENT_BATCH, share - done);
      const batch = Array.from({ length: n }, () => buildEvent(ids, options.messages, random));
      await writeBatch(db.sql, batch, []);
      written += n;
      if (written - reported >= 500_000) {
        reported = written;
        const rate = Math.round(written / ((performance.now() - started) / 1000));
        console.log(`  ${written} events (${rate}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => write(w)));
  return (performance.now() - started) / 1000;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timeRuns(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm caches and the query plans once, untimed
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples) };
}

function callStats(campaignId: string) {
  const request = new Request(`http://127.0.0.1:3400/api/v1/campaigns/${campaignId}/stats`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  return getStats(request, { params: Promise.resolve({ id: campaignId }) });
}

async function readStats(campaignId: string) {
  const response = await callStats(campaignId);
  if (response.status !== 200) throw new Error(`stats answered ${response.status}`);
  return (await response.json()) as {
    counting: string;
    figures: { uniqueClickers: number; totalOpens: number };
  };
}

/** Milliseconds from the change's start until the next stats answer satisfies `shows`. */
async function timeUntilVisible(
  change: () => Promise<void>,
  shows: (s: Awaited<ReturnType<typeof readStats>>) => boolean,
  campaignId: string,
) {
  const start = performance.now();
  await change();
  for (;;) {
    if (shows(await readStats(campaignId))) return performance.now() - start;
    if (performance.now() - start > 60_000) throw new Error('change not visible after 60 s');
  }
}

// Ground truth straight from the event rows, to show the rollups agree with them.
async function countFromEvents(db: Database, campaignId: string) {
  const { rows } = await db.sql.query<{ human_clickers: string; human_opens: string }>(
    `SELECT COUNT(DISTINCT e."messageId") FILTER (WHERE e.kind = 'click' AND e.verdict = 'human'
              AND m."bouncedAt" IS NULL) AS human_clickers,
            COUNT(*) FILTER (WHERE e.kind = 'open' AND e.verdict = 'human') AS human_opens
     FROM "Event" e JOIN "Message" m ON m.id = e."messageId" WHERE e."campaignId" = $1`,
    [campaignId],
  );
  return { humanClickers: Number(rows[0].human_clickers), humanOpens: Number(rows[0].human_opens) };
}

async function main(): Promise<void> {
  const options = readOptions();
  const created = await createDatabase();
  const db = await openDatabase({ url: created.url, poolSize: 10 });
  setDb(db);
  try {
    const ids = await seedTenant(db);
    console.log(`database ${created.name}: ${options.messages} messages, ${options.events} events`);
    let start = performance.now();
    await seedMessages(db, ids, options.messages);
    console.log(`messages and links: ${((performance.now() - start) / 1000).toFixed(1)} s`);
    const eventSeconds = await seedEvents(db, ids, options);
    console.log(
      `events: ${eventSeconds.toFixed(1)} s (${Math.round(options.events / eventSeconds)}/s)`,
    );
    await db.sql.query('VACUUM ANALYZE');

    const store = createSqlReportingStore(db.sql);
    const loadPage = () =>
      loadCampaignPage(store, ids.accountId, ids.campaignId, { granularity: 'hour' });
    const timings: Record<string, { p50: number; p95: number; max: number }> = {};
    for (const suppress of [false, true]) {
      await db.sql.query(`UPDATE "Account" SET "suppressAutomated" = $2 WHERE id = $1`, [
        ids.accountId,
        suppress,
      ]);
      timings[`page_${suppress ? 'on' : 'off'}`] = await timeRuns(options.runs, loadPage);
      timings[`api_${suppress ? 'on' : 'off'}`] = await timeRuns(options.runs, () =>
        readStats(ids.campaignId),
      );
    }
    for (const [name, t] of Object.entries(timings)) {
      console.log(
        `${name}: p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, ` +
          `max ${t.max.toFixed(1)} ms`,
      );
    }

    // The switch is on (people only). Flip it off: the next answer must count machines.
    const toggleMs = await timeUntilVisible(
      () =>
        db.sql
          .query(`UPDATE "Account" SET "suppressAutomated" = false WHERE id = $1`, [ids.accountId])
          .then(() => undefined),
      (s) => s.counting === 'all',
      ids.campaignId,
    );
    await db.sql.query(`UPDATE "Account" SET "suppressAutomated" = true WHERE id = $1`, [
      ids.accountId,
    ]);

    // Re-classify a slice: every human click of the first 1 % of messages becomes a scanner's.
    const before = await readStats(ids.campaignId);
    const slice = await db.sql.query<{ id: string }>(
      `SELECT id FROM "Event" WHERE "accountId" = $1 AND "campaignId" = $2 AND kind = 'click'
         AND verdict = 'human' AND "messageId" <= $3::uuid`,
      [ids.accountId, ids.campaignId, messageId(Math.floor(options.messages / 100))],
    );
    const revisions = slice.rows.map((r) => ({
      id: r.id,
      accountId: ids.accountId,
      verdict: 'automated' as const,
      fetcher: 'link_scanner',
      reasons: ['bench_reclassified'],
      confidence: 0.95,
      classifierVersion: 'bench-2',
      evidence: [],
    }));
    const reclassifyMs = await timeUntilVisible(
      () => writeBatch(db.sql, [], revisions),
      (s) => s.figures.uniqueClickers < before.figures.uniqueClickers,
      ids.campaignId,
    );
    const after = await readStats(ids.campaignId);
    console.log(`switch flip visible after ${toggleMs.toFixed(1)} ms`);
    console.log(
      `re-classified ${revisions.length} clicks; visible after ${reclassifyMs.toFixed(1)} ms ` +
        `(unique human clickers ${before.figures.uniqueClickers} -> ` +
        `${after.figures.uniqueClickers})`,
    );

    const truth = await countFromEvents(db, ids.campaignId);
    const agrees =
      truth.humanClickers === after.figures.uniqueClickers &&
      truth.humanOpens === after.figures.totalOpens;
    console.log(
      `rollups agree with the event rows: ${agrees ? 'yes' : 'NO'} ` +
        `(clickers ${truth.humanClickers}, human opens ${truth.humanOpens})`,
    );

    const result = {
      events: options.events,
      messages: options.messages,
      page_p95_ms: round(Math.max(timings.page_on.p95, timings.page_off.p95)),
      api_p95_ms: round(Math.max(timings.api_on.p95, timings.api_off.p95)),
      toggle_visible_ms: round(toggleMs),
      reclassify_visible_ms: round(reclassifyMs),
      rollups_agree: agrees,
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
    if (!agrees) process.exitCode = 1;
  } finally {
    setDb(undefined);
    await db.close();
    if (!options.keep) await dropDatabase(created.name);
    else console.log(`kept database ${created.name}`);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
