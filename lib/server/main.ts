// The product's Node entry: one HTTP server in front of Next.js (lib/server/create-server.ts).
// It owns the socket, so it is the one place that knows the real client address; it replaces
// any forwarded header a client sent before a request reaches Next.js, and answers /o/ and /c/
// itself on the lean path. `--tracking-only` starts it without Next.js: a lean tracker process.
import type { Server } from 'node:http';
import next from 'next';
import { env } from '../config';
import { getDb } from '../db';
import { clearExpiredAddresses } from '../events/retention';
import { describeError, log } from '../log';
import { closeTrackingRuntime, getTrackingRuntime } from '../tracking/runtime';
import { parseTrustedProxies } from './client-address';
import { createVerityServer, type RequestHandler } from './create-server';
import { listenUrl } from './listen-url';

const dev = process.argv.includes('--dev');
const trackingOnly = process.argv.includes('--tracking-only');
const RETENTION_EVERY_MS = 60 * 60_000;

process.env.NEXT_TELEMETRY_DISABLED = '1';

async function main(): Promise<void> {
  // PORT, HOST and every other setting are checked here, before anything starts.
  const config = env();
  const { PORT: port, HOST: hostname } = config;
  const trusted = parseTrustedProxies(config.VERITY_TRUSTED_PROXIES);
  const tracking = getTrackingRuntime();
  // The embedded database is opened now: if another process has its folder, start-up stops
  // with that process named rather than serving pages that cannot read anything. (A PostgreSQL
  // server may be away at start; the tracker answers meanwhile and the spool waits for it.)
  if (!config.DATABASE_URL) await getDb();

  let handler: RequestHandler | undefined;
  if (!trackingOnly) {
    const app = next({ dev, hostname, port });
    handler = app.getRequestHandler();
    await app.prepare();
  }

  const server = createVerityServer({
    trusted,
    lean: tracking.settings.lean,
    ackHeader: tracking.settings.ackHeader,
    next: handler,
    dev,
    secure: config.VERITY_PUBLIC_URL?.startsWith('https:') ?? false,
  });
  const listening = listen(server, port, hostname);

  // Events spooled by an earlier run load as soon as the database answers.
  void tracking.store.flush();
  startRetention();
  stopGracefully(server);

  await listening;
  process.stdout.write(`verity listening on ${listenUrl(hostname, port)}\n`);
}

/** Resolves once listening; rejects with the socket's error (address in use, not available). */
function listen(server: Server, port: number, hostname: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Clears client addresses past each account's retention, hourly. */
function startRetention(): void {
  const run = async () => {
    try {
      const cleared = await clearExpiredAddresses((await getDb()).sql);
      if (cleared > 0) log.info('client addresses cleared after retention', { events: cleared });
    } catch (error) {
      log.warn('address retention run failed', { error: describeError(error) });
    }
  };
  setTimeout(run, 30_000).unref();
  setInterval(run, RETENTION_EVERY_MS).unref();
}

/** On SIGTERM/SIGINT: stop accepting, write everything pending, then exit. */
function stopGracefully(server: ReturnType<typeof createVerityServer>): void {
  const stop = () => {
    server.close();
    closeTrackingRuntime()
      .catch((error: unknown) =>
        log.error('shutdown flush failed', { error: describeError(error) }),
      )
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// One line naming the problem (a bad variable, a port in use), no stack trace: these are the
// operator's to fix, not the code's. LOG_LEVEL=debug adds the stack for the other kind.
main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const stack = process.env.LOG_LEVEL === 'debug' && error instanceof Error ? error.stack : '';
  process.stderr.write(`verity failed to start: ${message}\n${stack ? `${stack}\n` : ''}`);
  process.exit(1);
});
