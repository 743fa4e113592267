import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../../lib/db/migrate';
import { applyMigrations } from '../../lib/db/migrate';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../helpers/db';

describe(`database layer (${TEST_BACKEND})`, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('records every migration with the sha256 of its file, as Prisma does', async () => {
    const files = readMigrations();
    const { rows } = await db.sql.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows).toEqual(files.map((f) => ({ migration_name: f.name, checksum: f.checksum })));
  });

  it('applies nothing the second time', async () => {
    expect(await applyMigrations(db.sql)).toEqual([]);
  });

  it('rolls a failed transaction back', async () => {
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO "Account" (id, name, "updatedAt") VALUES ($1, 'x', now())`, [
          '0190a000-0000-7000-8000-000000000001',
        ]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.prisma.account.count()).toBe(0);
  });
});
