// The event store: group commit of events to the database, with the local spool behind it.
// Requests hand their event to record() and wait; all events handed in while one commit is in
// flight go into the next one, so many concurrent requests share one transaction and one fsync.
// Once a write has failed for lack of a database, every batch goes to the spool (keeping order)
// until the spool has been loaded completely; then writes go to the database again.
import type { SqlClient } from '../db';
import { describeError, log } from '../log';
import { isDataError, isRetryable, withTimeout } from './db-errors';
import type { EventRow, Revision, WriteOutcome } from './event-row';
import { writeBatch } from './event-sql';
import { Spool, type SpoolEntry, type SpoolFile } from './spool';

export interface EventStoreOptions {
  /** The database; a rejection counts as an outage. */
  getSql: () => Promise<SqlClient>;
  spoolDir: string;
  /**
   * Write-ahead: acknowledge once a batch is fsynced to the local spool, and load the spool
   * into the database in the background (large batches, off the answer's path). Default off:
   * acknowledge once the batch committed in the database.
   */
  writeAhead?: boolean;
  /** Most events in one transaction. */
  maxBatch?: number;
  /** A database call slower than this is treated as an outage (the batch is spooled). */
  dbTimeoutMs?: number;
  /** While spooling, how often to try the database again. */
  retryMs?: number;
  /**
   * Batches in flight to the database at once (default 1; keep below the pool size). More than
   * one contends on the reporting rollup triggers' rows and gains nothing on a small machine.
   */
  maxConcurrentWrites?: number;
}

interface Pending {
  events: EventRow[];
  revisions: Revision[];
  resolve: (outcome: WriteOutcome) => void;
}

export interface StoreStatus {
  mode: 'database' | 'spool';
  spoolDepth: number;
  oldestSpooledAt: number | null;
  committed: number;
  spooled: number;
  failed: number;
}

export class EventStore {
  private readonly spool: Spool;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private mode: 'database' | 'spool';
  private nextDbAttempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly inflight = new Set<Promise<void>>();
  private readonly inflightIds = new Set<string>();
  private wake: (() => void) | null = null;
  private loadTimer: NodeJS.Timeout | null = null;
  private loading: Promise<void> | null = null;
  private readonly counters = { committed: 0, spooled: 0, failed: 0 };

  constructor(private readonly options: EventStoreOptions) {
    this.spool = new Spool(options.spoolDir);
    // Events left from an earlier run load before anything new is written directly.
    this.mode = this.spool.isEmpty ? 'database' : 'spool';
    this.retryTimer = setInterval(() => this.retryInBackground(), options.retryMs ?? 1000);
    this.retryTimer.unref();
    if (options.writeAhead) {
      this.loadTimer = setInterval(() => void this.loadInBackground(), WRITE_AHEAD_LOAD_MS);
      this.loadTimer.unref();
    }
  }

