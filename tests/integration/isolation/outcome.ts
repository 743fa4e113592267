// Turns whatever a page, route handler or server action did into a comparable value, with the
// id that was tried replaced by a placeholder, so "another account's id" and "a missing id" can
// be compared exactly.
import { AppError } from '@/lib/errors';

export type Outcome =
  | { thrown: string; message?: string }
  | { status: number; contentType: string | null; body: string }
  | { value: string };

function serialize(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'function') return `fn:${v.name}`;
      if (typeof v === 'object' && v !== null) {
        // Module namespaces (CSS modules, for one) refer to themselves.
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      if (typeof v === 'symbol' || typeof v === 'bigint') return v.toString();
      if (v instanceof Date) return v.toISOString();
      return v;
    }) ?? 'undefined'
  );
}

function mask(text: string, id: string): string {
  return text.split(id).join('<ID>');
}

/** Runs the attempt and describes its result; `id` is masked in everything it returns. */
export async function outcomeOf(attempt: () => Promise<unknown>, id: string): Promise<Outcome> {
  try {
    const result = await attempt();
    if (result instanceof Response) {
      return {
        status: result.status,
        contentType: result.headers.get('content-type'),
        body: mask(await result.text(), id),
      };
    }
    return { value: mask(serialize(result), id) };
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === 'string') return { thrown: digest.split(';').slice(0, 2).join(';') };
    if (error instanceof AppError)
      return { thrown: `AppError:${error.code}`, message: mask(error.message, id) };
    return { thrown: `unexpected:${error instanceof Error ? error.message : String(error)}` };
  }
}

const REFUSED_CODES = ['not_found', 'forbidden', 'unauthorized'];

/** True when the attempt was refused rather than carried out. */
export function isRefusal(outcome: Outcome): boolean {
  if ('thrown' in outcome) {
    return (
      outcome.thrown === 'NEXT_HTTP_ERROR_FALLBACK;404' ||
      outcome.thrown.startsWith('NEXT_REDIRECT') ||
      REFUSED_CODES.some((code) => outcome.thrown === `AppError:${code}`)
    );
  }
  if ('status' in outcome) return [401, 403, 404].includes(outcome.status);
  const parsed = JSON.parse(outcome.value) as { ok?: boolean; error?: { code?: string } };
  return parsed.ok === false && REFUSED_CODES.includes(parsed.error?.code ?? '');
}

/** Everything of an account that must never show up in another account's answers. */
export function markersOf(account: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') found.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(account);
  return found.filter((m) => m.length >= 8);
}

export function leakedMarkers(outcome: Outcome, markers: string[]): string[] {
  const text = serialize(outcome);
  return markers.filter((m) => text.includes(m));
}
