// Tracking benchmark (issue 6): builds the product, starts the production server on the
// PostgreSQL server, and drives /o/ and /c/ for valid tokens (the demo corpus's user agents,
// headers and addresses, the address through the trusted-proxy header) with autocannon at 50
// connections; in the same run the same tool drives a bare node:http server answering the same
// GIF. Prints both, the ratio, peak RSS (of the tracking server: until its spool is loaded),
// acknowledged vs stored, and a RESULT line.
//   npm run -s bench:tracking [-- --no-build]
// Env: BENCH_POSTGRES_URL (default the local server), BENCH_SECONDS (10), BENCH_PORT (3250),
// BENCH_ACK_AFTER (spool | database: the server's VERITY_ACK_AFTER; default the product's, spool),
// BENCH_SPOOL_MAX_DELAY_MS (the server's VERITY_SPOOL_MAX_DELAY_MS; 0 loads the spool while
// answering, which measures the sustained rate rather than a burst's),
// BENCH_REPLICAS (copies of the corpus threads as distinct messages; default 60),
// BENCH_CONNECTIONS (default 50, the figure the targets are set for).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../lib/db';
import { readCorpus, seedBench, type BenchRequest } from './lib/bench-tracking-seed';
import { createScratchDatabase } from './lib/scratch-database';
import { SERVER_NODE_FLAGS } from './lib/server-flags';

const SERVER_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3250);
const BARE_PORT = PORT + 1;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
// Copies of the corpus's 228 threads: 60 gives 13,680 messages, most met for the first time
// during the run (a cache miss, so two batched database reads before the answer).
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 60);
const NEXT_DIST_DIR = process.env.NEXT_DIST_DIR || '.next-bench';
const SERVER_OUTFILE = process.env.SERVER_OUTFILE || 'dist/server-bench.mjs';
const SECRET = randomBytes(32).toString('base64url');
const ACK_AFTER = process.env.BENCH_ACK_AFTER === 'database' ? 'database' : 'spool';

const BARE_SERVER = `
const http = require('node:http');
const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
http.createServer((req, res) => {
  res.writeHead(200, {
    'content-type': 'image/gif',
    'content-length': 43,
    'cache-control': 'no-store',
  });
  res.end(gif);
}).listen(${BARE_PORT}, '127.0.0.1');`;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  answered: number;
  errors: number;
  peakRssMb: number;
}

function log(line: string): void {
  process.stderr.write(line + '\n');
}

