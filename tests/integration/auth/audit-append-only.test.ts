// The database itself keeps the audit log append-only: no update, no delete, except when the
// whole account is deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { createAccountWithOwner } from '@/lib/auth/accounts';

let db: TestDatabase;
let accountId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  ({ accountId } = await createAccountWithOwner({
    accountName: 'Append only',
    email: 'owner@append.example',
    password: 'long enough password',
  }));
});
afterAll(async () => db?.close());

describe('audit log in the database', () => {
  it('refuses to change or delete an entry', async () => {
    const where = { accountId };
    await expect(db.prisma.auditLog.updateMany({ where, data: { action: 'x' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.prisma.auditLog.deleteMany({ where })).rejects.toThrow(/append-only/);
    const rows = await db.prisma.auditLog.findMany({ where });
    expect(rows.map((r) => r.action)).toEqual(['account.created']);
  });

  it('goes with its account when the account is deleted', async () => {
    await db.prisma.account.delete({ where: { id: accountId } });
    expect(await db.prisma.auditLog.count({ where: { accountId } })).toBe(0);
  });
});
