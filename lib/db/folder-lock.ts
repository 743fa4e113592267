// One process at a time per embedded database folder. PGlite keeps the whole database in the
// process that opened it; a second process opening the same folder would write beside it
// unseen, and one of them would overwrite or corrupt the other's work. The lock is a file beside
// the folder holding the owner's process id, created atomically; a lock whose process no longer
// runs (a crash, kill -9) is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

export class DataFolderInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is open in another process (pid ${pid}). ` +
        'Stop that process first (the server, or another command), or set DATABASE_URL to use ' +
        'a PostgreSQL server, which any number of processes may share. If that process is not ' +
        `Verity's, delete ${dir}.lock.`,
    );
    this.name = 'DataFolderInUseError';
  }
}

export interface FolderLock {
  release(): void;
}

/** Takes the lock of an embedded database folder, or throws DataFolderInUseError. */
export function lockDataFolder(dir: string): FolderLock {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return release(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }

    const owner = readOwner(file);
    if (owner !== null && owner !== process.pid && isRunning(owner)) {
      throw new DataFolderInUseError(dir, owner);
    }
    // Left by a process that is gone (or by this one, not released): take it over.
    try {
      unlinkSync(file);
    } catch {
      // Another process took it over first; the next attempt tells.
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

function release(file: string): FolderLock {
  let held = true;
  const drop = () => {
    if (!held) return;
    held = false;
    process.off('exit', drop);
    try {
      if (readOwner(file) === process.pid) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', drop);
  return { release: drop };
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
