// Settings of the accounts part, parsed once from the environment: session lifetime and the
// sign-in rate limit (tests lower them). Also fills in next-auth's own variables, lazily, because
// `next build` imports route modules and must not generate secrets.
import { z } from 'zod';
import { getSecrets } from '@/lib/secrets';

const AuthEnvSchema = z.object({
  /** How long a sign-in lasts, in seconds (default 8 hours). */
  VERITY_SESSION_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(8 * 3600),
  /** Failed sign-in attempts allowed per email within the window. */
  VERITY_SIGNIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  /**
   * Failed sign-in attempts allowed per client address within the window, whatever the emails:
   * higher than the per-email limit, so people sharing an address (an office, a NAT) are not all
   * locked out by one person's mistakes.
   */
  VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  VERITY_SIGNIN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  /** Sign-ups (new accounts) allowed per client address per hour. */
  VERITY_SIGNUP_MAX_PER_HOUR: z.coerce.number().int().min(1).default(10),
  NEXTAUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
});

export type AuthConfig = z.infer<typeof AuthEnvSchema> & { baseUrl: string; secure: boolean };

let cached: AuthConfig | undefined;

export function authConfig(): AuthConfig {
  if (cached) return cached;

  const parsed = AuthEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  const baseUrl = parsed.data.NEXTAUTH_URL ?? `http://localhost:${parsed.data.PORT}`;
  cached = { ...parsed.data, baseUrl, secure: baseUrl.startsWith('https://') };
  return cached;
}

/** For tests that change the environment between cases. */
export function resetAuthConfig(): void {
  cached = undefined;
}

/** next-auth reads NEXTAUTH_SECRET and NEXTAUTH_URL from process.env; set them when unset. */
export function ensureNextAuthEnv(): string {
  const secret = process.env.NEXTAUTH_SECRET || getSecrets().authSecret;
  process.env.NEXTAUTH_SECRET = secret;
  process.env.NEXTAUTH_URL ||= authConfig().baseUrl;
  return secret;
}
