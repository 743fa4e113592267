// A JSON request body with a size limit; a list of 100,000 recipients fits comfortably.
import { AppError } from '@/lib/errors';

const MAX_REQUEST_BYTES = 25_000_000;

export async function readJsonBody(request: Request): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_REQUEST_BYTES)
    throw new AppError('payload_too_large', 'request body over 25 MB');

  const text = await request.text();
  if (text.length > MAX_REQUEST_BYTES) {
    throw new AppError('payload_too_large', 'request body over 25 MB');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'request body is not valid JSON');
  }
}
