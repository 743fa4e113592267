// The server the browser tests run against: a fresh demo (scripts/demo.ts) on port $E2E_PORT,
// with a throwaway embedded database, or, when E2E_POSTGRES_URL names a server, a fresh
// database on it that is dropped when the server stops.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from './lib/scratch-database';

const port = process.env.E2E_PORT ?? '3700';
const dataDir = path.join(os.tmpdir(), `verity-e2e-${port}`);

async function main(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const database = process.env.E2E_POSTGRES_URL
    ? await createScratchDatabase(process.env.E2E_POSTGRES_URL, 'verity_e2e')
    : null;

  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: port,
      VERITY_DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
    },
  });

  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', async (code) => {
    await database?.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
