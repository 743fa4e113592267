// `npm run demo`: builds the product when the build is missing or older than the source, loads
// the demo account (once), then serves it on http://localhost:$PORT (default 3000).
// The server trusts X-Forwarded-For from loopback here, so `npm run replay` can play the
// corpus's client addresses through it; set VERITY_TRUSTED_PROXIES to change that.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { env } from '../lib/config';
import { getDb } from '../lib/db';
import { corpusRequestSchema, formatCorpusError, readCorpusFile } from './lib/corpus';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from './lib/demo-seed';
import { writeDemoApiKey } from './lib/demo-key';
import { SERVER_NODE_FLAGS } from './lib/server-flags';

const root = process.cwd();
const SOURCE_DIRS = ['app', 'lib', 'components', 'public'];

function newestSourceChange(): number {
  let newest = statSync(path.join(root, 'package-lock.json')).mtimeMs;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'generated' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  SOURCE_DIRS.forEach((d) => walk(path.join(root, d)));
  return newest;
}

function buildIfNeeded(): void {
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  const buildId = path.join(root, distDir, 'BUILD_ID');
  const server = path.join(root, process.env.SERVER_OUTFILE || 'dist/server.mjs');
  const fresh =
    existsSync(buildId) &&
    existsSync(server) &&
    Math.min(statSync(buildId).mtimeMs, statSync(server).mtimeMs) > newestSourceChange();
  if (fresh) return;

  console.log('building the product (first run, or the source changed)...');
  const result = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) throw new Error('build failed');
}

async function seed(): Promise<void> {
  const file = path.join(root, 'prisma', 'demo', 'corpus.jsonl');
  const corpus = readCorpusFile(file, corpusRequestSchema);
  if (corpus.errors.length > 0) throw new Error(`${file}: ${formatCorpusError(corpus.errors[0])}`);

  const db = await getDb();
  try {
    const result = await seedDemo(
      db,
      corpus.rows.map((r) => r.row),
    );
    if (result) {
      writeDemoApiKey(result.apiKey);
      console.log(
        `demo data loaded: ${result.campaigns} campaigns, ${result.messages} messages, ` +
          `${result.events} events`,
      );
    } else {
      console.log('demo data already loaded');
    }
  } finally {
    await db.close();
  }
}

function serve(): void {
  const port = process.env.PORT ?? '3000';
  const server = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, process.env.SERVER_OUTFILE || 'dist/server.mjs'],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: port,
        VERITY_TRUSTED_PROXIES: process.env.VERITY_TRUSTED_PROXIES ?? '127.0.0.1,::1',
        NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
      },
    },
  );

  console.log(`\nVerity demo: http://localhost:${port}`);
  console.log(`sign in as ${DEMO_EMAIL} with password ${DEMO_PASSWORD}\n`);

  const stop = (signal: NodeJS.Signals) => server.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}

async function main(): Promise<void> {
  env();
  buildIfNeeded();
  await seed();
  serve();
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
