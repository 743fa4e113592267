// Reading one message's stored events back, oldest first, with what the classifier needs of
// each event's link (its position and whether it is the honeypot).
import type { SqlExecutor } from '../db';
import type { NetworkFacts } from '../classifier/types';
import type { EventRow } from './event-row';

export interface StoredEvent extends EventRow {
  linkPosition: number | null;
  honeypot: boolean;
}

interface Row {
  id: string;
  accountId: string;
  campaignId: string;
  messageId: string;
  linkId: string | null;
  kind: 'open' | 'click';
  method: string;
  occurredAt: Date | string;
  clientIp: string | null;
  network: NetworkFacts | null;
  userAgent: string | null;
  headers: Record<string, string> | null;
  verdict: 'human' | 'automated';
  fetcher: string;
  reasons: string[] | null;
  confidence: number;
  classifierVersion: string;
  evidence: unknown;
  position: number | null;
  honeypot: boolean | null;
}

const THREAD_COLUMNS = `
  e.id, e."accountId", e."campaignId", e."messageId", e."linkId", e.kind::text AS kind, e.method,
  e."occurredAt", e."clientIp", e.network, e."userAgent", e.headers, e.verdict::text AS verdict,
  e.fetcher, e.reasons, e.confidence, e."classifierVersion", e.evidence, l.position, l.honeypot`;

/** The latest `limit` events of one message (scoped by account), returned oldest first. */
export async function readRecentThread(
  sql: SqlExecutor,
  accountId: string,
  messageId: string,
  limit: number,
): Promise<StoredEvent[]> {
  const { rows } = await sql.query<Row>(
    `SELECT ${THREAD_COLUMNS}
       FROM "Event" e LEFT JOIN "Link" l ON l.id = e."linkId"
      WHERE e."accountId" = $1 AND e."messageId" = $2
      ORDER BY e."occurredAt" DESC, e.id DESC
      LIMIT $3`,
    [accountId, messageId, limit],
  );
  return rows.map(toStoredEvent).reverse();
}

/**
 * The latest `limit` events of each of several messages (each scoped by its account), in one
 * query; each list oldest first. Messages without events are absent from the map. For the live
 * classifier: the stored evidence is not read (classifying never reads it back; null here).
 */
export async function readRecentThreads(
  sql: SqlExecutor,
  keys: Array<{ accountId: string; messageId: string }>,
  limit: number,
): Promise<Map<string, StoredEvent[]>> {
  const columns = THREAD_COLUMNS.replace('e.evidence', 'NULL::jsonb AS evidence');
  const { rows } = await sql.query<Row>(
    `SELECT t.* FROM jsonb_to_recordset($1::jsonb) AS k("accountId" uuid, "messageId" uuid)
     CROSS JOIN LATERAL (
       SELECT ${columns}
         FROM "Event" e LEFT JOIN "Link" l ON l.id = e."linkId"
        WHERE e."accountId" = k."accountId" AND e."messageId" = k."messageId"
        ORDER BY e."occurredAt" DESC, e.id DESC
        LIMIT $2) t`,
    [JSON.stringify(keys), limit],
  );

  const threads = new Map<string, StoredEvent[]>();
  for (const row of rows) {
    const list = threads.get(row.messageId) ?? [];
    list.push(toStoredEvent(row));
    threads.set(row.messageId, list);
  }
  for (const list of threads.values()) list.sort((a, b) => a.occurredAt - b.occurredAt);
  return threads;
}

/** Every event of a set of messages, grouped per message, each group oldest first. */
export async function readThreads(
  sql: SqlExecutor,
  messageIds: string[],
): Promise<Map<string, StoredEvent[]>> {
  const { rows } = await sql.query<Row>(
    `SELECT ${THREAD_COLUMNS}
       FROM "Event" e LEFT JOIN "Link" l ON l.id = e."linkId"
      WHERE e."messageId" = ANY($1::uuid[])
      ORDER BY e."messageId", e."occurredAt", e.id`,
    [messageIds],
  );

  const threads = new Map<string, StoredEvent[]>();
  for (const row of rows) {
    const list = threads.get(row.messageId) ?? [];
    list.push(toStoredEvent(row));
    threads.set(row.messageId, list);
  }
  return threads;
}

function toStoredEvent(row: Row): StoredEvent {
  return {
    id: row.id,
    accountId: row.accountId,
    campaignId: row.campaignId,
    messageId: row.messageId,
    linkId: row.linkId,
    kind: row.kind,
    method: row.method,
    occurredAt: new Date(row.occurredAt).getTime(),
    clientIp: row.clientIp,
    network: row.network,
    userAgent: row.userAgent,
    headers: row.headers ?? {},
    verdict: row.verdict,
    fetcher: row.fetcher,
    reasons: row.reasons ?? [],
    confidence: row.confidence,
    classifierVersion: row.classifierVersion,
    evidence: row.evidence,
    linkPosition: row.position,
    honeypot: row.honeypot ?? false,
  };
}
