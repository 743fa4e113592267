// The embedded database folder's lock: a second process is refused with a message naming the
// owner, the lock is released on close, and a lock left by a process that is gone is taken over.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, lockDataFolder } from '@/lib/db/folder-lock';

const dirs: string[] = [];
const newFolder = () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'verity-lock-'));
  dirs.push(root);
  return path.join(root, 'pglite');
};

/** Tries to take the lock from another process; returns its exit code and stderr. */
function lockFromAnotherProcess(dir: string) {
  const script = `
    import { lockDataFolder } from './lib/db/folder-lock.ts';
    try { lockDataFolder(${JSON.stringify(dir)}); process.exit(0); }
    catch (error) { process.stderr.write(error.message); process.exit(3); }`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('embedded database folder lock', () => {
  it('refuses a second process while held, and lets it in once released', () => {
    const dir = newFolder();
    const lock = lockDataFolder(dir);
    expect(readFileSync(`${dir}.lock`, 'utf8')).toBe(`${process.pid}\n`);

    const refused = lockFromAnotherProcess(dir);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toBe(new DataFolderInUseError(dir, process.pid).message);

    lock.release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const admitted = lockFromAnotherProcess(dir);
    expect(admitted.status).toBe(0);
    // The other process released its lock when it exited.
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const dir = newFolder();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(`${dir}.lock`, `${gone.stdout}\n`);

    const lock = lockDataFolder(dir);
    expect(readFileSync(`${dir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });
});
