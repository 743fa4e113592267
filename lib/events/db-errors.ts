// Telling "the database is away" from "this row is wrong". An outage sends batches to the
// spool; a data error must not, or one bad row would block the spool forever.

/** SQLSTATE classes 22 (data exception) and 23 (integrity violation) are the row's fault. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)/.test(code);
}

/** Deadlock (40P01) or serialisation failure (40001): the same statement may well succeed. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** What a database read needed before writing could not be had: the database is away. */
export class DatabaseUnavailableError extends Error {
  constructor(message = 'the database could not be read') {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

export class DatabaseTimeoutError extends Error {
  constructor(ms: number) {
    super(`database did not answer within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** Rejects when work takes longer than ms; the work itself may still finish later. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An error that says the database is away, not that the work itself is wrong: our own
 * unavailable and timeout errors, a system error of the connection (ECONNREFUSED, ECONNRESET,
 * ...), or SQLSTATE class 08 (connection exception), 57P (shut down) or 53 (out of resources).
 */
export function isOutage(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError || error instanceof DatabaseTimeoutError) {
    return true;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(E[A-Z]+$|08|57P|53)/.test(code);
}