function build(): void {
  log(`building (NEXT_DIST_DIR=${NEXT_DIST_DIR}, SERVER_OUTFILE=${SERVER_OUTFILE}) ...`);
  const result = spawnSync('npm', ['run', '-s', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NEXT_DIST_DIR, SERVER_OUTFILE, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('build failed');
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`process on ${port} exited`);
    try {
      await fetch(`http://127.0.0.1:${port}/api/health`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nothing listening on ${port}`);
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function drive(
  port: number,
  pool: BenchRequest[],
  seconds: number,
  pid: number,
): Promise<Run> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const picked = pool[next++ % pool.length];
          return { ...request, method: 'GET', path: picked.path, headers: picked.headers };
        },
      },
    ],
  });

  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    answered: result['2xx'] + result['3xx'],
    errors: result.errors + result.timeouts + result['4xx'] + result['5xx'],
    peakRssMb: peakRssMb(pid),
  };
}

interface Health {
  events: { acknowledged: number };
  spool: { depth: number };
}

async function readHealth(port: number): Promise<Health> {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`);
  return (await response.json()) as Health;
}

/** Seconds until the server's spool is empty (everything acknowledged is in the database). */
async function waitForDrain(port: number): Promise<number> {
  const started = Date.now();
  while ((await readHealth(port)).spool.depth > 0) {
    if (Date.now() - started > 600_000) throw new Error('spool not drained after 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Math.round((Date.now() - started) / 100) / 10;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) build();

  const database = await createScratchDatabase(SERVER_URL, 'verity_bench');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'verity-bench-'));
  const children: ChildProcess[] = [];

  try {
    const db = await openDatabase({ url: database.url, poolSize: 2 });
    const corpus = readCorpus(path.join('prisma', 'demo', 'corpus.jsonl'));
    const { requests, messages } = await seedBench(db.sql, SECRET, corpus, REPLICAS);
    log(`seeded ${messages} messages, ${requests.length} distinct requests`);

    // BENCH_PROFILE_DIR: write a V8 CPU profile of the tracking server there.
    const profile = process.env.BENCH_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [];
    const server = spawn(process.execPath, [...profile, ...SERVER_NODE_FLAGS, SERVER_OUTFILE], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(PORT),
        DATABASE_URL: database.url,
        VERITY_DATA_DIR: dataDir,
        VERITY_TOKEN_SECRET: SECRET,
        NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
        NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
        NEXT_DIST_DIR,
        VERITY_TRUSTED_PROXIES: '127.0.0.1',
        VERITY_ACK_AFTER: ACK_AFTER,
        ...(process.env.BENCH_SPOOL_MAX_DELAY_MS
          ? { VERITY_SPOOL_MAX_DELAY_MS: process.env.BENCH_SPOOL_MAX_DELAY_MS }
          : {}),
        // The corpus has a few hundred addresses; the budget is off so every request is
        // recorded (the over-budget path only counts, and is cheaper).
        VERITY_ADDRESS_RATE: '0',
        VERITY_ADDRESS_BURST: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const bare = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: 'ignore' });
    children.push(server, bare);
    await waitForPort(PORT, server);
    await waitForPort(BARE_PORT, bare);

    log('warming up tracking (caches, JIT) ...');
    await drive(PORT, requests, 3, server.pid!);
    log(`tracking: ${SECONDS} s at ${CONNECTIONS} connections ...`);
    const tracking = await drive(PORT, requests, SECONDS, server.pid!);
    // Write-ahead: the run's hits are fsynced in the spool; time the load into the database.
    const drainSeconds = await waitForDrain(PORT);
    // The serving process's peak includes loading what the run spooled.
    tracking.peakRssMb = peakRssMb(server.pid!);
    log(`bare node:http: ${SECONDS} s at ${CONNECTIONS} connections ...`);
    await drive(BARE_PORT, requests, 2, bare.pid!);
    const baseline = await drive(BARE_PORT, requests, SECONDS, bare.pid!);

    const acknowledged = (await readHealth(PORT)).events.acknowledged;
    await stop(server);
    const { rows } = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "Event"');
    const stored = rows[0].n;
    await db.close();

    const ratio = Math.round((tracking.rps / baseline.rps) * 1000) / 1000;
    const table = [
      ['', 'req/s', 'p50 ms', 'p99 ms', 'answered', 'errors', 'peak RSS MB'],
      [
        'tracking',
        tracking.rps,
        tracking.p50,
        tracking.p99,
        tracking.answered,
        tracking.errors,
        tracking.peakRssMb,
      ],
      [
        'bare node:http',
        baseline.rps,
        baseline.p50,
        baseline.p99,
        baseline.answered,
        baseline.errors,
        baseline.peakRssMb,
      ],
    ];
    for (const row of table) console.log(row.map((cell) => String(cell).padStart(14)).join(''));
    console.log(
      ACK_AFTER === 'spool'
        ? `acknowledged after: spool fsync; spool loaded ${drainSeconds} s after the run`
        : 'acknowledged after: database commit',
    );
    console.log(
      `ratio ${ratio}; acknowledged ${acknowledged} (warm-up included); stored ${stored}`,
    );
    console.log(
      `load average: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} cores`,
    );
    console.log(
      'RESULT ' +
        JSON.stringify({
          ratio,
          p99_ms: tracking.p99,
          acknowledged,
          stored,
          rss_mb: tracking.peakRssMb,
          drain_s: drainSeconds,
        }),
    );
  } finally {
    await Promise.all(children.map(stop));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:tracking failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
