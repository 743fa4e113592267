// A fresh, migrated database for one test file, on the backend TEST_DATABASE names:
// "pglite" (default): an in-memory embedded PostgreSQL;
// "postgres": a new database on TEST_POSTGRES_URL's server (default the local one), dropped after.
import { openDatabase, setDb, type Database } from '../../lib/db';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/lib/scratch-database';

export const TEST_BACKEND = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** The URL of the database, for child processes (postgres backend only). */
  url?: string;
}

/** Creates an empty database on the PostgreSQL server and returns its URL. */
export function createPostgresDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(SERVER_URL, 'verity_test');
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
