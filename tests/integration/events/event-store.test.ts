// The event store on both databases: group commit, revisions, a database outage simulated by
// a client that refuses (or never answers) like a vanished server, the spool loading exactly
// once, and a row the database rejects. Classification is the tracking path's business; here
// a plain `prepare` turns each hit into a row and adds the revisions a test plans for it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient, SqlExecutor } from '@/lib/db';
import type { Hit, Revision } from '@/lib/events/event-row';
import { EventStore, type LostReason, type PrepareHits } from '@/lib/events/event-store';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { countEvents, createFixture, makeEventRow, type Fixture } from '../tracking/fixtures';

interface FaultySql {
  client: SqlClient;
  /** Statements that inserted events. */
  inserts: number;
  mode: 'up' | 'refuse' | 'hang';
}

/** Wraps the real client; 'refuse' fails like a closed port, 'hang' never answers. */
function faultySql(real: SqlClient): FaultySql {
  const state: FaultySql = { client: real, inserts: 0, mode: 'up' };
  const gate = async () => {
    if (state.mode === 'refuse')
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    if (state.mode === 'hang') await new Promise(() => undefined);
  };
  state.client = {
    ...real,
    async query<T>(text: string, params?: unknown[]) {
      await gate();
      if (text.includes('INSERT INTO "Event"')) state.inserts += 1;
      return real.query<T>(text, params);
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>) {
      await gate();
      return real.transaction(fn);
    },
  };
  return state;
}

interface Plan {
  /** Revisions written with a hit (by hit id). */
  revisions: Map<string, Revision[]>;
  /** Hits whose message is "gone". */
  unknown: Set<string>;
  /** Hits given a message id the database does not have (the insert is rejected). */
  orphans: Set<string>;
  /** Orphans found gone (unplaceable) once their cached state is discarded. */
  goneOnceForgotten: boolean;
  /** Hits whose classification throws (a bug, or a hit damaged on disk). */
  poison: Set<string>;
  prepared: number;
  committed: number;
  discarded: number;
}

/** Rows from hits as a classifier would make them; reads the database first like a lookup. */
function planPrepare(sql: FaultySql, fixture: Fixture, plan: Plan): PrepareHits {
  return async (hits) => {
    await sql.client.query('SELECT 1');
    plan.prepared += 1;
    if (hits.some((hit) => plan.poison.has(hit.id))) throw new TypeError('cannot classify');
    const placeable = hits.filter((hit) => !plan.unknown.has(hit.id));
    return {
      events: placeable.map((hit) =>
        makeEventRow(fixture, {
          id: hit.id,
          occurredAt: hit.occurredAt,
          ...(plan.orphans.has(hit.id)
            ? { messageId: '00000000-0000-4000-8000-000000000000' }
            : {}),
        }),
      ),
      revisions: hits.flatMap((hit) => plan.revisions.get(hit.id) ?? []),
      unplaceable: new Set(hits.filter((hit) => plan.unknown.has(hit.id)).map((hit) => hit.id)),
      commit: () => (plan.committed += 1),
      discard: (why) => {
        plan.discarded += 1;
        if (!plan.goneOnceForgotten || why !== 'refused') return;
        for (const id of plan.orphans) plan.unknown.add(id);
      },
    };
  };
}

function makeHit(fixture: Fixture): Hit {
  return {
    id: randomUUID(),
    kind: 'open',
    method: 'GET',
    occurredAt: Date.parse('2026-12-01T10:00:00Z'),
    accountId: fixture.accountId,
    messageId: fixture.messages[0].id,
    linkId: null,
    clientIp: '198.51.100.20',
    userAgent: 'Mozilla/5.0',
    headers: { accept: 'image/*' },
  };
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met within 5 s');
}

function revisionOf(hit: Hit, fetcher: string): Revision {
  return {
    id: hit.id,
    accountId: hit.accountId,
    verdict: 'automated',
    fetcher,
    reasons: ['click_burst', 'datacenter_network'],
    confidence: 0.97,
    classifierVersion: 'test-2',
    evidence: [],
  };
}

