// The local append-only spool: a batch of hits is appended to a file here and fsynced before
// any of its requests is acknowledged (always with write-ahead acknowledgment; otherwise when the
// database cannot take the batch). Files are named by a growing sequence number; loading replays
// them in order and deletes each one only after its contents committed, so a crash during loading
// replays it again (inserts are idempotent by event id, and a hit already stored is skipped).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { EventRow, Hit, Revision } from './event-row';

export interface SpoolEntry {
  /** When the entry was appended, epoch ms. */
  at: number;
  /** Requests not yet classified. */
  hits?: Hit[];
  /** Entries written by earlier releases hold events classified before spooling. */
  events?: EventRow[];
  revisions?: Revision[];
}

/** Requests (or, in older entries, events) an entry holds. */
export function entrySize(entry: SpoolEntry): number {
  return (entry.hits?.length ?? 0) + (entry.events?.length ?? 0);
}

export interface SpoolFile {
  name: string;
  entries: SpoolEntry[];
  /** Lines that did not parse (a torn last line after a crash was never acknowledged). */
  badLines: number;
}

/** A spool file is closed once it holds this much (about 20,000 hits). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

const FILE_PATTERN = /^spool-(\d{12})\.jsonl$/;

export class Spool {
  private handle: FileHandle | null = null;
  private currentName: string | null = null;
  private sequence = 0;
  private currentBytes = 0;
  private depth = 0;
  /** Time of the first entry of each file, so the oldest is known without reading files. */
  private readonly firstAt = new Map<string, number>();
  /** Appends and seals run one after another, never overlapping on the file handle. */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly maxFileBytes = MAX_FILE_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of this.listFiles()) {
      this.sequence = Math.max(this.sequence, Number(FILE_PATTERN.exec(name)![1]));
      const text = readFileSync(path.join(dir, name), 'utf8');
      for (const entry of parseSpoolFile(name, text).entries) this.count(name, entry);
    }
  }

  /** Events waiting in the spool. */
  get pendingEvents(): number {
    return this.depth;
  }

  get oldestEntryAt(): number | null {
    let oldest: number | null = null;
    for (const at of this.firstAt.values()) if (oldest === null || at < oldest) oldest = at;
    return oldest;
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
      // Counted before the write, so no one sees the spool empty while an entry is going in.
      this.count(this.currentName!, entry);
      const line = JSON.stringify(entry) + '\n';
      try {
        await this.handle!.write(line);
        await this.handle!.datasync();
      } catch (error) {
        this.depth -= entrySize(entry);
        throw error;
      }
      // Files stay small enough to be read whole when loading; the next append starts another.
      this.currentBytes += line.length;
      if (this.currentBytes >= this.maxFileBytes) await this.closeCurrent();
    });
  }

  /** Closes the file being appended to, so every file so far can be loaded and removed. */
  seal(): Promise<void> {
    return this.inTurn(() => this.closeCurrent());
  }

  private async closeCurrent(): Promise<void> {
    if (!this.handle) return;
    await this.handle.close();
    this.handle = null;
    this.currentName = null;
    this.currentBytes = 0;
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

  async readFile(name: string): Promise<SpoolFile> {
    return parseSpoolFile(name, await readFile(path.join(this.dir, name), 'utf8'));
  }

  /** Deletes a loaded file (never the one being appended to). */
  async remove(file: SpoolFile): Promise<void> {
    if (file.name === this.currentName) throw new Error('cannot remove the open spool file');
    await unlink(path.join(this.dir, file.name));
    await this.fsyncDir();
    for (const entry of file.entries) this.depth -= entrySize(entry);
    this.firstAt.delete(file.name);
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
    await this.fsyncDir();
  }

  private async fsyncDir(): Promise<void> {
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  private count(file: string, entry: SpoolEntry): void {
    this.depth += entrySize(entry);
    if (!this.firstAt.has(file)) this.firstAt.set(file, entry.at);
  }
}

/** Entries of a spool file's text; torn lines (a crash during an append) are counted. */
function parseSpoolFile(name: string, text: string): SpoolFile {
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
