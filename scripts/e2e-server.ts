// The server the browser tests run against: a fresh demo (scripts/demo.ts) on port $E2E_PORT,
// with a throwaway embedded database, or, when E2E_POSTGRES_URL names a server, a fresh
// database on it that is dropped when the server stops.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const port = process.env.E2E_PORT ?? '3700';
const dataDir = path.join(os.tmpdir(), `verity-e2e-${port}`);

async function createDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `verity_e2e_${randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function main(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const database = process.env.E2E_POSTGRES_URL
    ? await createDatabase(process.env.E2E_POSTGRES_URL)
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
