// The recent events of each message, kept in memory so a new event is classified with its
// thread without a database read. Bounded in messages (LRU) and in events per message (the
// live window); a miss reads the window from the database. Work on one message is serialised
// so two concurrent events of it see each other.
import type { SqlExecutor } from '../db';
import { withTimeout } from '../events/db-errors';
import { readRecentThreads, type StoredEvent } from '../events/read-thread';
import { BatchLoader } from './batch-loader';
import { LruCache } from './lru';

interface ThreadEntry {
  events: StoredEvent[];
  /** False when the database could not be read: retry and merge on the next event. */
  complete: boolean;
}

export interface ThreadCacheOptions {
  getSql: () => Promise<SqlExecutor>;
  window: number;
  maxMessages?: number;
  dbTimeoutMs?: number;
}

export class ThreadCache {
  private readonly threads: LruCache<string, ThreadEntry>;
  private readonly locks = new Map<string, Promise<void>>();
  private readonly loading = new Map<string, Promise<ThreadEntry>>();
  private readonly reader: BatchLoader<{ accountId: string; messageId: string }, StoredEvent[]>;

  constructor(private readonly options: ThreadCacheOptions) {
    this.threads = new LruCache(options.maxMessages ?? 50_000);
    this.reader = new BatchLoader(
      async (keys) => readRecentThreads(await options.getSql(), keys, options.window),
      (key) => key.messageId,
    );
  }

  /**
   * Runs fn with the message's recent events (oldest first) while holding the message's lock.
   * fn may change the list in place (append the new event, revise earlier ones).
   */
  async withThread<T>(
    accountId: string,
    messageId: string,
    fn: (events: StoredEvent[]) => T,
  ): Promise<T> {
    const previous = this.locks.get(messageId) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const chained = previous.then(() => current);
    this.locks.set(messageId, chained);

    await previous;
    try {
      const entry = await this.load(accountId, messageId);
      const result = fn(entry.events);
      entry.events.sort((a, b) => a.occurredAt - b.occurredAt);
      if (entry.events.length > this.options.window) {
        entry.events.splice(0, entry.events.length - this.options.window);
      }
      return result;
    } finally {
      release();
      if (this.locks.get(messageId) === chained) this.locks.delete(messageId);
    }
  }

  /** Starts reading a message's thread early (while its token's target is looked up). */
  prefetch(accountId: string, messageId: string): void {
    if (this.threads.get(messageId)?.complete || this.loading.has(messageId)) return;
    void this.load(accountId, messageId);
  }

  /** Forgets an event that could not be recorded anywhere. */
  forget(messageId: string, eventId: string): void {
    const entry = this.threads.get(messageId);
    if (!entry) return;
    entry.events = entry.events.filter((e) => e.id !== eventId);
  }

  clear(): void {
    this.threads.clear();
  }

  private load(accountId: string, messageId: string): Promise<ThreadEntry> {
    const cached = this.threads.get(messageId);
    if (cached?.complete) return Promise.resolve(cached);

    let loading = this.loading.get(messageId);
    if (!loading) {
      loading = this.read(accountId, messageId).finally(() => this.loading.delete(messageId));
      this.loading.set(messageId, loading);
    }
    return loading;
  }

  private async read(accountId: string, messageId: string): Promise<ThreadEntry> {
    let stored: StoredEvent[] | null;
    try {
      const read = this.reader.load({ accountId, messageId });
      stored = (await withTimeout(read, this.options.dbTimeoutMs ?? 2000)) ?? [];
    } catch {
      stored = null;
    }

    const cached = this.threads.get(messageId);
    if (stored === null) {
      // Database away: classify with what this process has seen, and read again next time.
      const entry = cached ?? { events: [], complete: false };
      this.threads.set(messageId, entry);
      return entry;
    }
    if (cached?.complete) return cached;

    const entry: ThreadEntry = { events: mergeById(stored, cached?.events ?? []), complete: true };
    this.threads.set(messageId, entry);
    return entry;
  }
}

function mergeById(stored: StoredEvent[], seen: StoredEvent[]): StoredEvent[] {
  const byId = new Map(stored.map((e) => [e.id, e]));
  // This process's copy is newer (it may hold revisions still being written).
  for (const event of seen) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => a.occurredAt - b.occurredAt);
}
