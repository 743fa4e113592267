// Sign-in rate limiting: a fixed window per key (a hash of the email, and one of the client
// address), counted in the database so every dashboard process shares the same counts and a
// restart does not reset them. An email key allows VERITY_SIGNIN_MAX_ATTEMPTS failures per
// window; an address key allows VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS, a higher number, so one
// person's wrong passwords do not lock out everyone else signing in from the same address.
import { createHash } from 'node:crypto';
import { getDb } from '@/lib/db';
import { authConfig } from './auth-config';

type KeyKind = 'email' | 'ip' | 'signup';

/** Keys never hold the email or address itself, only a hash. */
export function rateLimitKey(kind: KeyKind, value: string): string {
  return `${kind}:${createHash('sha256').update(value.toLowerCase()).digest('base64url')}`;
}

/** The sign-in attempts a key allows per window: its own limit for a client address. */
function signInLimit(key: string): number {
  const config = authConfig();
  return key.startsWith('ip:')
    ? config.VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS
    : config.VERITY_SIGNIN_MAX_ATTEMPTS;
}

/** True when every key is still under its limit; false once any key has used its attempts. */
export async function isSignInAllowed(keys: string[], now = new Date()): Promise<boolean> {
  const { sql } = await getDb();
  const { rows } = await sql.query<{ over: number }>(
    `SELECT count(*)::int AS over
       FROM "RateLimitBucket" b JOIN unnest($1::text[], $2::int[]) AS l("key", "max")
         ON b."key" = l."key"
      WHERE b."windowEndsAt" > $3 AND b."count" >= l."max"`,
    [keys, keys.map(signInLimit), now],
  );
  return rows[0].over === 0;
}

/** Counts one failed attempt against every key; an ended window starts again at 1. */
export async function recordFailedSignIn(keys: string[], now = new Date()): Promise<void> {
  await countAttempt(keys, authConfig().VERITY_SIGNIN_WINDOW_SECONDS, now);
}

/** A reservation's outcome: refused ones say how long until the refusing windows end. */
export type Reservation = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Reserves one attempt against every key before the password is checked, in one statement, so
 * parallel guesses cannot all pass a check made before any of them is counted. Refused (and the
 * reservation given back) once any key would go over its limit (VERITY_SIGNIN_MAX_ATTEMPTS for
 * an email, VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS for a client address). A failed attempt
 * simply keeps its reservation; a successful one calls releaseSignInAttempt.
 */
export async function reserveSignInAttempt(keys: string[], now = new Date()): Promise<Reservation> {
  return reserveAttempt(keys, signInLimit, authConfig().VERITY_SIGNIN_WINDOW_SECONDS, now);
}

/**
 * After a successful sign-in: the email's failures are cleared (as before) and the attempt
 * reserved against the other keys (the client address) is given back, so only failures count.
 */
export async function releaseSignInAttempt(
  emailKey: string,
  otherKeys: string[],
  now = new Date(),
): Promise<void> {
  await giveBackAttempt(otherKeys);
  await clearSignInFailures(emailKey, now);
}

/**
 * Counts a sign-up from this client address; false (and nothing counted) once the address has
 * made VERITY_SIGNUP_MAX_PER_HOUR within the hour.
 */
export async function allowSignUp(clientAddress: string, now = new Date()): Promise<boolean> {
  const key = rateLimitKey('signup', clientAddress);
  const max = authConfig().VERITY_SIGNUP_MAX_PER_HOUR;
  return (await reserveAttempt([key], () => max, 3600, now)).allowed;
}

async function reserveAttempt(
  keys: string[],
  limitOf: (key: string) => number,
  windowSeconds: number,
  now: Date,
): Promise<Reservation> {
  const buckets = await countAttempt(keys, windowSeconds, now);
  const over = buckets.filter((bucket) => bucket.count > limitOf(bucket.key));
  if (over.length === 0) return { allowed: true };
  await giveBackAttempt(keys);
  // Allowed again once every refusing window has ended.
  const endsAt = Math.max(...over.map((bucket) => bucket.windowEndsAt.getTime()));
  return { allowed: false, retryAfterMs: Math.max(0, endsAt - now.getTime()) };
}

async function giveBackAttempt(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const { sql } = await getDb();
  await sql.query(
    `UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ANY($1::text[])`,
    [keys],
  );
}

interface Bucket {
  key: string;
  count: number;
  windowEndsAt: Date;
}

/** Adds one to every key and returns the new counts (keys sorted so rows lock in one order). */
async function countAttempt(keys: string[], windowSeconds: number, now: Date): Promise<Bucket[]> {
  const windowEndsAt = new Date(now.getTime() + windowSeconds * 1000);
  const { sql } = await getDb();
  const { rows } = await sql.query<Bucket>(
    `INSERT INTO "RateLimitBucket" ("key", "count", "windowEndsAt")
     SELECT k, 1, $2 FROM unnest($1::text[]) AS k ORDER BY k
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN "RateLimitBucket"."windowEndsAt" <= $3
                      THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
       "windowEndsAt" = CASE WHEN "RateLimitBucket"."windowEndsAt" <= $3
                      THEN EXCLUDED."windowEndsAt" ELSE "RateLimitBucket"."windowEndsAt" END
     RETURNING "key", "count", "windowEndsAt"`,
    [[...new Set(keys)].sort(), windowEndsAt, now],
  );
  return rows.map((row) => ({
    key: row.key,
    count: Number(row.count),
    windowEndsAt: new Date(row.windowEndsAt),
  }));
}

/** A successful sign-in clears the email's failures (not the address's) and old windows. */
export async function clearSignInFailures(key: string, now = new Date()): Promise<void> {
  const { sql } = await getDb();
  await sql.query(`DELETE FROM "RateLimitBucket" WHERE "key" = $1 OR "windowEndsAt" <= $2`, [
    key,
    now,
  ]);
}

/** For tests. */
export async function resetSignInLimits(): Promise<void> {
  const { sql } = await getDb();
  await sql.query(`DELETE FROM "RateLimitBucket"`);
}
