// Two accounts; every page, route and server action of the inventory is tried by account A with
// account B's ids, as every role (or with A's API key). Each attempt must be refused exactly
// like a missing id, no answer may mention B, and B's data must be unchanged at the end.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { actAs } from '../auth/support/fake-session';
import { seedTwoAccounts, type Seed, type SeededAccount } from '../auth/support/seed';
import { ROLES } from '@/lib/auth/roles';
import {
  INVENTORY,
  type IdKind,
  type InventoryEntry,
  type Probe,
  type ProbeEnv,
} from './inventory';
import { isRefusal, leakedMarkers, markersOf, outcomeOf } from './outcome';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('../auth/support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('../auth/support/fake-session')).nextCacheMock);

// A well-formed id that names nothing (the same version-7 shape the database hands out).
const MISSING_ID = '0190a8c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b';

let db: TestDatabase;
let seed: Seed;
let env: ProbeEnv;
let markers: string[];
let snapshotBefore: string;

function idOf(account: SeededAccount, kind: IdKind): string {
  const ids: Record<IdKind, string> = {
    account: account.accountId,
    user: account.users.viewer,
    apiKey: account.apiKey.id,
    invitation: account.invitationId,
    campaign: account.campaignId,
    message: account.messageId,
    link: account.linkId,
    event: account.eventId,
    send: account.sendJobId,
  };
  return ids[kind];
}

/** Everything stored for account B, with the columns A could legitimately touch left out. */
async function snapshotOf(accountId: string): Promise<string> {
  const p = db.prisma;
  const parts = await Promise.all([
    p.account.findUnique({ where: { id: accountId } }),
    p.membership.findMany({ where: { accountId }, orderBy: { userId: 'asc' } }),
    p.apiKey.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    p.invitation.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    p.auditLog.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    p.campaign.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    p.message.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    p.link.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    p.event.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    p.sendJob.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify(parts, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
  env = { seed, apiKey: seed.a.apiKey.key };
  // B's viewer address is left out: a probe invites it into A, after which A lists it.
  markers = [...markersOf(seed.b as unknown as Record<string, unknown>), 'Account B'].filter(
    (m) => m !== seed.b.emails.viewer,
  );
  snapshotBefore = await snapshotOf(seed.b.accountId);
});
afterAll(async () => db?.close());

type IdProbe = Extract<Probe, { type: 'id' }>;
type LeakProbe = Extract<Probe, { type: 'leak' }>;

async function expectRefusedLikeMissing(probe: IdProbe): Promise<void> {
  const foreignId = idOf(seed.b, probe.idKind);
  const foreign = await outcomeOf(() => probe.call(foreignId, env), foreignId);
  const missing = await outcomeOf(() => probe.call(MISSING_ID, env), MISSING_ID);

  expect(foreign, `${probe.name}: B's ${probe.idKind} answered unlike a missing one`).toEqual(
    missing,
  );
  expect(leakedMarkers(foreign, markers)).toEqual([]);
  if ('thrown' in foreign) expect(foreign.thrown).not.toMatch(/^unexpected/);
  if (probe.refuses === false) return;
  expect(isRefusal(foreign), `${probe.name}: not refused: ${JSON.stringify(foreign)}`).toBe(true);
}

async function expectNoLeak(probe: LeakProbe): Promise<void> {
  const outcome = await outcomeOf(() => probe.call(env), '\u0000');
  if ('thrown' in outcome) expect(outcome.thrown).not.toMatch(/^unexpected/);
  expect(leakedMarkers(outcome, markers), `${probe.name} mentions account B`).toEqual([]);
}

async function runProbe(probe: Probe): Promise<void> {
  if (probe.type === 'id') await expectRefusedLikeMissing(probe);
  else await expectNoLeak(probe);
}

const sessionEntries = INVENTORY.filter((e) => e.access === 'session');
const apiEntries = INVENTORY.filter((e) => e.access === 'apiKey');
const label = (e: InventoryEntry) => `${e.kind} ${e.file}`;

describe.each(ROLES)('signed in to account A as %s', (role) => {
  it.each(sessionEntries.map((e) => [label(e), e] as const))('%s', async (_name, entry) => {
    for (const probe of entry.probes) {
      actAs(seed.a.users[role]);
      await runProbe(probe);
    }
  });
});

describe("with account A's API key", () => {
  it.each(apiEntries.map((e) => [label(e), e] as const))('%s', async (_name, entry) => {
    for (const probe of entry.probes) {
      actAs(null);
      await runProbe(probe);
    }
  });
});

describe('account B afterwards', () => {
  it('is exactly as it was before the suite', async () => {
    expect(await snapshotOf(seed.b.accountId)).toBe(snapshotBefore);
  });
});
