// Database outage and crash, against the PostgreSQL server only: the outage is a TCP proxy
// between the product and PostgreSQL that the test stops and starts (the shared server is never
// touched), and the crash is kill -9 of the product's own process. The embedded database runs
// inside the product's process, so it cannot go away while the product keeps running; the
// spool logic behind both tests also runs on it in tests/integration/events.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/lib/db/migrate';
import { openDatabase, type Database } from '@/lib/db';
import { createPostgresDatabase, TEST_BACKEND } from '../../helpers/db';
import { createFixture, type Fixture } from './fixtures';
import { httpRequest } from './http';
import { createTcpProxy, spawnTracker, type ServerProcess, type TcpProxy } from './processes';
import { TEST_SECRET } from './setup';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/131.0.0.0 Safari/537.36';
const PROXY_PORT = 3230;
const SERVER_PORT = 3231;

describe.runIf(TEST_BACKEND === 'postgres')('tracking under outage and crash (postgres)', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Database;
  let fixture: Fixture;
  let proxy: TcpProxy;
  let dataDir: string;
  let server: ServerProcess | null = null;

  const serverEnv = () => {
    const url = new URL(database.url);
    url.port = String(PROXY_PORT);
    return {
      DATABASE_URL: url.toString(),
      VERITY_DATA_DIR: dataDir,
      VERITY_TOKEN_SECRET: TEST_SECRET,
      NEXTAUTH_SECRET: 'auth-test-secret-0123456789abcdef0123',
      VERITY_ACK_HEADER: '1',
      VERITY_DB_TIMEOUT_MS: '1000',
      // Every test request comes from 127.0.0.1; the address budget is tested elsewhere.
      VERITY_ADDRESS_RATE: '0',
      VERITY_ADDRESS_BURST: '0',
    };
  };

  /** Sends one tracking request; returns the acknowledged event id, if any. */
  const hit = async (i: number): Promise<{ status: number; eventId?: string }> => {
    const message = fixture.messages[i % fixture.messages.length];
    const open = i % 3 !== 0;
    const target = open ? `/o/${message.openToken}` : `/c/${message.links[i % 2].clickToken}`;
    const answer = await httpRequest(SERVER_PORT, target, { headers: { 'user-agent': CHROME } });
    const eventId = answer.headers['x-verity-event'];
    return { status: answer.status, eventId: typeof eventId === 'string' ? eventId : undefined };
  };

  const health = async () =>
    JSON.parse((await httpRequest(SERVER_PORT, '/api/health')).body.toString());

  const waitForEmptySpool = async () => {
    for (let i = 0; i < 300; i += 1) {
      const report = await health();
      if (report.spool.depth === 0 && report.spool.mode === 'database') return report;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('spool did not drain');
  };

  const storedCounts = async (ids: string[]) => {
    const { rows } = await db.sql.query<{ id: string; n: number }>(
      'SELECT id, count(*)::int AS n FROM "Event" WHERE id = ANY($1::uuid[]) GROUP BY id',
      [ids],
    );
    return rows;
  };

  beforeAll(async () => {
    database = await createPostgresDatabase();
    db = await openDatabase({ url: database.url, poolSize: 2 });
    await applyMigrations(db.sql);
    fixture = await createFixture(db.sql, TEST_SECRET, { messages: 12 });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'verity-tracking-resilience-'));
    proxy = createTcpProxy(PROXY_PORT, { host: '127.0.0.1', port: 5432 });
    await proxy.start();
  });

  afterAll(async () => {
    await server?.stop();
    await proxy.stop();
    await db.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['spool', 'database'])(
    'keeps answering through an outage and loads the spool exactly once (acknowledged after %s)',
    async (ackAfter) => {
      server = await spawnTracker(SERVER_PORT, { ...serverEnv(), VERITY_ACK_AFTER: ackAfter });
      const acked: string[] = [];
      // Warm the link cache: a click's destination must be known to answer without the database.
      for (let i = 0; i < 24; i += 1) {
        const result = await hit(i);
        expect(result.eventId).toBeDefined();
        acked.push(result.eventId!);
      }
      await waitForEmptySpool();

      await proxy.stop();
      const during = await Promise.all(Array.from({ length: 30 }, (_, i) => hit(i)));
      expect(during.map((r) => r.status).sort()).toEqual([
        ...Array(20).fill(200),
        ...Array(10).fill(302),
      ]);
      expect(during.every((r) => r.eventId)).toBe(true);
      acked.push(...during.map((r) => r.eventId!));

      // Write-ahead notices the outage when its loader next tries (every 200 ms).
      let spooled = await health();
      for (let i = 0; i < 50 && spooled.spool.mode !== 'spool'; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        spooled = await health();
      }
      expect(spooled).toMatchObject({ ok: false, spool: { mode: 'spool', depth: 30 } });
      expect(spooled.spool.oldestEntryAgeSeconds).toBeGreaterThanOrEqual(0);

      await proxy.start();
      await waitForEmptySpool();

      const counts = await storedCounts(acked);
      expect(counts).toHaveLength(acked.length);
      expect(counts.every((row) => row.n === 1)).toBe(true);
      await server.stop();
      server = null;
    },
  );

  it.each(['database', 'spool'])(
    'after kill -9 under load and a restart, each acknowledged event is stored once (%s)',
    async (ackAfter) => {
      server = await spawnTracker(SERVER_PORT, { ...serverEnv(), VERITY_ACK_AFTER: ackAfter });
      const acked: string[] = [];
      let running = true;
      let sent = 0;

      const worker = async () => {
        while (running) {
          try {
            const result = await hit(sent++);
            if (result.eventId) acked.push(result.eventId);
          } catch {
            // The server died mid-request: that request was never acknowledged.
          }
        }
      };
      const workers = Array.from({ length: 8 }, worker);

      // Part of the load lands in the spool (database away), part in the database.
      while (acked.length < 100) await new Promise((resolve) => setTimeout(resolve, 20));
      await proxy.stop();
      const beforeCrash = acked.length;
      while (acked.length < beforeCrash + 100) {
        if (server.child.exitCode !== null) throw new Error(`tracker died:\n${server.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      // Spooled and not yet loaded when the process dies.
      expect((await health()).spool.depth).toBeGreaterThan(0);
      await server.crash();
      running = false;
      await Promise.all(workers);
      await proxy.start();

      server = await spawnTracker(SERVER_PORT, { ...serverEnv(), VERITY_ACK_AFTER: ackAfter });
      await waitForEmptySpool();

      const counts = await storedCounts(acked);
      expect(acked.length).toBeGreaterThanOrEqual(200);
      expect(counts).toHaveLength(acked.length);
      expect(counts.every((row) => row.n === 1)).toBe(true);
      await server.stop();
      server = null;
    },
  );
});
