// Coalesces lookups made in the same turn of the event loop into one query: under a burst,
// hundreds of requests that miss a cache cost one database round trip instead of hundreds.
export class BatchLoader<K, V> {
  private pending = new Map<
    string,
    { key: K; waiters: Array<(result: Promise<V | undefined>) => void> }
  >();
  private scheduled = false;

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<Map<string, V>>,
    private readonly keyOf: (key: K) => string,
    private readonly maxBatch = 500,
  ) {}

  /** The value for key, or undefined when the database has none. */
  load(key: K): Promise<V | undefined> {
    const id = this.keyOf(key);
    return new Promise<V | undefined>((resolve, reject) => {
      const entry = this.pending.get(id) ?? { key, waiters: [] };
      entry.waiters.push((result) => result.then(resolve, reject));
      this.pending.set(id, entry);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = [...this.pending.entries()];
      this.pending = new Map();
      for (let i = 0; i < batch.length; i += this.maxBatch)
        this.run(batch.slice(i, i + this.maxBatch));
    });
  }

  private run(
    batch: Array<[string, { key: K; waiters: Array<(r: Promise<V | undefined>) => void> }]>,
  ): void {
    const loaded = this.loadMany(batch.map(([, entry]) => entry.key));
    for (const [id, entry] of batch) {
      const result = loaded.then((values) => values.get(id));
      for (const waiter of entry.waiters) waiter(result);
    }
  }
}
