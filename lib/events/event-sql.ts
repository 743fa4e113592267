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

/**
 * Writes events and revisions of earlier events in ONE statement (one round trip, atomic by
 * itself). A revision of an event in the same batch is folded into its row first, because the
 * statement's UPDATE cannot see rows its own INSERT adds.
 */
export async function writeBatch(
  sql: SqlExecutor,
  events: EventRow[],
  revisions: Revision[],
): Promise<void> {
  const { rows, updates } = foldRevisions(events, revisions);
  const eventsJson = JSON.stringify(
    rows.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt).toISOString() })),
  );
  const updatesJson = JSON.stringify(updates);

  if (updates.length === 0) {
    if (rows.length > 0) await sql.query(INSERT_EVENTS, [eventsJson]);
    return;
  }
  if (rows.length === 0) {
    await sql.query(APPLY_REVISIONS, [updatesJson]);
    return;
  }
  const revise = APPLY_REVISIONS.replace('$1', '$2');
  await sql.query(
    `WITH inserted AS (${INSERT_EVENTS} RETURNING 1), revised AS (${revise} RETURNING 1)
     SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM revised) AS revised`,
    [eventsJson, updatesJson],
  );
}

/** Applies in-batch revisions to their rows; keeps the last revision of every other event. */
export function foldRevisions(
  events: EventRow[],
  revisions: Revision[],
): { rows: EventRow[]; updates: Revision[] } {
  const rows = events.map((e) => ({ ...e }));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const updates = new Map<string, Revision>();

  for (const revision of revisions) {
    const row = byId.get(revision.id);
    if (row) {
      const { id: _id, accountId: _accountId, ...fields } = revision;
      Object.assign(row, fields);
    } else {
      updates.set(revision.id, revision);
    }
  }
  return { rows, updates: [...updates.values()] };
}

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
