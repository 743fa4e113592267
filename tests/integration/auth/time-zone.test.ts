// Account time zones must be known to Intl (the pages) and to the database (AT TIME ZONE in the
// reports): names only Intl still knows are refused with a field error and nothing changes.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { actAs } from './support/fake-session';
import { seedTwoAccounts, type Seed } from './support/seed';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('./support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('./support/fake-session')).nextCacheMock);

const settings = await import('@/app/(dashboard)/settings/actions');
const { isDatabaseTimeZone } = await import('@/lib/auth/settings');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => db?.close());

function form(timeZone: string): FormData {
  const data = new FormData();
  data.set('name', 'Account A');
  data.set('timeZone', timeZone);
  data.set('addressRetentionDays', '30');
  return data;
}

async function storedTimeZone(): Promise<string> {
  const account = await db.prisma.account.findUniqueOrThrow({ where: { id: seed.a.accountId } });
  return account.timeZone;
}

describe('account time zone', () => {
  it.each(['US/Pacific-New', 'Canada/East-Saskatchewan'])(
    'refuses %s, which Intl accepts and the database does not',
    async (zone) => {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
      expect(await isDatabaseTimeZone(zone)).toBe(false);
      const auditCount = () => db.prisma.auditLog.count({ where: { accountId: seed.a.accountId } });
      const auditBefore = await auditCount();
      actAs(seed.a.users.admin);
      expect(await settings.saveSettings(form(zone))).toEqual({
        ok: false,
        error: {
          code: 'bad_request',
          message: 'check the highlighted fields',
          fields: { timeZone: 'not an IANA time zone, e.g. Europe/Berlin' },
        },
      });
      expect(await storedTimeZone()).toBe('UTC');
      expect(await auditCount()).toBe(auditBefore);
    },
  );

  it('refuses a name neither knows', async () => {
    actAs(seed.a.users.admin);
    const result = await settings.saveSettings(form('Mars/Olympus'));
    expect(result.ok ? null : result.error.fields).toEqual({
      timeZone: 'not an IANA time zone, e.g. Europe/Berlin',
    });
  });

  it('accepts America/Regina and stores it', async () => {
    actAs(seed.a.users.admin);
    const result = await settings.saveSettings(form('America/Regina'));
    expect(result.ok).toBe(true);
    expect(await storedTimeZone()).toBe('America/Regina');
  });
});
