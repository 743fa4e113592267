// What an admin reads on the audit page: changes as "field: old → new" lines, people by email
// (never a bare id), and times in the account's time zone.
import type { ReactElement } from 'react';
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

const settings = await import('@/app/(dashboard)/settings/actions');
const members = await import('@/app/(dashboard)/members/actions');
const AuditPage = (await import('@/app/(dashboard)/audit/page')).default;
const ApiKeysPage = (await import('@/app/(dashboard)/api-keys/page')).default;
const { ApiKeysPanel } = await import('@/components/auth/api-keys-panel');
const { createApiKey } = await import('@/lib/auth/accounts');
const { formatTime } = await import('@/lib/auth/audit-format');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => db?.close());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The text of each cell of each audit row, change lines joined by " | ". */
async function auditRows(): Promise<string[][]> {
  const tree = await AuditPage({ searchParams: Promise.resolve({}) });
  return findProps(tree, 'tr')
    .filter((row) => row['data-testid'] === 'audit-entry')
    .map((row) =>
      (row.children as ReactElement<{ children: unknown }>[]).map((cell) => {
        const content = cell.props.children as unknown;
        if (typeof content === 'string') return content;
        const nested = content as ReactElement<{ lines?: string[] }>;
        return nested.props.lines?.join(' | ') ?? '';
      }),
    );
}

describe('audit page', () => {
  it('shows who changed what, readably, in the account time zone', async () => {
    actAs(seed.a.users.owner);
    const data = new FormData();
    data.set('name', 'Account A');
    data.set('suppressAutomated', 'on');
    data.set('timeZone', 'Europe/Berlin');
    data.set('addressRetentionDays', '30');
    expect((await settings.saveSettings(data)).ok).toBe(true);
    expect((await members.changeRole(seed.a.users.viewer, 'marketer')).ok).toBe(true);

    const rows = await auditRows();
    const [roleRow, settingsRow] = rows;
    expect(roleRow.slice(1)).toEqual([
      'owner@a.example',
      'member.role_changed',
      'viewer@a.example',
      'role: viewer → marketer',
    ]);
    expect(settingsRow.slice(1)).toEqual([
      'owner@a.example',
      'settings.updated',
      'account',
      'suppress automated events: off → on | time zone: UTC → Europe/Berlin',
    ]);
    const when = await db.prisma.auditLog.findFirstOrThrow({
      where: { accountId: seed.a.accountId, action: 'member.role_changed' },
    });
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(when.createdAt);
    expect(roleRow[0]).toBe(berlin);
    expect(roleRow[0]).toMatch(/ CET$/);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(UUID);
  });

  it('shows API key times in the account time zone', async () => {
    actAs(seed.a.users.owner);
    await createApiKey(seed.a.accountId, 'tz', seed.a.users.owner);
    const tree = await ApiKeysPage();
    const [panel] = findProps(tree, ApiKeysPanel);
    const rows = panel.keys as { name: string; created: string; lastUsed: string | null }[];
    const created = await db.prisma.apiKey.findFirstOrThrow({ where: { name: 'tz' } });
    const row = rows.find((r) => r.name === 'tz');
    expect(row?.created).toBe(formatTime(created.createdAt, 'Europe/Berlin'));
    expect(row?.created).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} CET$/);
    expect(row?.lastUsed).toBeNull();
  });
});
