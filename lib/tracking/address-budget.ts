// Per-address token bucket: each client address earns `rate` requests per second up to
// `burst`. A flood from one address spends only its own budget, so others keep being recorded.
// Addresses are kept in a bounded LRU; a forgotten address simply starts with a full bucket.
import { LruCache } from './lru';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class AddressBudget {
  private readonly buckets = new LruCache<string, Bucket>(200_000);

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  get enabled(): boolean {
    return this.rate > 0 || this.burst > 0;
  }

  /** Takes one request from the address's budget; false when it has none left. */
  take(address: string, now: number): boolean {
    if (!this.enabled) return true;

    const bucket = this.buckets.get(address) ?? { tokens: this.burst, updatedAt: now };
    const earned = (Math.max(0, now - bucket.updatedAt) / 1000) * this.rate;
    bucket.tokens = Math.min(this.burst, bucket.tokens + earned);
    bucket.updatedAt = now;

    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(address, bucket);
    return allowed;
  }
}
