// The Next.js route handlers' side of the tracking endpoints: the same ingestion as the lean
// path, wrapped in a web Response. The client address comes from x-forwarded-for, which the
// product's Node entry (lib/server/main.ts) always replaces with the address it resolved from
// the socket before a request reaches Next.js.
import { describeError, log } from '../log';
import { normaliseAddress } from '../server/client-address';
import { ingestValidated } from './ingest';
import { pixelAnswer, unavailableAnswer, type TrackingAnswer } from './responses';
import { getTrackingRuntime } from './runtime';
import type { TokenKind } from './token';

export async function answerTrackingRoute(
  kind: TokenKind,
  request: Request,
  token: string,
): Promise<Response> {
  const method = request.method.toUpperCase();
  let answer: TrackingAnswer;
  let eventId: string | undefined;

  try {
    const result = await ingestValidated({
      kind,
      token: token.slice(0, 512),
      method,
      ip: normaliseAddress(request.headers.get('x-forwarded-for') ?? '') ?? '0.0.0.0',
      userAgent: request.headers.get('user-agent'),
      headers: Object.fromEntries(request.headers.entries()),
    });
    answer = result.answer;
    eventId = result.eventId;
  } catch (error) {
    log.error('tracking request failed', { kind, error: describeError(error) });
    answer = kind === 'open' ? pixelAnswer() : unavailableAnswer();
  }

  const headers = new Headers(answer.headers);
  if (eventId && getTrackingRuntime().settings.ackHeader) headers.set('x-verity-event', eventId);
  const body = method === 'HEAD' || answer.body.length === 0 ? null : new Uint8Array(answer.body);
  return new Response(body, { status: answer.status, headers });
}
