// Classifying a new event with its message's thread: the classifier sees the earlier events
// and the new one together, gives every one of them a verdict, and any earlier event whose
// verdict changed becomes a revision to store alongside the new event.
import type { Classification, MessageContext, TrackingRequest } from '../classifier/types';
import type { ClassificationFields, Revision } from '../events/event-row';
import type { StoredEvent } from '../events/read-thread';
import { classifyThread, lookupNetwork } from '../classifier';

/** The request an event was, as the classifier reads it (network facts when the ip is gone). */
export function requestOf(event: StoredEvent): TrackingRequest {
  return {
    kind: event.kind,
    method: event.method,
    ip: event.clientIp,
    network: event.network,
    userAgent: event.userAgent,
    headers: event.headers,
    at: event.occurredAt,
    linkIndex: event.linkPosition,
    honeypot: event.honeypot,
  };
}

export function fieldsOf(classification: Classification): ClassificationFields {
  return {
    verdict: classification.verdict,
    fetcher: classification.fetcher,
    reasons: classification.reasons,
    confidence: classification.confidence,
    classifierVersion: classification.version,
    evidence: classification.evidence,
  };
}

export function networkOf(ip: string | null) {
  return ip ? lookupNetwork(ip) : null;
}

/** Same verdict, fetcher, reasons, confidence and version: nothing to write. */
export function sameClassification(a: ClassificationFields, b: ClassificationFields): boolean {
  return (
    a.verdict === b.verdict &&
    a.fetcher === b.fetcher &&
    a.confidence === b.confidence &&
    a.classifierVersion === b.classifierVersion &&
    a.reasons.length === b.reasons.length &&
    a.reasons.every((reason, i) => reason === b.reasons[i])
  );
}

/**
 * Classifies the whole thread (events in time order, new ones included) and updates the events
 * in place. Returns the revisions of events already stored (not in `newEventIds`) that changed.
 */
export function classifyThreadInPlace(
  context: MessageContext,
  thread: StoredEvent[],
  newEventIds: ReadonlySet<string>,
): Revision[] {
  thread.sort((a, b) => a.occurredAt - b.occurredAt);
  const results = classifyThread(context, thread.map(requestOf));
  const revisions: Revision[] = [];

  thread.forEach((event, i) => {
    const fields = fieldsOf(results[i]);
    const changed = !sameClassification(event, fields);
    Object.assign(event, fields);
    if (changed && !newEventIds.has(event.id)) {
      revisions.push({ id: event.id, accountId: event.accountId, ...fields });
    }
  });
  return revisions;
}
