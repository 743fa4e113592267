// The audit page's "before" cursor: only a positive safe integer is a cursor; anything else
// (bigger than bigint, negative, text) is treated as absent instead of failing the page.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { actAs } from './support/fake-session';
import { findProps } from './support/react-tree';
import { seedTwoAccounts, type Seed } from './support/seed';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('./support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('./support/fake-session')).nextCacheMock);

const AuditPage = (await import('@/app/(dashboard)/audit/page')).default;
const { listAuditEntries, parseAuditCursor } = await import('@/lib/auth/audit');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => db?.close());

/** The entry ids the page lists, in order. */
async function listedIds(before?: string): Promise<string[]> {
  actAs(seed.a.users.admin);
  const tree = await AuditPage({ searchParams: Promise.resolve({ before }) });
  return findProps(tree, 'tr')
    .filter((props) => props['data-testid'] === 'audit-entry')
    .map((props) => String(props['data-entry-id']));
}

describe('audit paging cursor', () => {
  it.each([
    ['1', '1'],
    ['9007199254740991', '9007199254740991'],
    ['9007199254740992', undefined],
    ['9999999999999999999', undefined],
    ['0', undefined],
    ['-5', undefined],
    ['01', undefined],
    ['1e3', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('parses %j as %j', (input, expected) => {
    expect(parseAuditCursor(input)).toBe(expected);
  });

  it.each(['9999999999999999999', '-1', 'abc'])(
    'lists the newest entries for before=%s',
    async (before) => {
      const newest = (await listAuditEntries(seed.a.accountId)).map((e) => e.id);
      expect(newest.length).toBeGreaterThan(0);
      expect(await listedIds(before)).toEqual(newest);
    },
  );

  it('lists only older entries for a valid cursor', async () => {
    const all = (await listAuditEntries(seed.a.accountId)).map((e) => e.id);
    expect(await listedIds(all[0])).toEqual(all.slice(1));
  });
});
