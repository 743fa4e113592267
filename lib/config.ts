// Configuration, parsed once from the environment. A bad value fails at start-up with a
// message naming the variable, rather than deep inside a request.
import { z } from 'zod';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** A PostgreSQL URL. Unset: the embedded PostgreSQL (PGlite) in VERITY_DATA_DIR. */
  DATABASE_URL: z.string().trim().min(1).optional(),
  /** Where the embedded database, generated secrets and the event spool live. */
  VERITY_DATA_DIR: z.string().trim().min(1).default('.data'),
  /** Secret that signs tracking tokens (at least 32 characters). Generated when unset. */
  VERITY_TOKEN_SECRET: z.string().min(32).optional(),
  /** next-auth's session secret. Generated when unset. */
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  /**
   * Addresses or CIDR ranges of proxies whose X-Forwarded-For is believed, comma separated.
   * Empty: the socket address is the client address.
   */
  VERITY_TRUSTED_PROXIES: z.string().default(''),
  /** Public base URL used in tracking links, e.g. https://t.example.com */
  VERITY_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The parsed environment. Throws one error naming every bad variable. */
export function env(): Env {
  if (cached) return cached;

  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }

  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
