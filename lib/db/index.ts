// The process's database: Prisma plus a raw SQL client on the same connection. With
// DATABASE_URL it is a PostgreSQL server; without, the embedded PostgreSQL (PGlite) in the data
// folder. Opened lazily on first use (never at import: `next build` imports route modules) and
// kept on globalThis, because the custom server and Next.js's bundles each load this module and
// the embedded database may be opened by only one owner per process.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { env } from '../config';
import { PrismaClient } from '../generated/prisma/client';
import { lockDataFolder, type FolderLock } from './folder-lock';
import { applyMigrations } from './migrate';
import { sqlFromPglite, sqlFromPool, type SqlClient } from './sql';

export type { SqlClient, SqlExecutor } from './sql';

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly prisma: PrismaClient;
  readonly sql: SqlClient;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent the embedded database is used. */
  url?: string;
  /** Embedded database folder, or 'memory://' for a throwaway one. */
  pgliteDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Connection pool size for a PostgreSQL server. */
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const db = options.url
    ? await openPostgres(options.url, options.poolSize ?? 10)
    : await openPglite(options.pgliteDir ?? 'memory://');

  if (options.migrate !== false) {
    await applyMigrations(db.sql);
  }
  return db;
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { Pool } = await import('pg');
  const { PrismaPg } = await import('@prisma/adapter-pg');

  const pool = new Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sql = sqlFromPool(pool);

  return {
    kind: 'postgres',
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');

  let lock: FolderLock | null = null;
  if (!dir.startsWith('memory://')) {
    mkdirSync(dir, { recursive: true });
    lock = lockDataFolder(dir);
  }

  const pglite = new PGlite(dir);
  try {
    await pglite.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }

  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const sql = sqlFromPglite(pglite);

  return {
    kind: 'pglite',
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
      lock?.release();
    },
  };
}

const GLOBAL_KEY = Symbol.for('verity.database');

type Holder = { [GLOBAL_KEY]?: Promise<Database> };

/** The process-wide database, configured from the environment. */
export function getDb(): Promise<Database> {
  const holder = globalThis as Holder;

  if (!holder[GLOBAL_KEY]) {
    const config = env();
    holder[GLOBAL_KEY] = openDatabase({
      url: config.DATABASE_URL,
      pgliteDir: path.resolve(config.VERITY_DATA_DIR, 'pglite'),
    }).catch((error: unknown) => {
      // Let the next caller try again (the server may come back).
      delete holder[GLOBAL_KEY];
      throw error;
    });
  }

  return holder[GLOBAL_KEY];
}

/** Replaces the process-wide database; tests use it to point the app at a test database. */
export function setDb(db: Database | undefined): void {
  const holder = globalThis as Holder;
  if (db) holder[GLOBAL_KEY] = Promise.resolve(db);
  else delete holder[GLOBAL_KEY];
}

/** Prisma for the process-wide database. */
export async function prisma(): Promise<PrismaClient> {
  return (await getDb()).prisma;
}
