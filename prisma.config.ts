// Prisma CLI configuration. The URL may be empty: `generate` does not connect, and migrations
// are applied by scripts/migrate.ts (Prisma 7's migrate engine cannot be downloaded offline).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
