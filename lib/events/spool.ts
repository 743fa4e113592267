// The local append-only spool: a batch of hits is appended to a file here and fsynced before
// any of its requests is acknowledged (always with write-ahead acknowledgment; otherwise when the
// database cannot take the batch). Files are named by a growing sequence number; loading replays
// them in order and deletes each one only after its contents committed, so a crash during loading
// replays it again (inserts are idempotent by event id, and a hit already stored is skipped).
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
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
  /**
   * Lines that are not entries: a torn last line after a crash (never acknowledged), or a line
   * damaged or edited on disk. They are skipped.
   */
  badLines: number;
}

/** A spool file is closed once it holds this much (about 20,000 hits). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

const FILE_PATTERN = /^spool-(\d{12})\.jsonl$/;
/** A file that could not be read, renamed so it no longer holds up loading. */
const SET_ASIDE_PATTERN = /^spool-(\d{12})\.jsonl\.unreadable$/;

export class Spool {
  private handle: FileHandle | null = null;
  private currentName: string | null = null;
  private sequence = 0;
  private currentBytes = 0;
  /** Hits (or events) waiting, and the time of the first entry, per file. */
  private readonly files = new Map<string, { size: number; firstAt: number }>();
  /** Appends and seals run one after another, never overlapping on the file handle. */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly maxFileBytes = MAX_FILE_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      const match = FILE_PATTERN.exec(name) ?? SET_ASIDE_PATTERN.exec(name);
      if (match) this.sequence = Math.max(this.sequence, Number(match[1]));
    }
    for (const name of this.listFiles()) {
      let text: string;
      try {
        text = readFileSync(path.join(dir, name), 'utf8');
      } catch {
        // Loading sets it aside with a log line; counting must not stop the tracker starting.
        continue;
      }
      for (const entry of parseSpoolFile(name, text).entries) this.count(name, entry);
    }
  }

  /** Hits waiting in the spool. */
  get pendingEvents(): number {
    let depth = 0;
    for (const file of this.files.values()) depth += file.size;
    return depth;
  }

  get oldestEntryAt(): number | null {
    let oldest: number | null = null;
    for (const { firstAt } of this.files.values()) {
      if (oldest === null || firstAt < oldest) oldest = firstAt;
    }
    return oldest;
  }

  get isEmpty(): boolean {
    return this.listFiles().length === 0;
  }

  /** The file being appended to, if any; it is never loaded or removed. */
  get current(): string | null {
    return this.currentName;
  }

  /**
   * Appends one entry and returns only after it is on disk. On any failure (a full disk, say)
   * the partial line is cut off again, so the entry is wholly absent and the next one starts
   * on a line of its own; the caller must not acknowledge it.
   */
  append(entry: SpoolEntry): Promise<void> {
    return this.inTurn(async () => {
      if (!this.handle) await this.openNext();
      const handle = this.handle!;
      const name = this.currentName!;
      const data = Buffer.from(JSON.stringify(entry) + '\n', 'utf8');
      const start = this.currentBytes;
      // Counted before the write, so no one sees the spool empty while an entry is going in.
      this.count(name, entry);
      try {
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await handle.write(data, written, data.length - written);
          if (bytesWritten <= 0) throw new Error('spool write made no progress');
          written += bytesWritten;
        }
        await handle.datasync();
      } catch (error) {
        this.uncount(name, entry);
        await this.cutBack(handle, start);
        throw error;
      }
      // Files stay small enough to be read whole when loading; the next append starts another.
      this.currentBytes = start + data.length;
      if (this.currentBytes >= this.maxFileBytes) await this.closeCurrent();
    });
  }

  /** After a failed append: truncate to the last whole entry, or start a new file. */
  private async cutBack(handle: FileHandle, length: number): Promise<void> {
    try {
      await handle.truncate(length);
      await handle.datasync();
    } catch {
      // The file keeps a torn line (skipped when loading); appends go to a new file.
      await this.closeCurrent().catch(() => undefined);
    }
  }

  /** Closes the file being appended to, so every file so far can be loaded and removed. */
  seal(): Promise<void> {
    return this.inTurn(() => this.closeCurrent());
  }

  private async closeCurrent(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    this.handle = null;
    this.currentName = null;
    this.currentBytes = 0;
    await handle.close();
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work, work);
    this.serial = run.catch(() => undefined);
    return run;
  }

  /** Spool file names in load order (regular files only). */
  listFiles(): string[] {
    return readdirSync(this.dir)
      .filter((name) => FILE_PATTERN.test(name) && isFile(path.join(this.dir, name)))
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
    this.files.delete(file.name);
  }

  /**
   * Moves a file that cannot be read out of the way (renamed, kept for an operator), so it
   * does not hold up the files after it. Returns the new name.
   */
  async setAside(name: string): Promise<string> {
    const aside = `${name}.unreadable`;
    await rename(path.join(this.dir, name), path.join(this.dir, aside));
    await this.fsyncDir();
    this.files.delete(name);
    return aside;
  }

  async close(): Promise<void> {
    await this.seal();
  }

  private async openNext(): Promise<void> {
    this.sequence += 1;
    const name = `spool-${String(this.sequence).padStart(12, '0')}.jsonl`;
    this.handle = await open(path.join(this.dir, name), 'a');
    this.currentName = name;
    this.currentBytes = 0;
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

  private count(name: string, entry: SpoolEntry): void {
    const file = this.files.get(name);
    if (file) file.size += entrySize(entry);
    else this.files.set(name, { size: entrySize(entry), firstAt: entry.at });
  }

  private uncount(name: string, entry: SpoolEntry): void {
    const file = this.files.get(name);
    if (!file) return;
    file.size -= entrySize(entry);
    if (file.size <= 0) this.files.delete(name);
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Entries of a spool file's text; lines that are not entries are counted and skipped. */
function parseSpoolFile(name: string, text: string): SpoolFile {
  const entries: SpoolEntry[] = [];
  let badLines = 0;

  for (const line of text.split('\n')) {
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      badLines += 1;
      continue;
    }
    if (isEntry(parsed)) entries.push(parsed);
    else badLines += 1;
  }
  return { name, entries, badLines };
}

/** The shape appends write (hits), or an earlier release's (events and revisions). */
function isEntry(value: unknown): value is SpoolEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  if (typeof entry.at !== 'number' || !Number.isFinite(entry.at)) return false;
  if (entry.hits !== undefined) return Array.isArray(entry.hits) && entry.hits.every(isHit);
  return (
    Array.isArray(entry.events) && (entry.revisions === undefined || Array.isArray(entry.revisions))
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isHit(value: unknown): value is Hit {
  if (typeof value !== 'object' || value === null) return false;
  const hit = value as Record<string, unknown>;
  return (
    typeof hit.id === 'string' &&
    UUID.test(hit.id) &&
    (hit.kind === 'open' || hit.kind === 'click') &&
    typeof hit.method === 'string' &&
    typeof hit.occurredAt === 'number' &&
    Number.isFinite(hit.occurredAt) &&
    typeof hit.accountId === 'string' &&
    UUID.test(hit.accountId) &&
    typeof hit.messageId === 'string' &&
    UUID.test(hit.messageId) &&
    (hit.linkId === null || (typeof hit.linkId === 'string' && UUID.test(hit.linkId))) &&
    (hit.clientIp === null || typeof hit.clientIp === 'string') &&
    (hit.userAgent === null || typeof hit.userAgent === 'string') &&
    typeof hit.headers === 'object' &&
    hit.headers !== null &&
    Object.values(hit.headers).every((v) => typeof v === 'string')
  );
}
