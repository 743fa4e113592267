// Accounts, campaigns, messages and links for tracking tests, written with plain SQL, plus
// signed tokens for them.
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@/lib/db';
import type { EventRow } from '@/lib/events/event-row';
import { signToken } from '@/lib/tracking/token';

export interface FixtureLink {
  id: string;
  url: string;
  position: number;
  clickToken: string;
}

export interface FixtureMessage {
  id: string;
  openToken: string;
  links: FixtureLink[];
}

export interface Fixture {
  accountId: string;
  campaignId: string;
  messages: FixtureMessage[];
}

export interface FixtureOptions {
  messages?: number;
  linksPerMessage?: number;
  deliveredAt?: Date | null;
  addressRetentionDays?: number;
}

export async function createFixture(
  sql: SqlExecutor,
  secret: string,
  options: FixtureOptions = {},
): Promise<Fixture> {
  const accountId = randomUUID();
  const campaignId = randomUUID();
  const deliveredAt = options.deliveredAt === undefined ? new Date() : options.deliveredAt;
  const linksPerMessage = options.linksPerMessage ?? 2;

  await sql.query(
    `INSERT INTO "Account" (id, name, "updatedAt", "addressRetentionDays")
     VALUES ($1, $2, now(), $3)`,
    [accountId, `account ${accountId.slice(0, 8)}`, options.addressRetentionDays ?? 30],
  );
  await sql.query(`INSERT INTO "Campaign" (id, "accountId", name) VALUES ($1, $2, 'test')`, [
    campaignId,
    accountId,
  ]);

  const messages: FixtureMessage[] = [];
  for (let m = 0; m < (options.messages ?? 1); m += 1) {
    const messageId = randomUUID();
    await sql.query(
      `INSERT INTO "Message" (id, "accountId", "campaignId", "recipientRef", "sentAt",
         "deliveredAt", "linkCount")
       VALUES ($1, $2, $3, $4, $5, $5, $6)`,
      [messageId, accountId, campaignId, `r${m}`, deliveredAt, linksPerMessage],
    );

    const links: FixtureLink[] = [];
    for (let position = 0; position < linksPerMessage; position += 1) {
      const linkId = randomUUID();
      const url = `https://shop.example/item/${position}?m=${m}`;
      await sql.query(
        `INSERT INTO "Link" (id, "accountId", "campaignId", "messageId", url, position)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [linkId, accountId, campaignId, messageId, url, position],
      );
      const claims = { kind: 'click' as const, accountId, messageId, linkId };
      links.push({ id: linkId, url, position, clickToken: signToken(secret, claims) });
    }

    const openToken = signToken(secret, { kind: 'open', accountId, messageId });
    messages.push({ id: messageId, openToken, links });
  }

  return { accountId, campaignId, messages };
}

/** A plausible event row for store tests (the classification fields are arbitrary). */
export function makeEventRow(fixture: Fixture, overrides: Partial<EventRow> = {}): EventRow {
  return {
    id: randomUUID(),
    accountId: fixture.accountId,
    campaignId: fixture.campaignId,
    messageId: fixture.messages[0].id,
    linkId: null,
    kind: 'open',
    method: 'GET',
    occurredAt: Date.parse('2026-12-01T10:00:00Z'),
    clientIp: '198.51.100.20',
    network: { prefix: '198.51.100.0/24', lists: [] },
    userAgent: 'Mozilla/5.0',
    headers: { accept: 'image/*' },
    verdict: 'human',
    fetcher: 'human',
    reasons: ['browser_user_agent'],
    confidence: 0.8,
    classifierVersion: 'test-1',
    evidence: [{ signal: 'test', reason: 'browser_user_agent' }],
    ...overrides,
  };
}

export async function countEvents(sql: SqlExecutor, ids: string[]): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM "Event" WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return rows[0].n;
}
