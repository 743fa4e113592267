// Scale benchmark (issue #4 §5): one campaign with many messages and events in a fresh
// PostgreSQL database, then the campaign page's data loading and the API stats call timed with
// the suppression switch on and off, and how long a flipped switch and a re-classified slice
// take to show in the next stats answer.
//   npm run -s bench:scale -- [--events 10000000] [--messages N] [--runs 40] [--keep]
// Events go in through the event store's batch write (lib/events writeBatch), the statement
// the tracking path commits with; messages and links go in as multi-row INSERTs of the rows
// lib/instrument writes (its per-message registration would take hours at this size).
import { randomUUID } from 'node:crypto';
import { GET as getStats } from '../app/api/v1/campaigns/[id]/stats/route';
import { openDatabase, setDb, type Database } from '../lib/db';
import { loadCampaignPage } from '../lib/reporting/service';
import { createSqlReportingStore } from '../lib/reporting/store';
import { writeBatch } from '../lib/events/event-sql';
import { messageId, seedEvents, seedMessages, seedTenant } from './lib/bench-scale-data';
import { createScratchDatabase } from './lib/scratch-database';

const SERVER_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const API_KEY = `vk_bench_${randomUUID().replaceAll('-', '')}`;

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
  const created = await createScratchDatabase(SERVER_URL, 'verity_reporting_bench');
  const name = new URL(created.url).pathname.slice(1);
  const db = await openDatabase({ url: created.url, poolSize: 10 });
  setDb(db);
  try {
    const ids = await seedTenant(db, API_KEY);
    console.log(`database ${name}: ${options.messages} messages, ${options.events} events`);
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
    if (!options.keep) await created.drop();
    else console.log(`kept database ${name}`);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
