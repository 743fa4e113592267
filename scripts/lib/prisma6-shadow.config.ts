// Configuration for the Prisma 6 CLI (installed as the dev dependency `prisma6`), used only to
// compute migration SQL offline: its JavaScript schema engine runs against an in-memory PGlite.
// Never point this at a real server. See scripts/migrations.ts.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defineConfig } from 'prisma6/config';

type Adapter = Awaited<ReturnType<PrismaPGlite['connect']>>;

// Two faults of pglite-prisma-adapter 0.7.2 with Prisma 6's schema engine: it runs migration
// scripts without awaiting them (a failing statement goes unnoticed), and the engine sends each
// migration file as one parameterless "raw" statement, which a prepared statement refuses when
// the file holds several. Both go through PGlite's multi-statement exec instead.
function withAwaitedScripts(adapter: Adapter, db: PGlite): Adapter {
  adapter.executeScript = async (script: string) => {
    await db.exec(script);
  };

  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await db.exec(query.sql);
    return 0;
  };
  return adapter;
}

class InMemoryFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = 'pglite-in-memory';

  async connect() {
    const db = new PGlite();
    return withAwaitedScripts(await new PrismaPGlite(db).connect(), db);
  }

  async connectToShadowDb() {
    const db = new PGlite();
    return withAwaitedScripts(await new PrismaPGlite(db).connect(), db);
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  adapter: async () => new InMemoryFactory() as any,
});
