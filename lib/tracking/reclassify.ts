// Re-classifying stored events with the current classifier, one message thread at a time (a
// thread is classified as a whole, as it is live). Batches of messages commit one by one, and
// a message whose events all carry the current version is skipped, so a run can be stopped
// at any point and started again. Works from the stored network facts when the client address
// was already cleared by retention.
import { CLASSIFIER_VERSION as classifierVersion } from '../classifier';
import { classifyThreadInPlace } from './classify-event';
import type { SqlClient } from '../db';
import { applyRevisions } from '../events/event-sql';
import { readThreads } from '../events/read-thread';

/** Reclassifying adds no events: every change is a revision. */
const NONE_NEW: ReadonlySet<string> = new Set();

export interface ReclassifyOptions {
  /** Messages per batch (one transaction each). */
  batchSize?: number;
  /** Stop after this many batches (the rest is left for the next run). */
  maxBatches?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ReclassifyReport {
  version: string;
  messages: number;
  eventsChanged: number;
  remainingMessages: number;
}

interface ContextRow {
  id: string;
  deliveredAt: Date | string | null;
  linkCount: number | null;
}

/** Messages with at least one event of another classifier version. */
export async function countStaleMessages(
  sql: SqlClient,
  version = classifierVersion,
): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(DISTINCT "messageId")::int AS n FROM "Event" WHERE "classifierVersion" <> $1`,
    [version],
  );
  return rows[0].n;
}

export async function reclassifyStoredEvents(
  sql: SqlClient,
  options: ReclassifyOptions = {},
): Promise<ReclassifyReport> {
  const batchSize = options.batchSize ?? 200;
  const total = await countStaleMessages(sql);
  let after = '00000000-0000-0000-0000-000000000000';
  let messages = 0;
  let eventsChanged = 0;
  let batches = 0;

  while (options.maxBatches === undefined || batches < options.maxBatches) {
    const ids = await nextStaleMessages(sql, after, batchSize);
    if (ids.length === 0) break;

    eventsChanged += await reclassifyMessages(sql, ids);
    messages += ids.length;
    batches += 1;
    after = ids[ids.length - 1];
    options.onProgress?.(messages, total);
  }

  return {
    version: classifierVersion,
    messages,
    eventsChanged,
    remainingMessages: await countStaleMessages(sql),
  };
}

async function nextStaleMessages(sql: SqlClient, after: string, limit: number): Promise<string[]> {
  const { rows } = await sql.query<{ messageId: string }>(
    `SELECT DISTINCT "messageId" FROM "Event"
      WHERE "classifierVersion" <> $1 AND "messageId" > $2::uuid
      ORDER BY "messageId" LIMIT $3`,
    [classifierVersion, after, limit],
  );
  return rows.map((row) => row.messageId);
}

/** Classifies each message's whole thread and writes what changed; returns events changed. */
async function reclassifyMessages(sql: SqlClient, messageIds: string[]): Promise<number> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<ContextRow>(
      `SELECT id, "deliveredAt", "linkCount" FROM "Message" WHERE id = ANY($1::uuid[])`,
      [messageIds],
    );
    const contexts = new Map(rows.map((row) => [row.id, row]));
    const threads = await readThreads(tx, messageIds);

    const revisions = [];
    for (const [messageId, thread] of threads) {
      const context = contexts.get(messageId);
      const deliveredAt = context?.deliveredAt ? new Date(context.deliveredAt).getTime() : null;
      const messageContext = { deliveredAt, linkCount: context?.linkCount ?? null };
      revisions.push(...classifyThreadInPlace(messageContext, thread, NONE_NEW));
    }

    await applyRevisions(tx, revisions);
    return revisions.length;
  });
}
