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
  /** Events kept over all messages; the least recently used messages go first. */
  maxEvents?: number;
}

export interface ThreadKey {
  accountId: string;
  messageId: string;
}

/** Messages read in one query at most (a batch of hits may name thousands). */
const READ_CHUNK = 500;

export class ThreadCache {
  private readonly threads: LruCache<string, StoredEvent[]>;
  private events = 0;
  private readonly strings = new StringPool(20_000);

  constructor(private readonly options: ThreadCacheOptions) {
    this.threads = new LruCache(options.maxMessages ?? 10_000, (_, events) => {
      this.events -= events.length;
    });
  }

  /** Events held over all cached messages. */
  get size(): number {
    return this.events;
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
      for (const event of kept) this.compact(event);
      this.threads.set(messageId, kept);
      this.events += kept.length;
    }
    const max = this.options.maxEvents ?? 20_000;
    while (this.events > max && this.threads.size > 0) this.threads.evictOldest();
  }

  /** Cached events share their repeated strings, and drop what classifying never reads. */
  private compact(event: StoredEvent): void {
    const pool = this.strings;
    // The evidence was written with the event; classifying never reads it back.
    event.evidence = null;
    event.accountId = pool.get(event.accountId);
    event.campaignId = pool.get(event.campaignId);
    event.messageId = pool.get(event.messageId);
    event.classifierVersion = pool.get(event.classifierVersion);
    event.fetcher = pool.get(event.fetcher);
    if (event.userAgent !== null) event.userAgent = pool.get(event.userAgent);
    for (const name of Object.keys(event.headers)) {
      event.headers[name] = pool.get(event.headers[name]);
    }
    event.reasons = event.reasons.map((reason) => pool.get(reason));
  }

  /** Forgets messages whose stored state is uncertain (a write that timed out). */
  forget(messageIds: Iterable<string>): void {
    for (const messageId of messageIds) this.threads.delete(messageId);
  }

  clear(): void {
    this.threads.clear();
  }
}

/** One copy of each string seen recently; emptied when full (it only saves memory). */
class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly maxEntries: number) {}

  get(text: string): string {
    const pooled = this.strings.get(text);
    if (pooled !== undefined) return pooled;
    if (this.strings.size >= this.maxEntries) this.strings.clear();
    this.strings.set(text, text);
    return text;
  }
}
