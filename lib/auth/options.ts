// next-auth configuration: email and password through the credentials provider, sessions as
// signed JWTs in an httpOnly cookie that expire after VERITY_SESSION_MAX_AGE_SECONDS.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { log } from '@/lib/log';
import { authConfig, ensureNextAuthEnv } from './auth-config';
import { selectAuthRedirect } from './safe-callback';
import { endUserSessions } from './session-version';
import { verifyAgainstDecoy, verifyPassword } from './password';
import { rateLimitKey, releaseSignInAttempt, reserveSignInAttempt } from './rate-limit';
import { RATE_LIMITED, rateLimitedCode } from './sign-in-refusal';

const Credentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

/**
 * The prefix of the error code the sign-in page shows as "too many attempts": the full code is
 * `rate_limited:<minutes to wait>` (lib/auth/sign-in-refusal).
 */
export { RATE_LIMITED };

type HeaderBag = Record<string, string | string[] | undefined> | undefined;

/** The custom server replaces X-Forwarded-For with the real client address (lib/server). */
function clientAddress(headers: HeaderBag): string {
  const raw = headers?.['x-forwarded-for'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value?.split(',')[0]?.trim() || 'unknown';
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  /** Goes into the session token; see lib/auth/session-version. */
  sessionVersion: number;
}

export async function authorizeCredentials(
  input: unknown,
  headers: HeaderBag,
): Promise<SignedInUser | null> {
  const parsed = Credentials.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const emailKey = rateLimitKey('email', email);
  const addressKey = rateLimitKey('ip', clientAddress(headers));
  // Counted before the slow password check, so parallel guesses cannot all get through.
  const reservation = await reserveSignInAttempt([emailKey, addressKey]);
  if (!reservation.allowed) {
    log.warn('sign-in rate limited');
    throw new Error(rateLimitedCode(reservation.retryAfterMs));
  }

  const db = await prisma();
  const user = await db.user.findUnique({ where: { email } });
  const valid = user
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDecoy(password);

  // A failure keeps its reservation; a success gives it back.
  if (!user || !valid) return null;
  await releaseSignInAttempt(emailKey, [addressKey]);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

export function getAuthOptions(): NextAuthOptions {
  const secret = ensureNextAuthEnv();
  const config = authConfig();

  return {
    secret,
    session: { strategy: 'jwt', maxAge: config.VERITY_SESSION_MAX_AGE_SECONDS, updateAge: 0 },
    jwt: { maxAge: config.VERITY_SESSION_MAX_AGE_SECONDS },
    // Secure cookies (and the __Secure- prefix) whenever the site is served over https.
    useSecureCookies: config.secure,
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        authorize: (credentials, req) => authorizeCredentials(credentials, req?.headers),
      }),
    ],
    events: {
      // Ends this user's tokens server-side, not only the cookie in this browser.
      async signOut({ token }) {
        if (typeof token?.sub === 'string') await endUserSessions(token.sub);
      },
    },
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as Partial<SignedInUser>).sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        const user = { ...session.user, id: token.sub ?? '', sessionVersion: token.sv };
        return { ...session, user };
      },
      // Only ever send people back into this site after sign-in or sign-out.
      redirect({ url, baseUrl }) {
        return selectAuthRedirect(url, baseUrl);
      },
    },
  };
}
