// The recent events of each message as last committed, kept in memory so a new event is
// classified with its thread without a database read. Bounded in messages (LRU) and in events
// per message (the live window); a miss reads the window from the database, many messages in
// one query.
//
// Callers get working copies: classifying a batch changes the copies, and only install() after
// the batch committed makes them the cached state. A batch that failed leaves no trace here.
import type { SqlExecutor } from '../db';
import { readRecentThreads, type StoredEvent } from '../events/read-thread';
import { LruCache } from './lru';

export interface ThreadCacheOptions {
  getSql: () => Promise<SqlExecutor>;
  window: number;
  maxMessages?: number;
}

export interface ThreadKey {
  accountId: string;
  messageId: string;
}

/** Messages read in one query at most (a batch of hits may name thousands). */
const READ_CHUNK = 500;

export class ThreadCache {
  private readonly threads: LruCache<string, StoredEvent[]>;

  constructor(private readonly options: ThreadCacheOptions) {
    this.threads = new LruCache(options.maxMessages ?? 50_000);
  }

  /**
   * Copies of the messages' recent events (oldest first), read from the database where not
   * cached. Rejects when the database cannot be read.
   */
  async checkout(keys: ThreadKey[]): Promise<Map<string, StoredEvent[]>> {
    const working = new Map<string, StoredEvent[]>();
    const missing: ThreadKey[] = [];
    for (const key of keys) {
      if (working.has(key.messageId)) continue;
      const cached = this.threads.get(key.messageId);
      if (cached)
        working.set(
          key.messageId,
          cached.map((event) => ({ ...event })),
        );
      else {
        working.set(key.messageId, []);
        missing.push(key);
      }
    }

    for (let i = 0; i < missing.length; i += READ_CHUNK) {
      const chunk = missing.slice(i, i + READ_CHUNK);
      const sql = await this.options.getSql();
      const stored = await readRecentThreads(sql, chunk, this.options.window);
      for (const [messageId, events] of stored) working.set(messageId, events);
    }
    return working;
  }

  /** Makes committed working copies the cached state, each trimmed to the window. */
  install(working: Map<string, StoredEvent[]>): void {
    for (const [messageId, events] of working) {
      events.sort((a, b) => a.occurredAt - b.occurredAt);
      const start = Math.max(0, events.length - this.options.window);
      const kept = start > 0 ? events.slice(start) : events;
      // The evidence was written with the event; classifying never reads it back.
      for (const event of kept) event.evidence = null;
      this.threads.set(messageId, kept);
    }
  }

  /** Forgets messages whose stored state is uncertain (a write that timed out). */
  forget(messageIds: Iterable<string>): void {
    for (const messageId of messageIds) this.threads.delete(messageId);
  }

  clear(): void {
    this.threads.clear();
  }
}
