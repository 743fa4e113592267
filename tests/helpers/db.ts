// A fresh, migrated database for one test file, on the backend TEST_DATABASE names:
// "pglite" (default): an in-memory embedded PostgreSQL;
// "postgres": a new database on TEST_POSTGRES_URL's server (default the local one), dropped after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, setDb, type Database } from '../../lib/db';

export const TEST_BACKEND = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** The URL of the database, for child processes (postgres backend only). */
  url?: string;
}

/** Creates an empty database on the PostgreSQL server and returns its URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `verity_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;

  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Opens a migrated test database and makes it the process-wide one (getDb()).
 * Call close() in afterAll.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (TEST_BACKEND === 'pglite') {
    const db = await openDatabase({ pgliteDir: 'memory://' });
    setDb(db);
    return {
      ...db,
      async close() {
        setDb(undefined);
        await db.close();
      },
    };
  }

  const created = await createPostgresDatabase();
  const db = await openDatabase({ url: created.url, poolSize: 5 });
  setDb(db);
  return {
    ...db,
    url: created.url,
    async close() {
      setDb(undefined);
      await db.close();
      await created.drop();
    },
  };
}
