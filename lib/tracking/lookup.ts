// Token claims → the message (and link) they name, scoped by the token's account: a message or
// link of another account is simply not found. Answers are cached in a bounded LRU, so a burst
// on one campaign costs one query per message; misses are cached briefly too.
import type { SqlExecutor } from '../db';
import { withTimeout } from '../events/db-errors';
import { BatchLoader } from './batch-loader';
import { LruCache } from './lru';
import type { TokenClaims } from './token';

export interface TrackedLink {
  id: string;
  url: string;
  position: number;
  honeypot: boolean;
}

export interface TrackingTarget {
  accountId: string;
  campaignId: string;
  messageId: string;
  deliveredAt: number | null;
  linkCount: number | null;
  link: TrackedLink | null;
}

export type LookupResult =
  | { status: 'found'; target: TrackingTarget }
  | { status: 'unknown' }
  | { status: 'unavailable' };

interface CacheEntry {
  result: LookupResult;
  expiresAt: number;
}

export interface LookupOptions {
  getSql: () => Promise<SqlExecutor>;
  maxEntries?: number;
  dbTimeoutMs?: number;
}

/** A delivery time may be reported after sending; re-read undelivered messages sooner. */
const TTL_DELIVERED_MS = 10 * 60_000;
const TTL_UNDELIVERED_MS = 30_000;
const TTL_UNKNOWN_MS = 60_000;

const MESSAGES_QUERY = `
SELECT m.id, m."accountId", m."campaignId", m."deliveredAt", m."linkCount"
  FROM jsonb_to_recordset($1::jsonb) AS k("messageId" uuid, "accountId" uuid)
  JOIN "Message" m ON m.id = k."messageId" AND m."accountId" = k."accountId"`;

const LINKS_QUERY = `
SELECT m.id, m."accountId", m."campaignId", m."deliveredAt", m."linkCount",
       l.id AS "linkId", l.url, l.position, l.honeypot
  FROM jsonb_to_recordset($1::jsonb) AS k("linkId" uuid, "messageId" uuid, "accountId" uuid)
  JOIN "Message" m ON m.id = k."messageId" AND m."accountId" = k."accountId"
  JOIN "Link" l ON l.id = k."linkId" AND l."accountId" = k."accountId"
   AND (l."messageId" = m.id OR (l."messageId" IS NULL AND l."campaignId" = m."campaignId"))`;

interface Row {
  id: string;
  accountId: string;
  campaignId: string;
  deliveredAt: Date | string | null;
  linkCount: number | null;
  linkId?: string;
  url?: string;
  position?: number;
  honeypot?: boolean;
}

export class TargetLookup {
  private readonly cache: LruCache<string, CacheEntry>;
  private readonly messages: BatchLoader<TokenClaims, Row>;
  private readonly links: BatchLoader<TokenClaims, Row>;

  constructor(private readonly options: LookupOptions) {
    this.cache = new LruCache(options.maxEntries ?? 100_000);
    this.messages = new BatchLoader((keys) => this.queryMany(MESSAGES_QUERY, keys), keyOf);
    this.links = new BatchLoader((keys) => this.queryMany(LINKS_QUERY, keys), keyOf);
  }

  async resolve(claims: TokenClaims, now = Date.now()): Promise<LookupResult> {
    const key = keyOf(claims);
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.result;

    let result: LookupResult;
    try {
      result = await withTimeout(this.query(claims), this.options.dbTimeoutMs ?? 2000);
    } catch {
      // A stale answer beats none while the database is away.
      return cached ? cached.result : { status: 'unavailable' };
    }

    this.cache.set(key, { result, expiresAt: now + ttlOf(result) });
    return result;
  }

  clear(): void {
    this.cache.clear();
  }

  private async query(claims: TokenClaims): Promise<LookupResult> {
    const row = await (claims.linkId ? this.links : this.messages).load(claims);
    if (!row) return { status: 'unknown' };
    return { status: 'found', target: toTarget(claims.accountId, row) };
  }

  private async queryMany(text: string, keys: TokenClaims[]): Promise<Map<string, Row>> {
    const sql = await this.options.getSql();
    const { rows } = await sql.query<Row>(text, [JSON.stringify(keys)]);
    const found = new Map<string, Row>();
    for (const row of rows) {
      const claims = { kind: 'open' as const, accountId: row.accountId, messageId: row.id };
      found.set(keyOf({ ...claims, linkId: row.linkId }), row);
    }
    return found;
  }
}

function keyOf(claims: TokenClaims): string {
  return `${claims.accountId}:${claims.messageId}:${claims.linkId ?? ''}`;
}

function toTarget(accountId: string, row: Row): TrackingTarget {
  return {
    accountId,
    campaignId: row.campaignId,
    messageId: row.id,
    deliveredAt: row.deliveredAt === null ? null : new Date(row.deliveredAt).getTime(),
    linkCount: row.linkCount,
    link: row.linkId
      ? { id: row.linkId, url: row.url!, position: row.position!, honeypot: row.honeypot! }
      : null,
  };
}

function ttlOf(result: LookupResult): number {
  if (result.status !== 'found') return TTL_UNKNOWN_MS;
  return result.target.deliveredAt === null ? TTL_UNDELIVERED_MS : TTL_DELIVERED_MS;
}
