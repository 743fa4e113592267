// The lean path: /o/ and /c/ answered by the Node entry itself, without Next.js's per-request
// cost (about 0.8 ms of CPU), through the same ingestion code the route handlers run.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError, log } from '../log';
import { ingestValidated } from '../tracking/ingest';
import type { TrackingPath } from '../tracking/paths';
import { pixelAnswer, unavailableAnswer, type TrackingAnswer } from '../tracking/responses';

export async function serveTracking(
  req: IncomingMessage,
  res: ServerResponse,
  path: TrackingPath,
  ip: string,
  ackHeader: boolean,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  let answer: TrackingAnswer;
  let eventId: string | undefined;

  try {
    const result = await ingestValidated({
      kind: path.kind,
      token: path.token,
      method,
      ip,
      userAgent: req.headers['user-agent'] ?? null,
      headers: req.headers,
    });
    answer = result.answer;
    eventId = result.eventId;
  } catch (error) {
    log.error('tracking request failed', { kind: path.kind, error: describeError(error) });
    answer = path.kind === 'open' ? pixelAnswer() : unavailableAnswer();
  }

  if (res.destroyed) return;
  const headers: Record<string, string> = { ...answer.headers };
  if (eventId && ackHeader) headers['x-verity-event'] = eventId;
  res.writeHead(answer.status, headers);
  res.end(method === 'HEAD' ? undefined : answer.body);
}
