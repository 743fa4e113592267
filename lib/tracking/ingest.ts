// The tracking endpoints' one code path, shared by the lean path in the Node entry, the
// Next.js route handlers and the demo seeder: verify the token, find its message (and link),
// classify the request with the message's thread, store it durably, then answer. The answer to
// a mail client is the same GIF (or the registered redirect) whatever happens inside.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { StoredEvent } from '../events/read-thread';
import type { WriteOutcome } from '../events/event-row';
import { getSecrets } from '../secrets';
import { classifyThreadInPlace, networkOf } from './classify-event';
import type { TrackingTarget } from './lookup';
import {
  methodNotAllowedAnswer,
  notFoundAnswer,
  pixelAnswer,
  redirectAnswer,
  unavailableAnswer,
  type TrackingAnswer,
} from './responses';
import { getTrackingRuntime, type TrackingRuntime } from './runtime';
import { verifyToken, type TokenKind } from './token';

/** Request headers the classifier reads; nothing else of a request is kept. */
export const CLASSIFIER_HEADERS = [
  'accept',
  'accept-language',
  'sec-purpose',
  'via',
  'x-moz',
  'purpose',
];
const MAX_HEADER_CHARS = 512;
const MAX_USER_AGENT_CHARS = 1024;

export const IngestInputSchema = z.object({
  kind: z.enum(['open', 'click']),
  token: z.string().max(4096),
  method: z.string().max(16),
  ip: z.string().max(64),
  userAgent: z.string().nullable(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.undefined()])),
  /** Event time, epoch ms; the demo seeder replays the past with it. Default: now. */
  at: z.number().int().positive().optional(),
});
export type IngestInput = z.input<typeof IngestInputSchema>;

export type IngestStatus =
  | 'recorded'
  | 'spooled'
  | 'unrecorded'
  | 'over_budget'
  | 'invalid_token'
  | 'unknown_target'
  | 'unavailable'
  | 'method_not_allowed';

export interface IngestResult {
  status: IngestStatus;
  /** True when the event is committed or fsynced to the spool. */
  acknowledged: boolean;
  eventId?: string;
  answer: TrackingAnswer;
}

/** Runs exactly what GET|HEAD /o/<token> and /c/<token> run, with an explicit event time. */
export async function ingestTrackingRequest(input: IngestInput): Promise<IngestResult> {
  return ingestValidated(IngestInputSchema.parse(input));
}

export type ValidatedInput = z.output<typeof IngestInputSchema>;

/** The same, for callers that built the input themselves from a request (no parse per hit). */
export async function ingestValidated(request: ValidatedInput): Promise<IngestResult> {
  const runtime = getTrackingRuntime();
  const kind: TokenKind = request.kind;
  const method = request.method.toUpperCase();

  if (method !== 'GET' && method !== 'HEAD') {
    // A pixel answers whatever it is asked; a click refuses methods it does not serve.
    const answer = kind === 'open' ? pixelAnswer() : methodNotAllowedAnswer();
    return { status: 'method_not_allowed', acknowledged: false, answer };
  }

  const claims = verifyToken(getSecrets().tokenSecret, request.token, kind);
  if (!claims) {
    runtime.counters.invalidToken += 1;
    return { status: 'invalid_token', acknowledged: false, answer: missAnswer(kind) };
  }

  // The thread is read while the target is looked up: one round trip of waiting, not two.
  runtime.threads.prefetch(claims.accountId, claims.messageId);
  const lookup = await runtime.lookup.resolve(claims);
  if (lookup.status === 'unknown') {
    runtime.counters.unknownTarget += 1;
    return { status: 'unknown_target', acknowledged: false, answer: missAnswer(kind) };
  }

  const at = request.at ?? Date.now();
  if (lookup.status === 'unavailable') {
    // Genuine token, database away and nothing cached: the event cannot be placed (issue #6).
    runtime.drops.count(claims.accountId, 'database_unavailable', at);
    const answer = kind === 'open' ? pixelAnswer() : unavailableAnswer();
    return { status: 'unavailable', acknowledged: false, answer };
  }

  const target = lookup.target;
  const answer = kind === 'open' ? pixelAnswer() : redirectAnswer(target.link!.url);

  if (!runtime.budget.take(request.ip, Date.now())) {
    runtime.drops.count(target.accountId, 'over_budget', at);
    return { status: 'over_budget', acknowledged: false, answer };
  }

  const event = buildEvent(target, request, method, at);
  const outcome = await classifyAndStore(runtime, target, event);

  if (outcome === 'failed') {
    runtime.drops.count(target.accountId, 'unrecorded', at);
    return { status: 'unrecorded', acknowledged: false, answer };
  }

  runtime.counters.acknowledged += 1;
  const status = outcome === 'committed' ? 'recorded' : 'spooled';
  return { status, acknowledged: true, eventId: event.id, answer };
}

/** Waits until every event handed in so far is committed or spooled; tries to load the spool. */
export async function flushEvents(): Promise<void> {
  const runtime = getTrackingRuntime();
  await runtime.store.flush();
  await runtime.drops.flush();
}

function missAnswer(kind: TokenKind): TrackingAnswer {
  return kind === 'open' ? pixelAnswer() : notFoundAnswer();
}

function buildEvent(
  target: TrackingTarget,
  request: ValidatedInput,
  method: string,
  at: number,
): StoredEvent {
  return {
    id: randomUUID(),
    accountId: target.accountId,
    campaignId: target.campaignId,
    messageId: target.messageId,
    linkId: target.link?.id ?? null,
    kind: request.kind,
    method,
    occurredAt: at,
    clientIp: request.ip,
    network: networkOf(request.ip),
    userAgent: request.userAgent === null ? null : request.userAgent.slice(0, MAX_USER_AGENT_CHARS),
    headers: pickHeaders(request.headers),
    // Placeholders: the classification below replaces them before anything is stored.
    verdict: 'automated',
    fetcher: 'generic_bot',
    reasons: [],
    confidence: 0,
    classifierVersion: '',
    evidence: null,
    linkPosition: target.link?.position ?? null,
    honeypot: target.link?.honeypot ?? false,
  };
}

async function classifyAndStore(
  runtime: TrackingRuntime,
  target: TrackingTarget,
  event: StoredEvent,
): Promise<WriteOutcome> {
  const context = { deliveredAt: target.deliveredAt, linkCount: target.linkCount };

  // Classify and hand to the store under the message's lock, so the store sees each message's
  // events and revisions in the order they were decided; the commit is awaited outside it.
  const { written } = await runtime.threads.withThread(
    target.accountId,
    target.messageId,
    (thread) => {
      thread.push(event);
      const revisions = classifyThreadInPlace(context, thread, event.id);
      return { written: runtime.store.record([toRow(event)], revisions) };
    },
  );

  const outcome = await written;
  if (outcome === 'failed') runtime.threads.forget(target.messageId, event.id);
  return outcome;
}

function toRow(event: StoredEvent) {
  const { linkPosition, honeypot, ...row } = event;
  void linkPosition;
  void honeypot;
  return { ...row };
}

function pickHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of CLASSIFIER_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    picked[name] = text.slice(0, MAX_HEADER_CHARS);
  }
  return picked;
}
