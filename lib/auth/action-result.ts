// What every dashboard server action returns. Thrown errors of a server action reach the
// browser as an opaque failure in production, so actions catch them here and answer with a
// code and a safe message the form can show; unknown errors are logged and answered generically.
import { unstable_rethrow } from 'next/navigation';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from '@/lib/errors';
import { describeError, log } from '@/lib/log';

export type ActionResult<T = null> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: { code: ErrorCode | 'internal'; message: string; fields?: Record<string, string> };
    };

function zodFields(error: ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((i) => [i.path.join('.') || 'input', i.message]));
}

export async function runAction<T>(name: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    // redirect() and notFound() are control flow for Next.js, not failures.
    unstable_rethrow(error);
    if (error instanceof AppError) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    if (error instanceof ZodError) {
      const fields = zodFields(error);
      return {
        ok: false,
        error: { code: 'bad_request', message: 'check the highlighted fields', fields },
      };
    }
    log.error('server action failed', { action: name, error: describeError(error) });
    return { ok: false, error: { code: 'internal', message: 'internal error' } };
  }
}
