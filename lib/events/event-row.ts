// The shapes the event store moves: a hit (a tracking request reduced to what the classifier
// reads, before it is classified), a stored event, and a later revision of an event's
// classification. Hits travel through the spool; events and revisions through the batch writer.
import type { NetworkFacts } from '../classifier/types';

export interface ClassificationFields {
  verdict: 'human' | 'automated';
  fetcher: string;
  reasons: string[];
  confidence: number;
  classifierVersion: string;
  evidence: unknown;
}

export interface EventRow extends ClassificationFields {
  /** UUID assigned when the request is acknowledged; the idempotency key of every load. */
  id: string;
  accountId: string;
  campaignId: string;
  messageId: string;
  linkId: string | null;
  kind: 'open' | 'click';
  method: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  clientIp: string | null;
  network: NetworkFacts | null;
  userAgent: string | null;
  headers: Record<string, string>;
}

/** A changed classification of an event stored earlier (a later event revealed more). */
export interface Revision extends ClassificationFields {
  id: string;
  accountId: string;
}

/** A request for a genuine token, as acknowledged: classified when it is written. */
export interface Hit {
  /** UUID assigned when the request is acknowledged; becomes the event's id. */
  id: string;
  kind: 'open' | 'click';
  method: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  accountId: string;
  messageId: string;
  linkId: string | null;
  clientIp: string | null;
  userAgent: string | null;
  /** Only the headers the classifier reads. */
  headers: Record<string, string>;
}

/**
 * What became of a hit handed to the store: committed in the database, fsynced to the spool,
 * failed (written nowhere), or unknown (its message or link no longer exists).
 */
export type WriteOutcome = 'committed' | 'spooled' | 'failed' | 'unknown';
