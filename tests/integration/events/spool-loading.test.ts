// The event store's spool on both databases: acknowledging after the fsync (write-ahead),
// loading in the background while not busy, files left by an earlier process or release, and
// what happens when the spool itself cannot be written.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { countEvents, createFixture, makeEventRow, type Fixture } from '../tracking/fixtures';
import {
  faultySql,
  fetcherOf as storedFetcher,
  makeHit,
  newPlan,
  revisionOf,
  storeMaker,
  waitFor,
} from './store-harness';

describe(`event store spool (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let fixture: Fixture;
  const { newStore, removeDirs } = storeMaker(() => fixture);
  const fetcherOf = (id: string) => storedFetcher(db.sql, id);

  beforeAll(async () => {
    db = await openTestDatabase();
    fixture = await createFixture(db.sql, 'x'.repeat(32));
  });

  afterAll(async () => {
    await db.close();
    removeDirs();
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
});