  /** Durably records events (and revisions of earlier ones); resolves once they are safe. */
  record(events: EventRow[], revisions: Revision[] = []): Promise<WriteOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ events, revisions, resolve });
      this.schedule();
    });
  }

  /** Waits until everything handed in so far is written, and tries to load the spool. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) await this.startFlushing();
    if (this.options.writeAhead) {
      this.nextDbAttempt = 0;
      await this.loadInBackground();
      return;
    }
    if (this.mode === 'spool') {
      this.nextDbAttempt = 0;
      await this.startFlushing();
    }
  }

  status(): StoreStatus {
    return {
      mode: this.mode,
      spoolDepth: this.spool.pendingEvents,
      oldestSpooledAt: this.spool.oldestEntryAt,
      ...this.counters,
    };
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer);
    if (this.loadTimer) clearInterval(this.loadTimer);
    await this.flush().catch(() => undefined);
    await this.spool.close();
  }

  private schedule(): void {
    if (this.flushing) {
      this.wake?.();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate: gather every request that arrived in this turn of the event loop.
    setImmediate(() => {
      this.scheduled = false;
      void this.startFlushing();
    });
  }

  /** One flush loop at a time; it runs until the queue is empty. */
  private startFlushing(): Promise<void> {
    if (!this.flushing) this.flushing = this.runFlushes();
    return this.flushing;
  }

  private async runFlushes(): Promise<void> {
    // Yield first, so `flushing` is set before the loop can finish and clear it.
    await Promise.resolve();
    try {
      if (!this.options.writeAhead && this.mode === 'spool' && Date.now() >= this.nextDbAttempt) {
        await this.tryLoadSpool().catch((error: unknown) => {
          log.error('spool load failed', { error: describeError(error) });
          this.nextDbAttempt = Date.now() + (this.options.retryMs ?? 1000);
        });
      }
      await this.dispatch();
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Starts writes while there is work and a free slot: several batches may be in flight to the
   * database at once (each one statement), one at a time to the spool (appends stay in order).
   * A batch revising an event whose insert is still in flight waits for it.
   */
  private async dispatch(): Promise<void> {
    while (this.queue.length > 0 || this.inflight.size > 0) {
      const limit = this.mode === 'database' ? (this.options.maxConcurrentWrites ?? 1) : 1;
      const group = this.inflight.size < limit ? this.takeGroup() : [];

      if (group.length > 0) {
        this.startWrite(group);
        continue;
      }
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      await Promise.race([...this.inflight, woken]);
      this.wake = null;
    }
  }

  private startWrite(group: Pending[]): void {
    const ids = group.flatMap((p) => p.events.map((e) => e.id));
    for (const id of ids) this.inflightIds.add(id);

    // writeGroup settles every request it takes, whatever fails inside it.
    const write: Promise<void> = this.writeGroup(group).finally(() => {
      for (const id of ids) this.inflightIds.delete(id);
      this.inflight.delete(write);
    });
    this.inflight.add(write);
  }

  /** The longest prefix of the queue that fits a batch and revises nothing still in flight. */
  private takeGroup(): Pending[] {
    const max = this.options.maxBatch ?? 2000;
    let size = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || size < max)) {
      const pending = this.queue[count];
      if (pending.revisions.some((r) => this.inflightIds.has(r.id))) break;
      size += pending.events.length;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    const events = group.flatMap((p) => p.events);
    const revisions = group.flatMap((p) => p.revisions);

    if (this.mode === 'database' && !this.options.writeAhead) {
      const outcome = await this.writeToDatabase(events, revisions);
      if (outcome === 'committed') return this.settle(group, 'committed');
      if (outcome === 'data_error') return this.writeOneByOne(group);
    }

    try {
      await this.spool.append({ at: Date.now(), events, revisions });
      this.settle(group, 'spooled');
    } catch (error) {
      log.error('event spool append failed', {
        error: describeError(error),
        events: events.length,
      });
      this.settle(group, 'failed');
    }
  }

  private async writeToDatabase(
    events: EventRow[],
    revisions: Revision[],
  ): Promise<'committed' | 'data_error' | 'outage'> {
    try {
      const sql = await withTimeout(this.options.getSql(), this.timeoutMs());
      const write = () => withTimeout(writeBatch(sql, events, revisions), this.timeoutMs());
      // A deadlock or serialisation failure says nothing about availability: try once more.
      await write().catch((error: unknown) =>
        isRetryable(error) ? write() : Promise.reject(error),
      );
      return 'committed';
    } catch (error) {
      if (isDataError(error)) return 'data_error';
      this.enterSpoolMode(error);
      return 'outage';
    }
  }

  /** A batch with a bad row: commit the good requests one by one, fail only the bad ones. */
  private async writeOneByOne(group: Pending[]): Promise<void> {
    for (const pending of group) {
      if (this.mode === 'spool') {
        await this.writeGroup([pending]);
        continue;
      }
      const outcome = await this.writeToDatabase(pending.events, pending.revisions);
      if (outcome === 'committed') this.settle([pending], 'committed');
      else if (outcome === 'data_error') this.settle([pending], 'failed');
      else await this.writeGroup([pending]);
    }
  }

  private settle(group: Pending[], outcome: WriteOutcome): void {
    for (const pending of group) {
      this.counters[outcome] += pending.events.length;
      pending.resolve(outcome);
    }
  }

  private enterSpoolMode(error: unknown): void {
    if (this.mode === 'database') {
      log.warn('database unavailable; spooling events', { error: describeError(error) });
    }
    this.mode = 'spool';
    this.nextDbAttempt = Date.now() + (this.options.retryMs ?? 1000);
  }

  /** Loads every spool file in order; back to direct writes only when all of them loaded. */
  private async tryLoadSpool(): Promise<void> {
    await this.spool.seal();
    for (const name of this.spool.listFiles()) {
      const file = this.spool.readFile(name);
      const loaded = await this.loadFile(file);
      if (!loaded) return;
      await this.spool.remove(file);
    }
    this.mode = 'database';
    log.info('event spool loaded; writing to the database again');
  }

  private async loadFile(file: SpoolFile): Promise<boolean> {
    if (file.badLines > 0)
      log.warn('spool file had torn lines', { file: file.name, lines: file.badLines });

    for (const chunk of chunkEntries(file.entries, this.options.maxBatch ?? 2000)) {
      const events = chunk.flatMap((e) => e.events);
      const revisions = chunk.flatMap((e) => e.revisions);
      const outcome = await this.writeToDatabase(events, revisions);
      if (outcome === 'outage') return false;
      if (outcome === 'data_error') {
        if (!(await this.loadEntriesOneByOne(chunk))) return false;
      }
    }
    return true;
  }

  private async loadEntriesOneByOne(entries: SpoolEntry[]): Promise<boolean> {
    for (const entry of entries) {
      const outcome = await this.writeToDatabase(entry.events, entry.revisions);
      if (outcome === 'outage') return false;
      if (outcome === 'data_error') {
        // Counted and logged, never retried forever: the row can never load (its message is gone).
        this.counters.failed += entry.events.length;
        log.error('spooled events rejected by the database', { events: entry.events.length });
      }
    }
    return true;
  }

  /** Write-ahead: loads every sealed spool file, in order, one loader at a time. */
  private loadInBackground(): Promise<void> {
    this.loading ??= this.loadSealedFiles()
      .catch((error: unknown) => log.error('spool load failed', { error: describeError(error) }))
      .finally(() => (this.loading = null));
    return this.loading;
  }

  private async loadSealedFiles(): Promise<void> {
    if (Date.now() < this.nextDbAttempt || this.spool.pendingEvents === 0) return;
    await this.spool.seal();
    for (const name of this.spool.listFiles()) {
      if (name === this.spool.current) continue;
      const file = this.spool.readFile(name);
      if (!(await this.loadFile(file))) return;
      await this.spool.remove(file);
    }
    this.mode = 'database';
  }

  private retryInBackground(): void {
    if (this.options.writeAhead) return;
    if (this.mode !== 'spool' || this.flushing || Date.now() < this.nextDbAttempt) return;
    void this.startFlushing();
  }

  private timeoutMs(): number {
    return this.options.dbTimeoutMs ?? 2000;
  }
}

/** Write-ahead: how often the spool is sealed and loaded into the database. */
const WRITE_AHEAD_LOAD_MS = 200;

function chunkEntries(entries: SpoolEntry[], maxEvents: number): SpoolEntry[][] {
  const chunks: SpoolEntry[][] = [];
  let current: SpoolEntry[] = [];
  let size = 0;

  for (const entry of entries) {
    if (current.length > 0 && size + entry.events.length > maxEvents) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += entry.events.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
