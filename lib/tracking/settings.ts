// Tracking-path settings, parsed once from the environment with zod; a bad value fails at
// start-up naming the variable.
import path from 'node:path';
import { z } from 'zod';
import { env } from '../config';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const TrackingEnv = z.object({
  /** Sustained requests per second one client address may make before excess is only counted. */
  VERITY_ADDRESS_RATE: z.coerce.number().min(0).default(50),
  /** Burst allowance of one address (token bucket size). 0 with rate 0 turns the budget off. */
  VERITY_ADDRESS_BURST: z.coerce.number().min(0).default(1000),
  /** Serve /o/ and /c/ in the Node entry itself (default) rather than through Next.js. */
  VERITY_LEAN_TRACKING: flag.default(true),
  /** Diagnostics for tests and the benchmark: send the event id of an acknowledged request. */
  VERITY_ACK_HEADER: flag.default(false),
  /** Events of one message the live classifier sees (the most recent ones). */
  VERITY_THREAD_WINDOW: z.coerce.number().int().min(1).max(1000).default(50),
  /**
   * When a valid request is acknowledged: "spool" (default) once its batch is fsynced to the
   * local spool, which is classified and loaded into the database in the background
   * (write-ahead: no database round trip before the answer); or "database" once its batch is
   * classified and committed (the spool only while the database is away).
   */
  VERITY_ACK_AFTER: z.enum(['database', 'spool']).default('spool'),
  /**
   * Acknowledging after the spool: how often the spool is loaded into the database. Longer means
   * larger batches (less database work per event) and figures that lag further behind.
   */
  VERITY_SPOOL_LOAD_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /**
   * Acknowledging after the spool: while the process is busy answering (its event loop more
   * than 60 % occupied), loading waits until the oldest spooled hit is this old. 0: never wait.
   */
  VERITY_SPOOL_MAX_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** A database call slower than this counts as an outage; the batch goes to the spool. */
  VERITY_DB_TIMEOUT_MS: z.coerce.number().int().min(50).default(2000),
});

export interface TrackingSettings {
  addressRate: number;
  addressBurst: number;
  lean: boolean;
  ackHeader: boolean;
  threadWindow: number;
  dbTimeoutMs: number;
  spoolDir: string;
  writeAhead: boolean;
  spoolLoadMs: number;
  spoolMaxDelayMs: number;
}

export function readTrackingSettings(source: NodeJS.ProcessEnv = process.env): TrackingSettings {
  const parsed = TrackingEnv.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }

  const values = parsed.data;
  return {
    addressRate: values.VERITY_ADDRESS_RATE,
    addressBurst: values.VERITY_ADDRESS_BURST,
    lean: values.VERITY_LEAN_TRACKING,
    ackHeader: values.VERITY_ACK_HEADER,
    threadWindow: values.VERITY_THREAD_WINDOW,
    dbTimeoutMs: values.VERITY_DB_TIMEOUT_MS,
    spoolDir: path.resolve(env().VERITY_DATA_DIR, 'spool'),
    writeAhead: values.VERITY_ACK_AFTER === 'spool',
    spoolLoadMs: values.VERITY_SPOOL_LOAD_MS,
    spoolMaxDelayMs: values.VERITY_SPOOL_MAX_DELAY_MS,
  };
}
