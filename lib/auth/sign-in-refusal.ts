// The refusal of a rate-limited sign-in, as next-auth carries it: the error code of the thrown
// error ("rate_limited:<minutes>") is all that reaches the sign-in form, so the minutes to wait
// travel inside it. No server imports: the sign-in form (a client component) reads it too.

/** The error code's prefix; the form shows it as "too many attempts". */
export const RATE_LIMITED = 'rate_limited';

/** Whole minutes until a window that ends in `remainingMs`, rounded up, at least 1. */
export function minutesToWait(remainingMs: number): number {
  return Math.max(1, Math.ceil(remainingMs / 60_000));
}

/** The error code of a refusal whose window ends in `remainingMs`. */
export function rateLimitedCode(remainingMs: number): string {
  return `${RATE_LIMITED}:${minutesToWait(remainingMs)}`;
}

/** The sentence shown for a refusal's error code; undefined for any other code. */
export function rateLimitedMessage(code: string): string | undefined {
  const match = /^rate_limited(?::(\d{1,6}))?$/.exec(code);
  if (!match) return undefined;
  if (match[1] === undefined) return 'Too many sign-in attempts. Try again later.';
  const minutes = Number(match[1]);
  const unit = minutes === 1 ? 'minute' : 'minutes';
  return `Too many sign-in attempts. Try again in ${minutes} ${unit}.`;
}
