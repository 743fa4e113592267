// Shared by the event store's tests: a database client that can refuse or hang like a vanished
// server, a plain `prepare` that turns each hit into a row and adds the revisions a test plans
// for it (classification is the tracking path's business), and a maker of stores with
// throwaway spool folders.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqlClient, SqlExecutor } from '@/lib/db';
import type { Hit, Revision } from '@/lib/events/event-row';
import { EventStore, type LostReason, type PrepareHits } from '@/lib/events/event-store';
import { makeEventRow, type Fixture } from '../tracking/fixtures';

export interface FaultySql {
  client: SqlClient;
  /** Statements that inserted events. */
  inserts: number;
  mode: 'up' | 'refuse' | 'hang';
}

/** Wraps the real client; 'refuse' fails like a closed port, 'hang' never answers. */
export function faultySql(real: SqlClient): FaultySql {
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

export interface Plan {
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
export function planPrepare(sql: FaultySql, fixture: Fixture, plan: Plan): PrepareHits {
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

export function makeHit(fixture: Fixture): Hit {
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

export async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met within 5 s');
}

export function revisionOf(hit: Hit, fetcher: string): Revision {
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

export function newPlan(): Plan {
  return {
    revisions: new Map(),
    unknown: new Set(),
    orphans: new Set(),
    goneOnceForgotten: false,
    poison: new Set(),
    prepared: 0,
    committed: 0,
    discarded: 0,
  };
}

export interface StoreOptions {
  dir?: string;
  writeAhead?: boolean;
  plan?: Plan;
  lost?: Array<[string, LostReason]>;
  busy?: () => boolean;
  afterLoad?: () => Promise<void>;
  maxLoadDelayMs?: number;
  loadEveryMs?: number;
}

/** Makes stores over the fixture's account; removeDirs() deletes their spool folders. */
export function storeMaker(fixture: () => Fixture) {
  const dirs: string[] = [];
  return {
    newStore(sql: FaultySql, options: StoreOptions = {}) {
      const spoolDir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'verity-spool-'));
      dirs.push(spoolDir);
      return new EventStore({
        getSql: async () => sql.client,
        prepare: planPrepare(sql, fixture(), options.plan ?? newPlan()),
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
    },
    removeDirs() {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The stored fetcher of an event (none when it is not stored). */
export async function fetcherOf(sql: SqlExecutor, id: string): Promise<string[]> {
  const { rows } = await sql.query<{ fetcher: string }>(
    'SELECT fetcher FROM "Event" WHERE id = $1',
    [id],
  );
  return rows.map((row) => row.fetcher);
}
