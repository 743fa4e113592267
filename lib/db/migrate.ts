// Applies prisma/migrations/*/migration.sql in order, each in its own transaction, and records
// them in Prisma's own `_prisma_migrations` table with the same checksum (sha256 of the file),
// so a machine with Prisma's migrate engine sees the same history. Used at start-up for both
// the embedded database and a PostgreSQL server, and by `npm run db:migrate`.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { SqlClient } from './sql';

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Serialises concurrent starters on one PostgreSQL server. Any constant works; this is ours. */
const MIGRATION_LOCK_KEY = 7_264_011;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), 'prisma', 'migrations');
}

export function readMigrations(dir = migrationsDir()): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);

  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      return { name, sql, checksum };
    });
}

/** Applies every migration not yet recorded. Returns the names applied now. */
export async function applyMigrations(db: SqlClient, dir = migrationsDir()): Promise<string[]> {
  await db.exec(MIGRATIONS_TABLE);
  const applied: string[] = [];

  for (const migration of readMigrations(dir)) {
    const ran = await db.transaction(async (tx) => {
      if (db.kind === 'postgres') {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      }

      const done = await tx.query<{ checksum: string }>(
        `SELECT checksum FROM "_prisma_migrations"
          WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [migration.name],
      );
      if (done.rows.length > 0) {
        if (done.rows[0].checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied`);
        }
        return false;
      }

      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });

    if (ran) applied.push(migration.name);
  }

  return applied;
}
