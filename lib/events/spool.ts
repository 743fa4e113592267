// The local append-only spool: when the database cannot take a batch, the batch is appended to
// a file here and fsynced before any of its requests is acknowledged. Files are named by a
// growing sequence number; loading replays them in order and deletes each one only after its
// contents committed, so a crash during loading replays it again (inserts are idempotent by
// event id, revisions set absolute values).
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { EventRow, Revision } from './event-row';

export interface SpoolEntry {
  /** When the entry was appended, epoch ms. */
  at: number;
  events: EventRow[];
  revisions: Revision[];
}

export interface SpoolFile {
  name: string;
  entries: SpoolEntry[];
  /** Lines that did not parse (a torn last line after a crash was never acknowledged). */
  badLines: number;
}

const FILE_PATTERN = /^spool-(\d{12})\.jsonl$/;

export class Spool {
  private handle: FileHandle | null = null;
  private currentName: string | null = null;
  private sequence = 0;
  private depth = 0;
  private oldestAt: number | null = null;
  /** Appends and seals run one after another, never overlapping on the file handle. */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const name of this.listFiles()) {
      this.sequence = Math.max(this.sequence, Number(FILE_PATTERN.exec(name)![1]));
      for (const entry of this.readFile(name).entries) this.count(entry);
    }
  }

  /** Events waiting in the spool. */
  get pendingEvents(): number {
    return this.depth;
  }

  get oldestEntryAt(): number | null {
    return this.oldestAt;
  }

  get isEmpty(): boolean {
    return this.listFiles().length === 0;
  }

  /** The file being appended to, if any; it is never loaded or removed. */
  get current(): string | null {
    return this.currentName;
  }

  /** Appends one entry and returns only after it is on disk. */
  append(entry: SpoolEntry): Promise<void> {
    return this.inTurn(async () => {
      if (!this.handle) await this.openNext();
      await this.handle!.write(JSON.stringify(entry) + '\n');
      await this.handle!.datasync();
      this.count(entry);
    });
  }

  /** Closes the file being appended to, so every file so far can be loaded and removed. */
  seal(): Promise<void> {
    return this.inTurn(async () => {
      if (!this.handle) return;
      await this.handle.close();
      this.handle = null;
      this.currentName = null;
    });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work, work);
    this.serial = run.catch(() => undefined);
    return run;
  }

  /** Spool file names in load order. */
  listFiles(): string[] {
    return readdirSync(this.dir)
      .filter((name) => FILE_PATTERN.test(name))
      .sort();
  }

  readFile(name: string): SpoolFile {
    const text = readFileSync(path.join(this.dir, name), 'utf8');
    const entries: SpoolEntry[] = [];
    let badLines = 0;

    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        entries.push(JSON.parse(line) as SpoolEntry);
      } catch {
        badLines += 1;
      }
    }
    return { name, entries, badLines };
  }

  /** Deletes a loaded file (never the one being appended to). */
  async remove(file: SpoolFile): Promise<void> {
    if (file.name === this.currentName) throw new Error('cannot remove the open spool file');
    await unlink(path.join(this.dir, file.name));
    this.fsyncDir();
    for (const entry of file.entries) this.depth -= entry.events.length;
    if (this.listFiles().length === 0) {
      this.depth = 0;
      this.oldestAt = null;
    } else {
      this.oldestAt = this.scanOldest();
    }
  }

  async close(): Promise<void> {
    await this.seal();
  }

  private async openNext(): Promise<void> {
    this.sequence += 1;
    const name = `spool-${String(this.sequence).padStart(12, '0')}.jsonl`;
    this.handle = await open(path.join(this.dir, name), 'a');
    this.currentName = name;
    // The new file's directory entry must survive a crash too.
    this.fsyncDir();
  }

  private fsyncDir(): void {
    const fd = openSync(this.dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private count(entry: SpoolEntry): void {
    this.depth += entry.events.length;
    if (this.oldestAt === null || entry.at < this.oldestAt) this.oldestAt = entry.at;
  }

  private scanOldest(): number | null {
    const first = this.listFiles()[0];
    if (!first) return null;
    const entry = this.readFile(first).entries[0];
    return entry ? entry.at : null;
  }
}
