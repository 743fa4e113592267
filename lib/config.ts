// Configuration, parsed once from the environment. A bad value fails at start-up with a
// message naming the variable, rather than deep inside a request.
import { isIP, isIPv6 } from 'node:net';
import { z } from 'zod';

const PORT_PROBLEM = 'must be a port number from 1 to 65535';
const HOST_PROBLEM =
  'must be an IP address or a host name, e.g. 127.0.0.1, ::1, 0.0.0.0 or localhost';

/** A host name of dot-separated labels (letters, digits, inner hyphens), at most 253 characters. */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/** The port to listen on: digits only, 1-65535 (Node would take "abc" or 99999 and fail later). */
const Port = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/, PORT_PROBLEM)
  .transform(Number)
  .refine((port) => port >= 1 && port <= 65_535, PORT_PROBLEM);

/** The address to listen on; an IPv6 literal may come in brackets ([::1]), which are removed. */
const Host = z
  .string()
  .trim()
  .transform((host) =>
    /^\[.*\]$/.test(host) && isIPv6(host.slice(1, -1)) ? host.slice(1, -1) : host,
  )
  .refine((host) => isIP(host) !== 0 || HOST_NAME.test(host), HOST_PROBLEM);

const EnvSchema = z.object({
  /** The port the Node entry listens on. */
  PORT: Port.default(3000),
  /** The address the Node entry listens on (default loopback only). */
  HOST: Host.default('127.0.0.1'),
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

/** Parses an environment. Throws one error naming every bad variable, on one line. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** The parsed process environment. Throws one error naming every bad variable. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
