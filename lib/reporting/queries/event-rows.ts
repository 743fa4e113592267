// Event rows for the event log, the per-recipient timeline and the CSV export. Pages are read by
// keyset (occurredAt, id), so deep pages and million-row exports cost the same per row.
import type { SqlExecutor } from '@/lib/db';

export interface EventView {
  id: string;
  campaignId: string;
  campaignName: string;
  messageId: string;
  recipientRef: string;
  kind: 'open' | 'click';
  method: string;
  occurredAt: Date;
  verdict: 'human' | 'automated';
  fetcher: string;
  reasons: string[];
  confidence: number;
  classifierVersion: string;
  userAgent: string | null;
  linkUrl: string | null;
  linkPosition: number | null;
  honeypot: boolean | null;
  evidence: unknown;
}

export interface EventFilter {
  campaignId?: string;
  messageId?: string;
  verdict?: 'human' | 'automated';
  /** Keyset: rows strictly after this (occurredAt, id) in the chosen order. */
  after?: { occurredAt: Date; id: string };
  order: 'asc' | 'desc';
  limit: number;
}

const SELECT = `
SELECT e.id, e."campaignId", c.name AS "campaignName", e."messageId", m."recipientRef",
  e.kind::text AS kind, e.method,
  e."occurredAt", e.verdict::text AS verdict, e.fetcher, e.reasons, e.confidence,
  e."classifierVersion", e."userAgent", l.url AS "linkUrl", l.position AS "linkPosition",
  l.honeypot, e.evidence
FROM "Event" e
JOIN "Campaign" c ON c.id = e."campaignId" AND c."accountId" = e."accountId"
JOIN "Message" m ON m.id = e."messageId" AND m."accountId" = e."accountId"
LEFT JOIN "Link" l ON l.id = e."linkId" AND l."accountId" = e."accountId"`;

export async function readEventRows(
  db: SqlExecutor,
  accountId: string,
  filter: EventFilter,
): Promise<EventView[]> {
  const compare = filter.order === 'asc' ? '>' : '<';
  const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
  const { rows } = await db.query<EventView>(
    `${SELECT}
     WHERE e."accountId" = $1
       AND ($2::uuid IS NULL OR e."campaignId" = $2::uuid)
       AND ($3::uuid IS NULL OR e."messageId" = $3::uuid)
       AND ($4::text IS NULL OR e.verdict::text = $4)
       AND ($5::timestamptz IS NULL
            OR (e."occurredAt", e.id) ${compare} ($5::timestamptz, $6::uuid))
     ORDER BY e."occurredAt" ${direction}, e.id ${direction}
     LIMIT $7`,
    [
      accountId,
      filter.campaignId ?? null,
      filter.messageId ?? null,
      filter.verdict ?? null,
      filter.after?.occurredAt ?? null,
      filter.after?.id ?? null,
      filter.limit,
    ],
  );
  return rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt) }));
}

/**
 * How many events match the filter (cursor and order ignored), counted up to `cap` so the event
 * log never scans millions of rows for a number; the answer is min(count, cap).
 */
export async function countEventRows(
  db: SqlExecutor,
  accountId: string,
  filter: Pick<EventFilter, 'campaignId' | 'verdict'>,
  cap: number,
): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM (
       SELECT 1 FROM "Event" e
       WHERE e."accountId" = $1
         AND ($2::uuid IS NULL OR e."campaignId" = $2::uuid)
         AND ($3::text IS NULL OR e.verdict::text = $3)
       LIMIT $4) capped`,
    [accountId, filter.campaignId ?? null, filter.verdict ?? null, cap],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Every event of a campaign in time order, fetched a batch at a time (for streaming exports). */
export async function* iterateCampaignEvents(
  db: SqlExecutor,
  accountId: string,
  campaignId: string,
  batchSize = 5_000,
): AsyncGenerator<EventView[]> {
  let after: EventFilter['after'];
  for (;;) {
    const batch = await readEventRows(db, accountId, {
      campaignId,
      after,
      order: 'asc',
      limit: batchSize,
    });
    if (batch.length === 0) return;
    yield batch;
    const last = batch[batch.length - 1];
    after = { occurredAt: last.occurredAt, id: last.id };
    if (batch.length < batchSize) return;
  }
}
