// Sign-in rate limiting: a fixed window per key (a hash of the email, and one of the client
// address), counted in the database so every dashboard process shares the same counts and a
// restart does not reset them.
import { createHash } from 'node:crypto';
import { getDb } from '@/lib/db';
import { authConfig } from './auth-config';

/** Keys never hold the email or address itself, only a hash. */
export function rateLimitKey(kind: 'email' | 'ip' | 'signup', value: string): string {
  return `${kind}:${createHash('sha256').update(value.toLowerCase()).digest('base64url')}`;
}

async function isUnderLimit(keys: string[], max: number, now: Date): Promise<boolean> {
  const { sql } = await getDb();
  const { rows } = await sql.query<{ over: number }>(
    `SELECT count(*)::int AS over FROM "RateLimitBucket"
      WHERE "key" = ANY($1::text[]) AND "windowEndsAt" > $2 AND "count" >= $3`,
    [keys, now, max],
  );
  return rows[0].over === 0;
}

/** True when every key is still under the limit; false once any key has used its attempts. */
export async function isSignInAllowed(keys: string[], now = new Date()): Promise<boolean> {
  return isUnderLimit(keys, authConfig().VERITY_SIGNIN_MAX_ATTEMPTS, now);
}

/** Counts one failed attempt against every key; an ended window starts again at 1. */
export async function recordFailedSignIn(keys: string[], now = new Date()): Promise<void> {
  await countAttempt(keys, authConfig().VERITY_SIGNIN_WINDOW_SECONDS, now);
}

/**
 * Reserves one attempt against every key before the password is checked, in one statement, so
 * parallel guesses cannot all pass a check made before any of them is counted. False (and the
 * reservation given back) once any key would go over VERITY_SIGNIN_MAX_ATTEMPTS. A failed
 * attempt simply keeps its reservation; a successful one calls releaseSignInAttempt.
 */
export async function reserveSignInAttempt(keys: string[], now = new Date()): Promise<boolean> {
  const { VERITY_SIGNIN_MAX_ATTEMPTS: max, VERITY_SIGNIN_WINDOW_SECONDS: window } = authConfig();
  return reserveAttempt(keys, max, window, now);
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
  return reserveAttempt([key], authConfig().VERITY_SIGNUP_MAX_PER_HOUR, 3600, now);
}

async function reserveAttempt(
  keys: string[],
  max: number,
  windowSeconds: number,
  now: Date,
): Promise<boolean> {
  const counts = await countAttempt(keys, windowSeconds, now);
  if (counts.every((count) => count <= max)) return true;
  await giveBackAttempt(keys);
  return false;
}

async function giveBackAttempt(keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const { sql } = await getDb();
  await sql.query(
    `UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ANY($1::text[])`,
    [keys],
  );
}

/** Adds one to every key and returns the new counts (keys sorted so rows lock in one order). */
async function countAttempt(keys: string[], windowSeconds: number, now: Date): Promise<number[]> {
  const windowEndsAt = new Date(now.getTime() + windowSeconds * 1000);
  const { sql } = await getDb();
  const { rows } = await sql.query<{ count: number }>(
    `INSERT INTO "RateLimitBucket" ("key", "count", "windowEndsAt")
     SELECT k, 1, $2 FROM unnest($1::text[]) AS k ORDER BY k
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN "RateLimitBucket"."windowEndsAt" <= $3
                      THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
       "windowEndsAt" = CASE WHEN "RateLimitBucket"."windowEndsAt" <= $3
                      THEN EXCLUDED."windowEndsAt" ELSE "RateLimitBucket"."windowEndsAt" END
     RETURNING "count"`,
    [[...new Set(keys)].sort(), windowEndsAt, now],
  );
  return rows.map((row) => Number(row.count));
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
