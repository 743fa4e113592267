// The event store on both databases, acknowledging after the commit: group commit, revisions,
// a database outage simulated by a client that refuses (or never answers) like a vanished
// server, and the ways a batch can fail: a row the database rejects, a message deleted since
// it was looked up, a hit that cannot be classified, nowhere to write.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LostReason } from '@/lib/events/event-store';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { countEvents, createFixture, type Fixture } from '../tracking/fixtures';
import {
  faultySql,
  fetcherOf as storedFetcher,
  makeHit,
  newPlan,
  revisionOf,
  storeMaker,
} from './store-harness';

describe(`event store (${TEST_BACKEND})`, () => {
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
