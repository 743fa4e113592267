// The event store: group commit of tracking hits, with the local spool behind it.
// Requests hand their hit to record() and wait; every hit handed in while a write is in flight
// goes into the next one, so many concurrent requests share one transaction or one fsync.
//
// Two ways to acknowledge (EventStoreOptions.writeAhead):
// - write-ahead (the product's default): a batch of hits is appended to the spool and fsynced,
//   then its requests are answered; a loader classifies and writes the spool into the database
//   in large batches, off the answer's path.
// - database: a batch is classified and committed, then its requests are answered. Once a write
//   has failed for lack of a database, every batch goes to the spool (keeping order) until the
//   spool has been loaded completely; then writes go to the database again.
//
// Classification is not this module's business: the store is given `prepare`, which turns hits
// into events (and revisions of earlier events) with whatever it must read, and writes through
// a BatchWriter. Only one batch is prepared and written at a time, so each message's thread is
// classified in one order.
import type { SqlClient } from '../db';
import { describeError, log } from '../log';
import { BatchWriter, type PrepareHits, type WriteResult } from './batch-writer';
import type { Hit, WriteOutcome } from './event-row';
import { entrySize, Spool, type SpoolEntry, type SpoolFile } from './spool';

export type { PreparedBatch, PrepareHits } from './batch-writer';

/** Why an acknowledged (spooled) hit never reached the database. */
export type LostReason = 'unknown_target' | 'rejected';

export interface EventStoreOptions {
  /** The database; a rejection counts as an outage. */
  getSql: () => Promise<SqlClient>;
  prepare: PrepareHits;
  spoolDir: string;
  /**
   * Acknowledge once a batch is fsynced to the local spool and load the spool into the database
   * in the background. Off: acknowledge once the batch committed in the database.
   */
  writeAhead?: boolean;
  /** Most hits in one transaction. */
  maxBatch?: number;
  /** A database call slower than this is treated as an outage (the batch is spooled). */
  dbTimeoutMs?: number;
  /** While the database is away, how often to try it again. */
  retryMs?: number;
  /** Write-ahead: how often the spool is sealed and loaded (default 200 ms). */
  loadEveryMs?: number;
  /**
   * Write-ahead: while this says the process is busy answering, loading waits, until the oldest
   * spooled hit is maxLoadDelayMs old. A burst is absorbed by the spool and loaded as it passes,
   * so the work of loading does not slow the answers down while they are most needed.
   */
  isBusy?: () => boolean;
  maxLoadDelayMs?: number;
  /** A spooled (so acknowledged) hit that could not be stored; it is counted, never retried. */
  onLost?: (hit: Hit, reason: LostReason) => void;
  /**
   * Called after a spool file is loaded and before it is deleted, so what loading counted
   * (onLost) can be stored while the file that holds it still exists.
   */
  afterLoad?: () => Promise<void>;
}

interface Pending {
  hit: Hit;
  resolve: (outcome: WriteOutcome) => void;
}

export interface StoreStatus {
  /** False after an append to the spool failed, until one succeeds again. */
  spoolWritable: boolean;
  /** database: writing to the database; spool: the database is away, hits wait in the spool. */
  mode: 'database' | 'spool';
  spoolDepth: number;
  oldestSpooledAt: number | null;
  committed: number;
  spooled: number;
  failed: number;
}

export class EventStore {
  private readonly spool: Spool;
  private readonly writer: BatchWriter;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  private mode: 'database' | 'spool';
  private nextDbAttempt = 0;
  private readonly timer: NodeJS.Timeout;
  private loading: Promise<void> | null = null;
  /** Hits written to the database, acknowledged after the spool fsync, and lost. */
  private readonly counters = { committed: 0, spooled: 0, failed: 0 };
  private spoolWritable = true;
  /** The current outage has been logged (once per outage, not once per retry). */
  private outageLogged = false;
  /** Files that could not be read nor set aside: skipped for the rest of this process. */
  private readonly unreadable = new Set<string>();

