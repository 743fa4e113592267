// The product's Node entry: one HTTP server in front of Next.js.
// It owns the socket, so it is the one place that knows the real client address; it replaces
// any forwarded header a client sent before a request reaches Next.js (see lib/server/client-address.ts).
import { createServer } from 'node:http';
import next from 'next';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';

process.env.NEXT_TELEMETRY_DISABLED = '1';

async function main(): Promise<void> {
  const app = next({ dev, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  server.listen(port, hostname, () => {
    process.stdout.write(`verity listening on http://${hostname}:${port}\n`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`verity failed to start: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
