// Database migrations without Prisma's downloadable engine.
//   tsx scripts/migrations.ts deploy          apply pending migrations (DATABASE_URL or embedded)
//   tsx scripts/migrations.ts create <name>   write a new migration for schema changes
//   tsx scripts/migrations.ts check           exit 1 when the schema has changes with no migration
// `create` and `check` compute SQL with Prisma 6's JavaScript schema engine (dev dependency
// `prisma6`) against an in-memory PGlite; they never touch a real server.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env } from '../lib/config';
import { openDatabase } from '../lib/db';
import { migrationsDir } from '../lib/db/migrate';

const root = process.cwd();

async function deploy(): Promise<void> {
  const config = env();
  const db = await openDatabase({
    url: config.DATABASE_URL,
    pgliteDir: path.resolve(config.VERITY_DATA_DIR, 'pglite'),
    migrate: false,
  });
  try {
    const { applyMigrations } = await import('../lib/db/migrate');
    const applied = await applyMigrations(db.sql);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
  }
}

/** SQL that takes the applied migrations to the current schema ('' when none is needed). */
function diffSql(): string {
  // Prisma 6 insists on a url in the datasource block; Prisma 7 forbids one. Copy and add it.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'verity-schema-'));
  const schema = readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8').replace(
    /provider\s*=\s*"postgresql"/,
    'provider = "postgresql"\n  url = "postgresql://unused@127.0.0.1:1/unused"',
  );
  const schemaFile = path.join(tmp, 'schema.prisma');
  writeFileSync(schemaFile, schema);

  const cli = path.join(root, 'node_modules', 'prisma6', 'build', 'index.js');
  const result = spawnSync(
    process.execPath,
    [
      cli,
      'migrate',
      'diff',
      '--config',
      path.join(root, 'scripts', 'lib', 'prisma6-shadow.config.ts'),
      '--from-migrations',
      migrationsDir(),
      '--to-schema-datamodel',
      schemaFile,
      '--script',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
        PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
      },
    },
  );

  if (result.status !== 0) {
    throw new Error(`prisma migrate diff failed:\n${result.stderr}${result.stdout}`);
  }
  const sql = result.stdout.trim();
  return sql === '-- This is an empty migration.' ? '' : sql;
}

function create(name: string | undefined): void {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('usage: migrations create <name>   (lower case letters, digits and _)');
  }
  const sql = diffSql();
  if (!sql) {
    console.log('schema matches the migrations; nothing to create');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(migrationsDir(), `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql + '\n');
  console.log(`created ${path.relative(root, dir)}/migration.sql`);
}

function check(): void {
  const sql = diffSql();
  if (sql) {
    console.error('prisma/schema.prisma has changes with no migration. Run:');
    console.error('  npm run db:migration -- <name>\n');
    console.error(sql);
    process.exit(1);
  }
  console.log('migrations match the schema');
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  if (command === 'deploy') return deploy();
  if (command === 'create') return create(arg);
  if (command === 'check') return check();
  throw new Error('usage: migrations deploy | create <name> | check');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