  constructor(private readonly options: EventStoreOptions) {
    this.writer = new BatchWriter({
      getSql: options.getSql,
      prepare: options.prepare,
      timeoutMs: options.dbTimeoutMs ?? 2000,
      onOutage: (error) => this.enterSpoolMode(error),
    });
    this.spool = new Spool(options.spoolDir);
    // Hits left from an earlier run load before anything new is written directly.
    this.mode = this.spool.isEmpty ? 'database' : 'spool';
    if (this.mode === 'spool') {
      log.info('hits left in the spool by an earlier run; loading them first', {
        hits: this.spool.pendingEvents,
      });
    }
    const every = options.writeAhead ? (options.loadEveryMs ?? 200) : (options.retryMs ?? 1000);
    this.timer = setInterval(() => this.inBackground(), every);
    this.timer.unref();
  }

  /** Durably records a hit; resolves once it is safe (or known to be unstorable). */
  record(hit: Hit): Promise<WriteOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ hit, resolve });
      if (this.flushing || this.scheduled) return;
      this.scheduled = true;
      // setImmediate: gather every request that arrived in this turn of the event loop.
      setImmediate(() => {
        this.scheduled = false;
        void this.startFlushing();
      });
    });
  }

  /** Waits until everything handed in so far is written, and loads the spool if it can. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) await this.startFlushing();
    this.nextDbAttempt = 0;
    await this.loadSpool();
  }

  status(): StoreStatus {
    return {
      spoolWritable: this.spoolWritable,
      mode: this.mode,
      spoolDepth: this.spool.pendingEvents,
      oldestSpooledAt: this.spool.oldestEntryAt,
      ...this.counters,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => undefined);
    await this.spool.close();
  }

  /** One flush loop at a time; it runs until the queue is empty. */
  private startFlushing(): Promise<void> {
    this.flushing ??= this.runFlushes().finally(() => {
      this.flushing = null;
      // A hit handed in after the loop's last look at the queue, before this callback.
      if (this.queue.length > 0) void this.startFlushing();
    });
    return this.flushing;
  }

  private async runFlushes(): Promise<void> {
    const max = this.options.maxBatch ?? DEFAULT_MAX_BATCH;
    while (this.queue.length > 0) {
      if (!this.options.writeAhead && this.mode === 'spool' && Date.now() >= this.nextDbAttempt) {
        await this.loadSpool();
      }
      await this.writeGroup(this.queue.splice(0, max));
    }
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    const hits = group.map((p) => p.hit);

    if (this.mode === 'database' && !this.options.writeAhead) {
      const result = await this.writer.write(hits);
      if (result !== 'outage') return this.settleWritten(group, result);
    }

    try {
      await this.spool.append({ at: Date.now(), hits });
      this.spoolWritable = true;
      for (const pending of group) this.settle(pending, 'spooled');
      return;
    } catch (error) {
      this.spoolWritable = false;
      log.error('event spool append failed', { error: describeError(error), hits: hits.length });
    }

    if (this.options.writeAhead && this.mode === 'database') {
      // The spool cannot take the batch but the database may: acknowledge after the commit.
      const result = await this.writer.write(hits);
      if (result !== 'outage') return this.settleWritten(group, result);
    }
    for (const pending of group) this.settle(pending, 'failed');
  }

  private settleWritten(group: Pending[], result: WriteResult): void {
    for (const pending of group) {
      const id = pending.hit.id;
      if (result.unplaceable.has(id)) this.settle(pending, 'unknown');
      else if (result.rejected.has(id)) this.settle(pending, 'failed');
      else this.settle(pending, 'committed');
    }
  }

  private settle(pending: Pending, outcome: WriteOutcome): void {
    if (outcome !== 'unknown') this.counters[outcome] += 1;
    pending.resolve(outcome);
  }

  private enterSpoolMode(error: unknown): void {
    if (!this.outageLogged) {
      log.warn('database unavailable; hits wait in the spool', { error: describeError(error) });
      this.outageLogged = true;
    }
    this.mode = 'spool';
    this.nextDbAttempt = Date.now() + (this.options.retryMs ?? 1000);
  }

  /** Loads every spool file in order, one loader at a time. */
  private loadSpool(): Promise<void> {
    this.loading ??= this.loadFiles()
      .catch((error: unknown) => {
        log.error('spool load failed', { error: describeError(error) });
        this.nextDbAttempt = Date.now() + (this.options.retryMs ?? 1000);
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }

  private async loadFiles(): Promise<void> {
    if (Date.now() < this.nextDbAttempt) return;
    if (this.spool.pendingEvents > 0) {
      await this.spool.seal();
      for (const name of this.spool.listFiles()) {
        // In write-ahead mode appends go on while a load runs; the new file waits its turn.
        if (name === this.spool.current || this.unreadable.has(name)) continue;
        let file: SpoolFile;
        try {
          file = await this.spool.readFile(name);
        } catch (error) {
          await this.setAside(name, error);
          continue;
        }
        if (!(await this.loadFile(file))) return;
        await this.options.afterLoad?.().catch(() => undefined);
        await this.spool.remove(file);
      }
    }
    if (this.mode === 'spool' && this.spool.pendingEvents === 0) {
      this.mode = 'database';
      this.outageLogged = false;
      log.info('event spool loaded; writing to the database again');
    }
  }

  /** A spool file that cannot be read is renamed out of the way and logged, not retried. */
  private async setAside(name: string, error: unknown): Promise<void> {
    try {
      const aside = await this.spool.setAside(name);
      log.error('spool file unreadable; set aside', {
        file: name,
        as: aside,
        error: describeError(error),
      });
    } catch {
      this.unreadable.add(name);
      log.error('spool file unreadable; skipped', { file: name, error: describeError(error) });
    }
  }

  private async loadFile(file: SpoolFile): Promise<boolean> {
    if (file.badLines > 0)
      log.warn('spool file had torn lines', { file: file.name, lines: file.badLines });

    for (const chunk of chunkEntries(file.entries, this.options.maxBatch ?? DEFAULT_MAX_BATCH)) {
      const hits = chunk.flatMap((e) => e.hits ?? []);
      if (hits.length > 0) {
        const result = await this.writer.write(hits);
        if (result === 'outage') return false;
        this.counters.committed += hits.length - result.unplaceable.size - result.rejected.size;
        for (const hit of hits) {
          if (result.unplaceable.has(hit.id)) this.options.onLost?.(hit, 'unknown_target');
          if (result.rejected.has(hit.id)) this.lose(hit);
        }
      }
      if (!(await this.loadClassified(chunk))) return false;
    }
    return true;
  }

  private lose(hit: Hit): void {
    // Counted and logged, never retried forever: the row can never load.
    this.counters.failed += 1;
    log.error('spooled event rejected by the database', { kind: hit.kind });
    this.options.onLost?.(hit, 'rejected');
  }

  /** Entries from earlier releases: classified events and revisions, written as they are. */
  private async loadClassified(entries: SpoolEntry[]): Promise<boolean> {
    for (const entry of entries) {
      if (!entry.events && !entry.revisions) continue;
      const outcome = await this.writer.writeRows(entry.events ?? [], entry.revisions ?? []);
      if (outcome === 'outage') return false;
      if (outcome === 'data_error') {
        this.counters.failed += entry.events?.length ?? 0;
        log.error('spooled events rejected by the database', { events: entry.events?.length });
      }
    }
    return true;
  }

  private inBackground(): void {
    if (this.options.writeAhead) {
      const oldest = this.spool.oldestEntryAt;
      if (oldest === null || this.loading) return;
      const waited = Date.now() - oldest;
      if (this.options.isBusy?.() && waited < (this.options.maxLoadDelayMs ?? 30_000)) return;
      void this.loadSpool();
      return;
    }
    if (this.mode === 'spool' && !this.flushing && Date.now() >= this.nextDbAttempt) {
      void this.loadSpool();
    }
  }
}

/**
 * Hits in one write. Larger batches save little once a statement carries hundreds of rows, and
 * classifying and encoding a batch holds the event loop that answers requests.
 */
const DEFAULT_MAX_BATCH = 500;

function chunkEntries(entries: SpoolEntry[], maxHits: number): SpoolEntry[][] {
  const chunks: SpoolEntry[][] = [];
  let current: SpoolEntry[] = [];
  let size = 0;

  for (const entry of entries) {
    const n = entrySize(entry);
    if (current.length > 0 && size + n > maxHits) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
