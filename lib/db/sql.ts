// A minimal SQL interface over both database drivers: node-postgres for a PostgreSQL server and
// PGlite for the embedded database. Migrations and the batched event writer use it directly;
// everything else goes through Prisma, which is built on the same connection.
import type { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

export interface SqlExecutor {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn inside one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function sqlFromPool(pool: Pool): SqlClient {
  return {
    kind: 'postgres',

    async query<T>(text: string, params: unknown[] = []) {
      const result = await pool.query(text, params);
      return { rows: result.rows as T[] };
    },

    async exec(script: string) {
      await pool.query(script);
    },

    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>) {
      const client: PoolClient = await pool.connect();
      // A connection lost mid-transaction is reported by the failing query; without a listener
      // the checked-out client's 'error' event would end the process.
      const ignoreLostConnection = () => undefined;
      client.on('error', ignoreLostConnection);
      let discard = false;
      try {
        await client.query('BEGIN');
        const result = await fn({
          async query<R>(text: string, params: unknown[] = []) {
            const r = await client.query(text, params);
            return { rows: r.rows as R[] };
          },
          async exec(script: string) {
            await client.query(script);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          discard = true;
        });
        throw error;
      } finally {
        client.off('error', ignoreLostConnection);
        // A client whose rollback failed has lost its connection: drop it from the pool.
        client.release(discard);
      }
    },

    async close() {
      await pool.end();
    },
  };
}

export function sqlFromPglite(db: PGlite): SqlClient {
  return {
    kind: 'pglite',

    async query<T>(text: string, params: unknown[] = []) {
      const result = await db.query<T>(text, params);
      return { rows: result.rows };
    },

    async exec(script: string) {
      await db.exec(script);
    },

    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({
          async query<R>(text: string, params: unknown[] = []) {
            const r = await tx.query<R>(text, params);
            return { rows: r.rows };
          },
          async exec(script: string) {
            await tx.exec(script);
          },
        }),
      );
    },

    async close() {
      await db.close();
    },
  };
}
