// A small least-recently-used map with a bounded number of entries (Map keeps insertion order,
// so re-inserting on read moves an entry to the young end).
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  /** onRemove hears of every entry that leaves (replaced, deleted, evicted or cleared). */
  constructor(
    private readonly maxEntries: number,
    private readonly onRemove?: (key: K, value: V) => void,
  ) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.evictOldest();
  }

  delete(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.onRemove?.(key, value);
  }

  /** Drops the least recently used entry. */
  evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.delete(oldest.value);
  }

  clear(): void {
    if (this.onRemove) for (const [key, value] of this.entries) this.onRemove(key, value);
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
