// The shape of one stored event as the tracking path produces it, and of a later revision of
// its classification. Both travel unchanged through the batch writer and the spool.
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

export type WriteOutcome = 'committed' | 'spooled' | 'failed';
