// Structured logging: one JSON line per entry on stderr. Log ids, counts and reason codes only.
// Never recipient addresses, client IP addresses, message content or whole tracking tokens.
import { env } from './config';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

const ORDER: Record<Level | 'silent', number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 99,
};

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger that adds these fields (request id, account id, ...) to every entry. */
  child(fields: Fields): Logger;
}

function threshold(): number {
  try {
    return ORDER[env().LOG_LEVEL];
  } catch {
    return ORDER.info;
  }
}

function makeLogger(base: Fields): Logger {
  const write = (level: Level, msg: string, fields?: Fields) => {
    if (ORDER[level] < threshold()) return;
    const entry = { time: new Date().toISOString(), level, msg, ...base, ...fields };
    process.stderr.write(JSON.stringify(entry) + '\n');
  };

  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => makeLogger({ ...base, ...fields }),
  };
}

export const log: Logger = makeLogger({});

/** The message and class of an error, without its stack or any data it carries. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