describe(`event store (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let fixture: Fixture;
  const dirs: string[] = [];

  const newPlan = (): Plan => ({
    revisions: new Map(),
    unknown: new Set(),
    orphans: new Set(),
    goneOnceForgotten: false,
    poison: new Set(),
    prepared: 0,
    committed: 0,
    discarded: 0,
  });

  const newStore = (
    sql: FaultySql,
    options: {
      dir?: string;
      writeAhead?: boolean;
      plan?: Plan;
      lost?: Array<[string, LostReason]>;
      busy?: () => boolean;
      afterLoad?: () => Promise<void>;
      maxLoadDelayMs?: number;
      loadEveryMs?: number;
    } = {},
  ) => {
    const spoolDir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    dirs.push(spoolDir);
    return new EventStore({
      getSql: async () => sql.client,
      prepare: planPrepare(sql, fixture, options.plan ?? newPlan()),
      spoolDir,
      dbTimeoutMs: 200,
      retryMs: 60_000,
      loadEveryMs: options.loadEveryMs ?? 60_000,
      isBusy: options.busy,
      maxLoadDelayMs: options.maxLoadDelayMs,
      writeAhead: options.writeAhead ?? false,
      onLost: (hit, reason) => options.lost?.push([hit.id, reason]),
      afterLoad: options.afterLoad,
    });
  };

  const fetcherOf = async (id: string) => {
    const { rows } = await db.sql.query<{ fetcher: string }>(
      'SELECT fetcher FROM "Event" WHERE id = $1',
      [id],
    );
    return rows.map((row) => row.fetcher);
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    fixture = await createFixture(db.sql, 'x'.repeat(32));
  });

  afterAll(async () => {
    await db.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('commits concurrent requests together in one statement', async () => {
    const sql = faultySql(db.sql);
    const plan = newPlan();
    const store = newStore(sql, { plan });
    const hits = Array.from({ length: 50 }, () => makeHit(fixture));

    const outcomes = await Promise.all(hits.map((hit) => store.record(hit)));

    expect(new Set(outcomes)).toEqual(new Set(['committed']));
    expect(sql.inserts).toBe(1);
    expect(plan).toMatchObject({ prepared: 1, committed: 1, discarded: 0 });
    expect(
      await countEvents(
        db.sql,
        hits.map((h) => h.id),
      ),
    ).toBe(50);
    await store.close();
  });

  it('applies revisions of earlier events', async () => {
    const plan = newPlan();
    const store = newStore(faultySql(db.sql), { plan });
    const first = makeHit(fixture);
    const later = makeHit(fixture);
    plan.revisions.set(later.id, [revisionOf(first, 'link_scanner')]);

    expect(await store.record(first)).toBe('committed');
    expect(await store.record(later)).toBe('committed');

    const { rows } = await db.sql.query(
      `SELECT verdict::text, fetcher, reasons, confidence, "classifierVersion"
         FROM "Event" WHERE id = $1`,
      [first.id],
    );
    expect(rows).toEqual([
      {
        verdict: 'automated',
        fetcher: 'link_scanner',
        reasons: ['click_burst', 'datacenter_network'],
        confidence: 0.97,
        classifierVersion: 'test-2',
      },
    ]);
    await store.close();
  });

  it('folds a revision of an event in the same batch into its row', async () => {
    const plan = newPlan();
    const store = newStore(faultySql(db.sql), { plan });
    const first = makeHit(fixture);
    const later = makeHit(fixture);
    plan.revisions.set(later.id, [revisionOf(first, 'link_scanner')]);

    const outcomes = await Promise.all([store.record(first), store.record(later)]);

    expect(outcomes).toEqual(['committed', 'committed']);
    expect(plan.prepared).toBe(1);
    expect(await fetcherOf(first.id)).toEqual(['link_scanner']);
    await store.close();
  });

  it('spools while the database refuses, then loads every event exactly once', async () => {
    const sql = faultySql(db.sql);
    const plan = newPlan();
    const store = newStore(sql, { plan });
    const first = makeHit(fixture);
    await store.record(first);

    sql.mode = 'refuse';
    const during = Array.from({ length: 20 }, () => makeHit(fixture));
    plan.revisions.set(during[19].id, [revisionOf(first, 'apple_mpp')]);
    const outcomes = await Promise.all(during.map((hit) => store.record(hit)));

    expect(new Set(outcomes)).toEqual(new Set(['spooled']));
    expect(store.status()).toMatchObject({ mode: 'spool', spoolDepth: 20 });
    expect(
      await countEvents(
        db.sql,
        during.map((h) => h.id),
      ),
    ).toBe(0);

    sql.mode = 'up';
    await store.flush();

    expect(store.status()).toMatchObject({
      mode: 'database',
      spoolDepth: 0,
      oldestSpooledAt: null,
    });
    expect(
      await countEvents(
        db.sql,
        during.map((h) => h.id),
      ),
    ).toBe(20);
    expect(await fetcherOf(first.id)).toEqual(['apple_mpp']);
    // Loading again (a crash before the file was removed) adds nothing.
    expect(sql.inserts).toBe(2);
    await store.close();
  });

  it('spools a batch when the database does not answer in time; commits it later', async () => {
    const sql = faultySql(db.sql);
    const plan = newPlan();
    const store = newStore(sql, { plan });
    sql.mode = 'hang';
    const hit = makeHit(fixture);

    expect(await store.record(hit)).toBe('spooled');
    expect(plan).toMatchObject({ committed: 0 });

    sql.mode = 'up';
    await store.flush();
    expect(await countEvents(db.sql, [hit.id])).toBe(1);
    expect(plan).toMatchObject({ committed: 1 });
    await store.close();
  });

  it('loads hits left by an earlier process, twice over, without duplicates', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    const hits = [makeHit(fixture), makeHit(fixture)];
    const line = JSON.stringify({ at: Date.now(), hits }) + '\n';
    // A torn last line: a crash during append, never acknowledged.
    writeFileSync(path.join(dir, 'spool-000000000001.jsonl'), line + '{"at": 1, "hi');
    writeFileSync(path.join(dir, 'spool-000000000002.jsonl'), line);

    const store = newStore(faultySql(db.sql), { dir });
    expect(store.status()).toMatchObject({ mode: 'spool', spoolDepth: 4 });
    await store.flush();

    expect(
      await countEvents(
        db.sql,
        hits.map((h) => h.id),
      ),
    ).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    expect(store.status()).toMatchObject({ mode: 'database', spoolDepth: 0 });
    await store.close();
  });

  it('loads spool entries of classified events written by an earlier release', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    const rows = [makeEventRow(fixture), makeEventRow(fixture)];
    const line = JSON.stringify({ at: Date.now(), events: rows, revisions: [] }) + '\n';
    writeFileSync(path.join(dir, 'spool-000000000001.jsonl'), line + line);

    const store = newStore(faultySql(db.sql), { dir });
    expect(store.status()).toMatchObject({ mode: 'spool', spoolDepth: 4 });
    await store.flush();

    expect(
      await countEvents(
        db.sql,
        rows.map((r) => r.id),
      ),
    ).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    await store.close();
  });

  it('write-ahead: acknowledges after the spool fsync, loads it in order later', async () => {
    const sql = faultySql(db.sql);
    const plan = newPlan();
    const store = newStore(sql, { writeAhead: true, plan });
    const hits = Array.from({ length: 10 }, () => makeHit(fixture));
    const during = makeHit(fixture);
    plan.revisions.set(during.id, [revisionOf(hits[0], 'link_scanner')]);

    sql.mode = 'refuse';
    const outcomes = await Promise.all(hits.map((hit) => store.record(hit)));
    outcomes.push(await store.record(during));
    await store.flush();

    expect(new Set(outcomes)).toEqual(new Set(['spooled']));
    expect(store.status()).toMatchObject({ spoolDepth: 11 });
    expect(
      await countEvents(
        db.sql,
        [...hits, during].map((h) => h.id),
      ),
    ).toBe(0);

    sql.mode = 'up';
    await store.flush();
    expect(store.status()).toMatchObject({ mode: 'database', spoolDepth: 0 });
    expect(
      await countEvents(
        db.sql,
        [...hits, during].map((h) => h.id),
      ),
    ).toBe(11);
    expect(await fetcherOf(hits[0].id)).toEqual(['link_scanner']);
    await store.close();
  });

  it('write-ahead: never touches the database before answering', async () => {
    const sql = faultySql(db.sql);
    const plan = newPlan();
    const store = newStore(sql, { writeAhead: true, plan });
    sql.mode = 'hang';

    const outcomes = await Promise.all([
      store.record(makeHit(fixture)),
      store.record(makeHit(fixture)),
    ]);

    expect(outcomes).toEqual(['spooled', 'spooled']);
    expect(plan.prepared).toBe(0);
    sql.mode = 'up';
    await store.close();
  });

  it('write-ahead: loading waits while busy answering, up to the longest delay', async () => {
    let busy = true;
    const store = newStore(faultySql(db.sql), {
      writeAhead: true,
      busy: () => busy,
      maxLoadDelayMs: 60_000,
      loadEveryMs: 20,
    });
    const hits = Array.from({ length: 5 }, () => makeHit(fixture));
    await Promise.all(hits.map((hit) => store.record(hit)));
    const ids = hits.map((h) => h.id);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await countEvents(db.sql, ids)).toBe(0);
    expect(store.status().spoolDepth).toBe(5);

    busy = false;
    await waitFor(async () => (await countEvents(db.sql, ids)) === 5);
    await waitFor(async () => store.status().spoolDepth === 0);
    await store.close();

    // Busy for good: the spool is loaded anyway once its oldest hit waited the longest delay.
    const patient = newStore(faultySql(db.sql), {
      writeAhead: true,
      busy: () => true,
      maxLoadDelayMs: 100,
      loadEveryMs: 20,
    });
    const late = makeHit(fixture);
    await patient.record(late);
    await waitFor(async () => (await countEvents(db.sql, [late.id])) === 1);
    await patient.close();
  });

  it('fails only the request whose row the database rejects', async () => {
    const plan = newPlan();
    const store = newStore(faultySql(db.sql), { plan });
    const good = makeHit(fixture);
    const orphan = makeHit(fixture);
    plan.orphans.add(orphan.id);

    const outcomes = await Promise.all([store.record(good), store.record(orphan)]);

    expect(outcomes).toEqual(['committed', 'failed']);
    expect(await countEvents(db.sql, [good.id, orphan.id])).toBe(1);
    expect(store.status()).toMatchObject({ committed: 1, failed: 1 });
    await store.close();
  });

  it('unknown for a hit whose message is gone; spooled ones reported as lost', async () => {
    const plan = newPlan();
    const lost: Array<[string, LostReason]> = [];
    const direct = newStore(faultySql(db.sql), { plan, lost });
    const gone = makeHit(fixture);
    plan.unknown.add(gone.id);
    expect(await direct.record(gone)).toBe('unknown');
    expect(lost).toEqual([]);
    await direct.close();

    const writeAhead = newStore(faultySql(db.sql), { plan, lost, writeAhead: true });
    const goneLater = makeHit(fixture);
    const orphan = makeHit(fixture);
    plan.unknown.add(goneLater.id);
    plan.orphans.add(orphan.id);
    const kept = makeHit(fixture);
    const outcomes = await Promise.all([goneLater, orphan, kept].map((h) => writeAhead.record(h)));
    expect(outcomes).toEqual(['spooled', 'spooled', 'spooled']);
    await writeAhead.flush();

    expect(lost).toEqual([
      [goneLater.id, 'unknown_target'],
      [orphan.id, 'rejected'],
    ]);
    expect(await countEvents(db.sql, [goneLater.id, orphan.id, kept.id])).toBe(1);
    expect(writeAhead.status()).toMatchObject({ spoolDepth: 0, spooled: 3, failed: 1 });
    await writeAhead.close();
  });

  it('retries a refused batch uncached: a message deleted meanwhile is unknown', async () => {
    const plan = newPlan();
    plan.goneOnceForgotten = true;
    const lost: Array<[string, LostReason]> = [];
    const store = newStore(faultySql(db.sql), { plan, lost, writeAhead: true });
    const good = makeHit(fixture);
    const deleted = makeHit(fixture);
    plan.orphans.add(deleted.id);

    await Promise.all([store.record(good), store.record(deleted)]);
    await store.flush();

    expect(lost).toEqual([[deleted.id, 'unknown_target']]);
    expect(await countEvents(db.sql, [good.id, deleted.id])).toBe(1);
    // One refused attempt, one retry of the whole batch; not one write per hit.
    expect(plan).toMatchObject({ prepared: 2, discarded: 1, committed: 1 });
    await store.close();
  });

  it('a hit that cannot be classified is rejected alone; the rest of its batch loads', async () => {
    const plan = newPlan();
    const lost: Array<[string, LostReason]> = [];
    const store = newStore(faultySql(db.sql), { plan, lost, writeAhead: true });
    const hits = Array.from({ length: 4 }, () => makeHit(fixture));
    plan.poison.add(hits[1].id);

    await Promise.all(hits.map((hit) => store.record(hit)));
    await store.flush();

    expect(lost).toEqual([[hits[1].id, 'rejected']]);
    expect(
      await countEvents(
        db.sql,
        hits.map((h) => h.id),
      ),
    ).toBe(3);
    expect(store.status()).toMatchObject({ mode: 'database', spoolDepth: 0, failed: 1 });
    await store.close();
  });

  it('stores what loading counted before deleting the spool file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    const seen: string[][] = [];
    const store = newStore(faultySql(db.sql), {
      dir,
      writeAhead: true,
      afterLoad: async () => {
        seen.push(readdirSync(dir));
      },
    });
    await store.record(makeHit(fixture));
    await store.flush();

    expect(seen).toEqual([['spool-000000000001.jsonl']]);
    expect(readdirSync(dir)).toEqual([]);
    await store.close();
  });

  it('write-ahead: with the spool unwritable, acknowledges after the commit', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    const store = newStore(faultySql(db.sql), { dir, writeAhead: true });
    rmSync(dir, { recursive: true });
    const hit = makeHit(fixture);

    expect(await store.record(hit)).toBe('committed');
    expect(await countEvents(db.sql, [hit.id])).toBe(1);
    expect(store.status()).toMatchObject({ spoolWritable: false, committed: 1, failed: 0 });
    await store.close();
  });

  it('reports failure when neither the database nor the spool can take an event', async () => {
    const sql = faultySql(db.sql);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    const store = newStore(sql, { dir });
    rmSync(dir, { recursive: true });
    sql.mode = 'refuse';

    expect(await store.record(makeHit(fixture))).toBe('failed');
    expect(store.status().failed).toBe(1);
    sql.mode = 'up';
    await store.close();
  });
});
