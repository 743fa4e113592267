// Sign-in rate limiting: a fixed window per key (a hash of the email, and the client address),
// counted in memory. (issue #5: move the buckets to the database when the dashboard runs as
// more than one process.)
import { createHash } from 'node:crypto';
import { authConfig } from './auth-config';

interface Bucket {
  count: number;
  windowEndsAt: number;
}

const GLOBAL_KEY = Symbol.for('verity.signin-buckets');
type Holder = { [GLOBAL_KEY]?: Map<string, Bucket> };

function buckets(): Map<string, Bucket> {
  const holder = globalThis as Holder;
  holder[GLOBAL_KEY] ??= new Map();
  return holder[GLOBAL_KEY];
}

/** Keys never hold the email or address itself, only a hash. */
export function rateLimitKey(kind: 'email' | 'ip', value: string): string {
  return `${kind}:${createHash('sha256').update(value.toLowerCase()).digest('base64url')}`;
}

/** True when every key is still under the limit; false once any key has used its attempts. */
export function isSignInAllowed(keys: string[], now = Date.now()): boolean {
  const { VERITY_SIGNIN_MAX_ATTEMPTS: max } = authConfig();
  return keys.every((key) => {
    const bucket = buckets().get(key);
    return !bucket || bucket.windowEndsAt <= now || bucket.count < max;
  });
}

/** Counts one failed attempt against every key. */
export function recordFailedSignIn(keys: string[], now = Date.now()): void {
  const windowMs = authConfig().VERITY_SIGNIN_WINDOW_SECONDS * 1000;
  for (const key of keys) {
    const bucket = buckets().get(key);
    if (!bucket || bucket.windowEndsAt <= now) {
      buckets().set(key, { count: 1, windowEndsAt: now + windowMs });
    } else {
      bucket.count += 1;
    }
  }
  pruneExpired(now);
}

/** A successful sign-in clears the email's failures (not the address's). */
export function clearSignInFailures(key: string): void {
  buckets().delete(key);
}

export function resetSignInLimits(): void {
  buckets().clear();
}

function pruneExpired(now: number): void {
  if (buckets().size < 10_000) return;
  for (const [key, bucket] of buckets()) {
    if (bucket.windowEndsAt <= now) buckets().delete(key);
  }
}
