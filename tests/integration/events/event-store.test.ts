// The event store on both databases: group commit, revisions, a database outage simulated by
// a client that refuses (or never answers) like a vanished server, the spool loading exactly
// once, and a row the database rejects.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient, SqlExecutor } from '@/lib/db';
import { EventStore } from '@/lib/events/event-store';
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

describe(`event store (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let fixture: Fixture;
  const dirs: string[] = [];

  const newStore = (sql: FaultySql, dir?: string, writeAhead = false) => {
    const spoolDir = dir ?? mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    dirs.push(spoolDir);
    return new EventStore({
      getSql: async () => sql.client,
      spoolDir,
      dbTimeoutMs: 200,
      retryMs: 60_000,
      writeAhead,
    });
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
    const store = newStore(sql);
    const rows = Array.from({ length: 50 }, () => makeEventRow(fixture));

    const outcomes = await Promise.all(rows.map((row) => store.record([row])));

    expect(new Set(outcomes)).toEqual(new Set(['committed']));
    expect(sql.inserts).toBe(1);
    expect(
      await countEvents(
        db.sql,
        rows.map((r) => r.id),
      ),
    ).toBe(50);
    await store.close();
  });

  it('applies revisions of earlier events', async () => {
    const store = newStore(faultySql(db.sql));
    const row = makeEventRow(fixture);
    await store.record([row]);

    const revision = {
      id: row.id,
      accountId: row.accountId,
      verdict: 'automated' as const,
      fetcher: 'link_scanner',
      reasons: ['click_burst', 'datacenter_network'],
      confidence: 0.97,
      classifierVersion: 'test-2',
      evidence: [],
    };
    expect(await store.record([], [revision])).toBe('committed');

    const { rows } = await db.sql.query(
      `SELECT verdict::text, fetcher, reasons, confidence, "classifierVersion"
         FROM "Event" WHERE id = $1`,
      [row.id],
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
    const store = newStore(faultySql(db.sql));
    const row = makeEventRow(fixture);
    const later = makeEventRow(fixture);
    const revision = { ...row, verdict: 'automated' as const, fetcher: 'link_scanner' };

    const outcomes = await Promise.all([store.record([row]), store.record([later], [revision])]);

    expect(outcomes).toEqual(['committed', 'committed']);
    const { rows } = await db.sql.query('SELECT fetcher FROM "Event" WHERE id = $1', [row.id]);
    expect(rows).toEqual([{ fetcher: 'link_scanner' }]);
    await store.close();
  });

  it('spools while the database refuses, then loads every event exactly once', async () => {
    const sql = faultySql(db.sql);
    const store = newStore(sql);
    const first = makeEventRow(fixture);
    await store.record([first]);

    sql.mode = 'refuse';
    const during = Array.from({ length: 20 }, () => makeEventRow(fixture));
    const outcomes = await Promise.all(during.map((row) => store.record([row])));
    const revision = {
      ...first,
      verdict: 'automated' as const,
      fetcher: 'apple_mpp',
      reasons: ['x'],
    };
    expect(await store.record([], [revision])).toBe('spooled');

    expect(new Set(outcomes)).toEqual(new Set(['spooled']));
    expect(store.status()).toMatchObject({ mode: 'spool', spoolDepth: 20 });
    expect(
      await countEvents(
        db.sql,
        during.map((r) => r.id),
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
        during.map((r) => r.id),
      ),
    ).toBe(20);
    const { rows } = await db.sql.query('SELECT fetcher FROM "Event" WHERE id = $1', [first.id]);
    expect(rows).toEqual([{ fetcher: 'apple_mpp' }]);
    await store.close();
  });

  it('spools a batch when the database does not answer in time', async () => {
    const sql = faultySql(db.sql);
    const store = newStore(sql);
    sql.mode = 'hang';
    const row = makeEventRow(fixture);

    expect(await store.record([row])).toBe('spooled');

    sql.mode = 'up';
    await store.flush();
    expect(await countEvents(db.sql, [row.id])).toBe(1);
    await store.close();
  });

  it('loads a spool left by an earlier process, twice over, without duplicates', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    const rows = [makeEventRow(fixture), makeEventRow(fixture)];
    const line = JSON.stringify({ at: Date.now(), events: rows, revisions: [] }) + '\n';
    // A torn last line: a crash during append, never acknowledged.
    writeFileSync(path.join(dir, 'spool-000000000001.jsonl'), line + line + '{"at": 1, "ev');

    const store = newStore(faultySql(db.sql), dir);
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
    const store = newStore(sql, undefined, true);
    const rows = Array.from({ length: 10 }, () => makeEventRow(fixture));
    const revision = { ...rows[0], verdict: 'automated' as const, fetcher: 'link_scanner' };

    sql.mode = 'refuse';
    const outcomes = await Promise.all(rows.map((row) => store.record([row])));
    const during = makeEventRow(fixture);
    outcomes.push(await store.record([during], [revision]));
    await store.flush();

    expect(new Set(outcomes)).toEqual(new Set(['spooled']));
    expect(store.status()).toMatchObject({ mode: 'spool', spoolDepth: 11 });
    expect(
      await countEvents(
        db.sql,
        [...rows, during].map((r) => r.id),
      ),
    ).toBe(0);

    sql.mode = 'up';
    await store.flush();
    expect(store.status()).toMatchObject({ mode: 'database', spoolDepth: 0 });
    expect(
      await countEvents(
        db.sql,
        [...rows, during].map((r) => r.id),
      ),
    ).toBe(11);
    const { rows: stored } = await db.sql.query('SELECT fetcher FROM "Event" WHERE id = $1', [
      rows[0].id,
    ]);
    expect(stored).toEqual([{ fetcher: 'link_scanner' }]);
    await store.close();
  });

  it('fails only the request whose row the database rejects', async () => {
    const store = newStore(faultySql(db.sql));
    const good = makeEventRow(fixture);
    const orphan = makeEventRow(fixture, { messageId: '00000000-0000-4000-8000-000000000000' });

    const outcomes = await Promise.all([store.record([good]), store.record([orphan])]);

    expect(outcomes).toEqual(['committed', 'failed']);
    expect(await countEvents(db.sql, [good.id, orphan.id])).toBe(1);
    await store.close();
  });

  it('reports failure when neither the database nor the spool can take an event', async () => {
    const sql = faultySql(db.sql);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
    const store = newStore(sql, dir);
    rmSync(dir, { recursive: true });
    sql.mode = 'refuse';

    expect(await store.record([makeEventRow(fixture)])).toBe('failed');
    expect(store.status().failed).toBe(1);
    sql.mode = 'up';
    await store.close();
  });
});
