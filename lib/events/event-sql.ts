// Set-based SQL for the event store: one statement inserts a whole batch and one applies a
// whole batch of revisions, whatever its size (the rows travel as a single JSON parameter, so
// there is no bind-parameter limit and the same text runs on PostgreSQL and PGlite).
import type { SqlExecutor } from '../db';
import type { EventRow, Revision } from './event-row';

const INSERT_EVENTS = `
INSERT INTO "Event" (
  id, "accountId", "campaignId", "messageId", "linkId", kind, method, "occurredAt",
  "clientIp", network, "userAgent", headers, verdict, fetcher, reasons, confidence,
  "classifierVersion", evidence)
SELECT r.id, r."accountId", r."campaignId", r."messageId", r."linkId", r.kind::"EventKind",
  r.method, r."occurredAt", r."clientIp", r.network, r."userAgent", r.headers,
  r.verdict::"Verdict", r.fetcher, ARRAY(SELECT jsonb_array_elements_text(r.reasons)),
  r.confidence, r."classifierVersion", r.evidence
FROM jsonb_to_recordset($1::jsonb) AS r(
  id uuid, "accountId" uuid, "campaignId" uuid, "messageId" uuid, "linkId" uuid, kind text,
  method text, "occurredAt" timestamptz, "clientIp" text, network jsonb, "userAgent" text,
  headers jsonb, verdict text, fetcher text, reasons jsonb, confidence float8,
  "classifierVersion" text, evidence jsonb)
ON CONFLICT (id) DO NOTHING`;

const APPLY_REVISIONS = `
UPDATE "Event" AS e SET
  verdict = r.verdict::"Verdict", fetcher = r.fetcher,
  reasons = ARRAY(SELECT jsonb_array_elements_text(r.reasons)), confidence = r.confidence,
  "classifierVersion" = r."classifierVersion", evidence = r.evidence
FROM jsonb_to_recordset($1::jsonb) AS r(
  id uuid, "accountId" uuid, verdict text, fetcher text, reasons jsonb, confidence float8,
  "classifierVersion" text, evidence jsonb)
WHERE e.id = r.id AND e."accountId" = r."accountId"`;

/** Inserts events, skipping ids already stored. Returns how many rows were new. */
export async function insertEvents(tx: SqlExecutor, events: EventRow[]): Promise<number> {
  if (events.length === 0) return 0;

  const rows = events.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt).toISOString() }));
  const result = await tx.query(`${INSERT_EVENTS} RETURNING 1`, [JSON.stringify(rows)]);
  return result.rows.length;
}

/** Applies revisions; the last revision of an id in the list wins (they are in event order). */
export async function applyRevisions(tx: SqlExecutor, revisions: Revision[]): Promise<void> {
  if (revisions.length === 0) return;

  const latest = new Map<string, Revision>();
  for (const revision of revisions) latest.set(revision.id, revision);
  await tx.query(APPLY_REVISIONS, [JSON.stringify([...latest.values()])]);
}

/** Writes events and their revisions in one transaction. */
export async function writeBatch(
  sql: { transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> },
  events: EventRow[],
  revisions: Revision[],
): Promise<void> {
  await sql.transaction(async (tx) => {
    await insertEvents(tx, events);
    await applyRevisions(tx, revisions);
  });
}
