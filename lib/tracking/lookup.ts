// What a token's ids name: its message (campaign, delivery time, link count) and, for a click,
// the registered link (destination, position, honeypot). Every read is scoped by the token's
// account, so a message or link of another account is simply not found. Answers are cached in
// bounded LRUs and misses of one turn of the event loop share one query, so a burst on one
// campaign costs one query per message and one per link; misses are cached briefly too.
//
// Links are cached by their own id: a campaign's links are shared by all its messages, so the
// first click on a link warms it for every recipient.
import type { SqlExecutor } from '../db';
import { withTimeout } from '../events/db-errors';
import { BatchLoader } from './batch-loader';
import { LruCache } from './lru';

export interface TrackedMessage {
  accountId: string;
  campaignId: string;
  messageId: string;
  deliveredAt: number | null;
  linkCount: number | null;
}

export interface TrackedLink {
  id: string;
  campaignId: string;
  /** Null for a link registered for the whole campaign. */
  messageId: string | null;
  url: string;
  position: number;
  honeypot: boolean;
}

export type Lookup<T> =
  | { status: 'found'; value: T }
  | { status: 'unknown' }
  | { status: 'unavailable' };

export interface LookupOptions {
  getSql: () => Promise<SqlExecutor>;
  maxEntries?: number;
  dbTimeoutMs?: number;
}

/** A delivery time may be reported after sending; re-read undelivered messages sooner. */
const TTL_DELIVERED_MS = 10 * 60_000;
const TTL_UNDELIVERED_MS = 30_000;
const TTL_LINK_MS = 10 * 60_000;
const TTL_UNKNOWN_MS = 60_000;

const MESSAGES_QUERY = `
SELECT m.id, m."accountId", m."campaignId", m."deliveredAt", m."linkCount"
  FROM jsonb_to_recordset($1::jsonb) AS k(id uuid, "accountId" uuid)
  JOIN "Message" m ON m.id = k.id AND m."accountId" = k."accountId"`;

const LINKS_QUERY = `
SELECT l.id, l."accountId", l."campaignId", l."messageId", l.url, l.position, l.honeypot
  FROM jsonb_to_recordset($1::jsonb) AS k(id uuid, "accountId" uuid)
  JOIN "Link" l ON l.id = k.id AND l."accountId" = k."accountId"`;

interface Key {
  accountId: string;
  id: string;
}

interface MessageRow {
  id: string;
  accountId: string;
  campaignId: string;
  deliveredAt: Date | string | null;
  linkCount: number | null;
}

interface LinkRow {
  id: string;
  accountId: string;
  campaignId: string;
  messageId: string | null;
  url: string;
  position: number;
  honeypot: boolean;
}

interface CacheEntry<T> {
  result: Lookup<T>;
  expiresAt: number;
}

/** One kind of row, read by (account, id) through a cache and a batching loader. */
class CachedReader<Row extends { id: string; accountId: string }, T> {
  private readonly cache: LruCache<string, CacheEntry<T>>;
  private readonly loader: BatchLoader<Key, Row>;

  constructor(
    private readonly options: LookupOptions,
    query: string,
    private readonly convert: (row: Row) => T,
    private readonly ttlOf: (value: T) => number,
  ) {
    this.cache = new LruCache(options.maxEntries ?? 100_000);
    this.loader = new BatchLoader(async (keys) => {
      const sql = await options.getSql();
      const { rows } = await sql.query<Row>(query, [JSON.stringify(keys)]);
      return new Map(rows.map((row) => [keyOf(row), row]));
    }, keyOf);
  }

  /** A fresh cached answer at once (no turn of the event loop), or a promise of one. */
  read(key: Key, now = Date.now()): Lookup<T> | Promise<Lookup<T>> {
    const id = keyOf(key);
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > now) return cached.result;
    return this.fetch(id, key, cached, now);
  }

  private async fetch(
    id: string,
    key: Key,
    cached: CacheEntry<T> | undefined,
    now: number,
  ): Promise<Lookup<T>> {
    let result: Lookup<T>;
    try {
      const row = await withTimeout(this.loader.load(key), this.options.dbTimeoutMs ?? 2000);
      result = row ? { status: 'found', value: this.convert(row) } : { status: 'unknown' };
    } catch {
      // A stale answer beats none while the database is away.
      return cached ? cached.result : { status: 'unavailable' };
    }

    const ttl = result.status === 'found' ? this.ttlOf(result.value) : TTL_UNKNOWN_MS;
    this.cache.set(id, { result, expiresAt: now + ttl });
    return result;
  }

  forget(key: Key): void {
    this.cache.delete(keyOf(key));
  }

  clear(): void {
    this.cache.clear();
  }
}

export class TargetLookup {
  private readonly messages: CachedReader<MessageRow, TrackedMessage>;
  private readonly links: CachedReader<LinkRow, TrackedLink>;

  constructor(options: LookupOptions) {
    this.messages = new CachedReader(options, MESSAGES_QUERY, toMessage, (message) =>
      message.deliveredAt === null ? TTL_UNDELIVERED_MS : TTL_DELIVERED_MS,
    );
    this.links = new CachedReader(options, LINKS_QUERY, toLink, () => TTL_LINK_MS);
  }

  /** Answered at once when cached (a batch of hits mostly is); otherwise a promise. */
  message(
    accountId: string,
    messageId: string,
  ): Lookup<TrackedMessage> | Promise<Lookup<TrackedMessage>> {
    return this.messages.read({ accountId, id: messageId });
  }

  link(accountId: string, linkId: string): Lookup<TrackedLink> | Promise<Lookup<TrackedLink>> {
    return this.links.read({ accountId, id: linkId });
  }

  /** Forgets what is cached about a message (and a link), so the next lookup reads again. */
  forget(accountId: string, messageId: string, linkId: string | null): void {
    this.messages.forget({ accountId, id: messageId });
    if (linkId) this.links.forget({ accountId, id: linkId });
  }

  clear(): void {
    this.messages.clear();
    this.links.clear();
  }
}

/** A link belongs to a message when registered for it or for the message's whole campaign. */
export function linkBelongsTo(link: TrackedLink, message: TrackedMessage): boolean {
  return link.messageId === null
    ? link.campaignId === message.campaignId
    : link.messageId === message.messageId;
}

function keyOf(key: Key): string {
  return `${key.accountId}:${key.id}`;
}

function toMessage(row: MessageRow): TrackedMessage {
  return {
    accountId: row.accountId,
    campaignId: row.campaignId,
    messageId: row.id,
    deliveredAt: row.deliveredAt === null ? null : new Date(row.deliveredAt).getTime(),
    linkCount: row.linkCount,
  };
}

function toLink(row: LinkRow): TrackedLink {
  return {
    id: row.id,
    campaignId: row.campaignId,
    messageId: row.messageId,
    url: row.url,
    position: row.position,
    honeypot: row.honeypot,
  };
}
