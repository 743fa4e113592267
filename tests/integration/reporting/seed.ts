// Builds accounts, campaigns, messages and events for reporting tests. Events go in through
// the event store's own batch write (lib/events writeBatch), the statement the tracking path runs.
import { randomUUID } from 'node:crypto';
import type { SqlClient, SqlExecutor } from '@/lib/db';
import { writeBatch } from '@/lib/events/event-sql';
import type { EventRow } from '@/lib/events/event-row';

export async function seedAccount(
  db: SqlExecutor,
  options: { timeZone?: string; suppressAutomated?: boolean } = {},
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "Account" (id, name, "timeZone", "suppressAutomated", "updatedAt")
     VALUES ($1, 'Test account', $2, $3, now())`,
    [id, options.timeZone ?? 'UTC', options.suppressAutomated ?? false],
  );
  return id;
}

export async function seedCampaign(
  db: SqlExecutor,
  accountId: string,
  name = 'Spring',
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "Campaign" (id, "accountId", name, "sentAt") VALUES ($1, $2, $3, $4)`,
    [id, accountId, name, new Date('2026-03-01T09:00:00Z')],
  );
  return id;
}

/** Creates `count` messages; the first `bounced` of them bounced. Returns their ids in order. */
export async function seedMessages(
  db: SqlExecutor,
  accountId: string,
  campaignId: string,
  count: number,
  bounced = 0,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await db.query(
    `INSERT INTO "Message" (id, "accountId", "campaignId", "recipientRef", "sentAt",
       "deliveredAt", "bouncedAt")
     SELECT id, $2, $3, 'r' || ord, $4, CASE WHEN ord > $5 THEN $4::timestamptz END,
       CASE WHEN ord <= $5 THEN $4::timestamptz END
     FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
    [ids, accountId, campaignId, new Date('2026-03-01T09:00:00Z'), bounced],
  );
  return ids;
}

export async function seedLink(
  db: SqlExecutor,
  ids: { accountId: string; campaignId: string; messageId: string },
  position: number,
  url: string,
  honeypot = false,
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "Link" (id, "accountId", "campaignId", "messageId", url, position, honeypot)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, ids.accountId, ids.campaignId, ids.messageId, url, position, honeypot],
  );
  return id;
}

export interface EventSpec {
  messageId: string;
  kind: 'open' | 'click';
  verdict: 'human' | 'automated';
  fetcher?: string;
  at?: string;
  linkId?: string | null;
  userAgent?: string | null;
  method?: 'GET' | 'HEAD';
}

export function buildEvent(accountId: string, campaignId: string, spec: EventSpec): EventRow {
  return {
    id: randomUUID(),
    accountId,
    campaignId,
    messageId: spec.messageId,
    linkId: spec.linkId ?? null,
    kind: spec.kind,
    method: spec.method ?? 'GET',
    occurredAt: Date.parse(spec.at ?? '2026-03-01T10:00:00Z'),
    clientIp: null,
    network: null,
    userAgent: spec.userAgent ?? null,
    headers: {},
    verdict: spec.verdict,
    fetcher: spec.fetcher ?? (spec.verdict === 'human' ? 'human' : 'apple_mpp'),
    reasons: spec.verdict === 'human' ? [] : ['apple_privacy_relay'],
    confidence: 0.9,
    classifierVersion: 'test',
    evidence: [],
  };
}

export async function seedEvents(
  db: SqlClient,
  accountId: string,
  campaignId: string,
  specs: EventSpec[],
): Promise<EventRow[]> {
  const rows = specs.map((s) => buildEvent(accountId, campaignId, s));
  await writeBatch(db, rows, []);
  return rows;
}
