// A bad setting stops the Node entry at start-up with one line naming the variable, exit code 1,
// and no stack trace. The process fails before it opens any database.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderInUseError, lockDataFolder } from '@/lib/db/folder-lock';

const dataDir = mkdtempSync(path.join(tmpdir(), 'verity-start-up-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  const base = { ...process.env };
  for (const name of Object.keys(base)) {
    if (name === 'PORT' || name === 'HOST' || name === 'LOG_LEVEL' || name.startsWith('VERITY_')) {
      delete base[name];
    }
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'lib/server/main.ts', '--tracking-only'],
    { env: { ...base, VERITY_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

describe('start-up with a bad setting', () => {
  it('PORT=abc: one line naming PORT, exit code 1', async () => {
    expect(await start({ PORT: 'abc' })).toEqual({
      code: 1,
      out: '',
      err:
        'verity failed to start: Invalid environment: PORT: must be a port number ' +
        'from 1 to 65535\n',
    });
  });

  it('HOST=bad_host: one line naming HOST', async () => {
    expect(await start({ HOST: 'bad_host' })).toEqual({
      code: 1,
      out: '',
      err:
        'verity failed to start: Invalid environment: HOST: must be an IP address or a host ' +
        'name, e.g. 127.0.0.1, ::1, 0.0.0.0 or localhost\n',
    });
  });

  it('VERITY_ACK_AFTER=bogus: one line naming the variable, no stack trace', async () => {
    expect(await start({ VERITY_ACK_AFTER: 'bogus' })).toEqual({
      code: 1,
      out: '',
      err:
        'verity failed to start: Invalid environment: VERITY_ACK_AFTER: Invalid option: ' +
        'expected one of "database"|"spool"\n',
    });
    // Nothing was opened or written.
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('a data folder held by another process: one line naming that process', async () => {
    const lockedDir = mkdtempSync(path.join(tmpdir(), 'verity-start-up-locked-'));
    const folder = path.join(lockedDir, 'pglite');
    const lock = lockDataFolder(folder);
    try {
      const result = await start({ VERITY_DATA_DIR: lockedDir });
      expect(result).toEqual({
        code: 1,
        out: '',
        err: `verity failed to start: ${new DataFolderInUseError(folder, process.pid).message}\n`,
      });
    } finally {
      lock.release();
      rmSync(lockedDir, { recursive: true, force: true });
    }
  });
});
