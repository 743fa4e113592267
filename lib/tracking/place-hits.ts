// Turning a batch of acknowledged hits into stored events: find each hit's message (and link),
// read the messages' recent threads, and classify every hit with its thread in time order. A
// later hit may change the verdicts of earlier events of its message (a burst seen in full);
// those changes become revisions written with the batch.
import { DatabaseUnavailableError } from '../events/db-errors';
import type { PreparedBatch, PrepareHits } from '../events/event-store';
import type { EventRow, Hit } from '../events/event-row';
import type { StoredEvent } from '../events/read-thread';
import { classifyThreadInPlace, networkOf } from './classify-event';
import { linkBelongsTo, type TargetLookup, type TrackedLink, type TrackedMessage } from './lookup';
import type { ThreadCache } from './thread-cache';

interface Placed {
  hit: Hit;
  message: TrackedMessage;
  link: TrackedLink | null;
}

/** Classifying runs in slices this long at most, so answers are not held up behind a batch. */
const SLICE_MS = 4;

export function hitPlacer(lookup: TargetLookup, threads: ThreadCache): PrepareHits {
  return async (hits) => {
    const { placed, unplaceable } = await resolveTargets(lookup, hits);
    const working = await threads
      .checkout(placed.map(({ hit }) => ({ accountId: hit.accountId, messageId: hit.messageId })))
      .catch(() => Promise.reject(new DatabaseUnavailableError()));

    // Each message's new events join its thread, which is then classified once: the verdicts are
    // those of the whole thread, as if it had been classified after every event.
    const newIds = new Set<string>();
    const touched = new Map<string, TrackedMessage>();
    const events: StoredEvent[] = [];
    for (const { hit, message, link } of placed) {
      const thread = working.get(hit.messageId)!;
      // Loaded once already (a spool file replayed after a crash): keep the stored copy.
      if (newIds.has(hit.id) || thread.some((event) => event.id === hit.id)) continue;
      const event = toEvent(hit, message, link);
      thread.push(event);
      events.push(event);
      newIds.add(hit.id);
      touched.set(hit.messageId, message);
    }

    const revisions: PreparedBatch['revisions'] = [];
    let sliceStart = performance.now();
    for (const [messageId, message] of touched) {
      const context = { deliveredAt: message.deliveredAt, linkCount: message.linkCount };
      revisions.push(...classifyThreadInPlace(context, working.get(messageId)!, newIds));
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }

    return {
      events: events.map(toRow),
      revisions,
      unplaceable,
      commit: () => threads.install(working),
      discard: (why) => {
        threads.forget(working.keys());
        // A refused write is most often a message or link deleted since it was cached. (During
        // an outage the cache is what still answers clicks: it is kept.)
        if (why !== 'refused') return;
        for (const hit of hits) lookup.forget(hit.accountId, hit.messageId, hit.linkId);
      },
    };
  };
}

async function resolveTargets(
  lookup: TargetLookup,
  hits: Hit[],
): Promise<{ placed: Placed[]; unplaceable: Set<string> }> {
  // Every lookup is started before any is awaited, so the misses share one query.
  const messages = hits.map((hit) => lookup.message(hit.accountId, hit.messageId));
  const links = hits.map((hit) => (hit.linkId ? lookup.link(hit.accountId, hit.linkId) : null));

  const placed: Placed[] = [];
  const unplaceable = new Set<string>();
  for (let i = 0; i < hits.length; i += 1) {
    const pendingMessage = messages[i];
    const pendingLink = links[i];
    // Awaited only when not cached: a batch of hundreds costs no turns of the event loop.
    const message = pendingMessage instanceof Promise ? await pendingMessage : pendingMessage;
    const link = pendingLink instanceof Promise ? await pendingLink : pendingLink;
    if (message.status === 'unavailable' || link?.status === 'unavailable') {
      throw new DatabaseUnavailableError();
    }
    if (message.status === 'unknown' || link?.status === 'unknown') {
      unplaceable.add(hits[i].id);
      continue;
    }
    const linkValue = link?.status === 'found' ? link.value : null;
    if (linkValue && !linkBelongsTo(linkValue, message.value)) {
      unplaceable.add(hits[i].id);
      continue;
    }
    placed.push({ hit: hits[i], message: message.value, link: linkValue });
  }
  return { placed, unplaceable };
}

function toEvent(hit: Hit, message: TrackedMessage, link: TrackedLink | null): StoredEvent {
  return {
    id: hit.id,
    accountId: hit.accountId,
    campaignId: message.campaignId,
    messageId: hit.messageId,
    linkId: link?.id ?? null,
    kind: hit.kind,
    method: hit.method,
    occurredAt: hit.occurredAt,
    clientIp: hit.clientIp,
    network: networkOf(hit.clientIp),
    userAgent: hit.userAgent,
    headers: hit.headers,
    // Placeholders: classifying the thread replaces them before anything is stored.
    verdict: 'automated',
    fetcher: 'generic_bot',
    reasons: [],
    confidence: 0,
    classifierVersion: '',
    evidence: null,
    linkPosition: link?.position ?? null,
    honeypot: link?.honeypot ?? false,
  };
}

function toRow(event: StoredEvent): EventRow {
  const { linkPosition: _position, honeypot: _honeypot, ...row } = event;
  return row;
}
