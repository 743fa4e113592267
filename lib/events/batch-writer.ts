// Writing a batch of hits: classify it (the `prepare` the event store was given) and commit the
// events and revisions in one statement. A batch the database refuses is tried once more with
// nothing cached about it (a message deleted since it was looked up is then found gone), then
// hit by hit; a hit that cannot be classified or written on its own is rejected, so one bad hit
// never holds up the others. An outage is reported, never retried here: the store spools.
import type { SqlClient } from '../db';
import { describeError, log } from '../log';
import { isDataError, isOutage, isRetryable, withTimeout } from './db-errors';
import type { EventRow, Hit, Revision } from './event-row';
import { writeBatch } from './event-sql';

/** Hits made into rows, ready for one write. */
export interface PreparedBatch {
  events: EventRow[];
  revisions: Revision[];
  /** Ids of hits whose message or link no longer exists: they can never be stored. */
  unplaceable: Set<string>;
  /** The write committed: keep what classifying the batch learned. */
  commit(): void;
  /**
   * The write did not commit (or may not have): forget what is cached about these messages'
   * threads. `refused`: the database rejected a row, so what was looked up about the hits may
   * be stale too (a message deleted since).
   */
  discard(why: 'outage' | 'refused'): void;
}

/** Turns hits into rows; rejects when it cannot read what it needs (an outage). */
export type PrepareHits = (hits: Hit[]) => Promise<PreparedBatch>;

/** What a write did with each hit, unless the database was away. */
export interface WriteResult {
  /** Hits whose message or link no longer exists. */
  unplaceable: Set<string>;
  /** Hits that could not be classified or stored on their own. */
  rejected: Set<string>;
}

export interface BatchWriterOptions {
  getSql: () => Promise<SqlClient>;
  prepare: PrepareHits;
  /** A database call slower than this is treated as an outage. */
  timeoutMs: number;
  /** The database is away (called before 'outage' is returned). */
  onOutage: (error: unknown) => void;
}

export class BatchWriter {
  constructor(private readonly options: BatchWriterOptions) {}

  /** Classifies and commits hits; 'outage' when the database is away. */
  async write(hits: Hit[], retried = false): Promise<WriteResult | 'outage'> {
    let prepared: PreparedBatch;
    try {
      prepared = await withTimeout(this.options.prepare(hits), this.options.timeoutMs);
    } catch (error) {
      if (isOutage(error)) {
        this.options.onOutage(error);
        return 'outage';
      }
      log.error('classifying hits failed', { error: describeError(error), hits: hits.length });
      return this.oneByOne(hits);
    }

    const outcome = await this.writeRows(prepared.events, prepared.revisions);
    if (outcome === 'committed') {
      prepared.commit();
      return { unplaceable: prepared.unplaceable, rejected: new Set() };
    }
    prepared.discard(outcome === 'outage' ? 'outage' : 'refused');
    if (outcome === 'outage') return 'outage';
    return retried ? this.oneByOne(hits) : this.write(hits, true);
  }

  /** Writes classified rows as they are, in one statement. */
  async writeRows(
    events: EventRow[],
    revisions: Revision[],
  ): Promise<'committed' | 'data_error' | 'outage'> {
    if (events.length === 0 && revisions.length === 0) return 'committed';
    const ms = this.options.timeoutMs;
    try {
      const sql = await withTimeout(this.options.getSql(), ms);
      const write = () => withTimeout(writeBatch(sql, events, revisions), ms);
      // A deadlock or serialisation failure says nothing about availability: try once more.
      await write().catch((error: unknown) =>
        isRetryable(error) ? write() : Promise.reject(error),
      );
      return 'committed';
    } catch (error) {
      if (isDataError(error)) return 'data_error';
      this.options.onOutage(error);
      return 'outage';
    }
  }

  private async oneByOne(hits: Hit[]): Promise<WriteResult | 'outage'> {
    const result: WriteResult = { unplaceable: new Set(), rejected: new Set() };
    if (hits.length === 1) {
      result.rejected.add(hits[0].id);
      return result;
    }
    for (const hit of hits) {
      const single = await this.write([hit], true);
      if (single === 'outage') return 'outage';
      for (const id of single.unplaceable) result.unplaceable.add(id);
      for (const id of single.rejected) result.rejected.add(id);
    }
    return result;
  }
}
