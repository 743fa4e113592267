// The tracking endpoints' one code path, shared by the lean path in the Node entry, the
// Next.js route handlers and the demo seeder: verify the token, find a click's registered
// destination, hand the request (reduced to what the classifier reads) to the event store, then
// answer once the store says it is safe. Classification happens when the store writes the event
// (lib/tracking/place-hits.ts). The answer to a mail client is the same GIF (or the registered
// redirect) whatever happens inside.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Hit } from '../events/event-row';
import { getSecrets } from '../secrets';
import {
  methodNotAllowedAnswer,
  notFoundAnswer,
  pixelAnswer,
  redirectAnswer,
  unavailableAnswer,
  type TrackingAnswer,
} from './responses';
import { getTrackingRuntime } from './runtime';
import { verifyToken, type TokenClaims, type TokenKind } from './token';

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

  const at = request.at ?? Date.now();
  let answer = pixelAnswer();
  if (claims.linkId) {
    // A click answers with its registered destination, so that must be known first.
    const pending = runtime.lookup.link(claims.accountId, claims.linkId);
    const link = pending instanceof Promise ? await pending : pending;
    if (link.status === 'unavailable') {
      // Database away and the link not cached: no destination to send the person to.
      runtime.drops.count(claims.accountId, 'database_unavailable', at);
      return { status: 'unavailable', acknowledged: false, answer: unavailableAnswer() };
    }
    const { messageId } = link.status === 'found' ? link.value : { messageId: undefined };
    if (link.status === 'unknown' || (messageId && messageId !== claims.messageId)) {
      runtime.counters.unknownTarget += 1;
      return { status: 'unknown_target', acknowledged: false, answer: notFoundAnswer() };
    }
    answer = redirectAnswer(link.value.url);
  }

  if (!runtime.budget.take(request.ip, Date.now())) {
    runtime.drops.count(claims.accountId, 'over_budget', at);
    return { status: 'over_budget', acknowledged: false, answer };
  }

  const hit = buildHit(claims, request, method, at);
  const outcome = await runtime.store.record(hit);

  if (outcome === 'unknown') {
    // Acknowledging after the database commit, the message was found to be gone.
    runtime.counters.unknownTarget += 1;
    return { status: 'unknown_target', acknowledged: false, answer: missAnswer(kind) };
  }
  if (outcome === 'failed') {
    runtime.drops.count(claims.accountId, 'unrecorded', at);
    return { status: 'unrecorded', acknowledged: false, answer };
  }

  runtime.counters.acknowledged += 1;
  const status = outcome === 'committed' ? 'recorded' : 'spooled';
  return { status, acknowledged: true, eventId: hit.id, answer };
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

function buildHit(claims: TokenClaims, request: ValidatedInput, method: string, at: number): Hit {
  return {
    id: randomUUID(),
    kind: request.kind,
    method,
    occurredAt: at,
    accountId: claims.accountId,
    messageId: claims.messageId,
    linkId: claims.linkId ?? null,
    clientIp: request.ip,
    userAgent: request.userAgent === null ? null : request.userAgent.slice(0, MAX_USER_AGENT_CHARS),
    headers: pickHeaders(request.headers),
  };
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
