// Seeding for the tracking benchmark: the demo corpus's threads replicated into many messages
// of one campaign, with signed tokens and the corpus's user agents, addresses and headers.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SqlExecutor } from '../../lib/db';
import { signToken } from '../../lib/tracking/token';

const CorpusRow = z.object({
  msg: z.string(),
  kind: z.enum(['open', 'click']),
  ip: z.string(),
  user_agent: z.string().nullable(),
  headers: z.record(z.string(), z.string()).default({}),
  link_index: z.number().int().min(0).nullable().optional(),
});
type CorpusRow = z.infer<typeof CorpusRow>;

export interface BenchRequest {
  path: string;
  headers: Record<string, string>;
}

export function readCorpus(file: string): CorpusRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = CorpusRow.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0].message}`);
      return parsed.data;
    });
}

/** Creates one account and campaign, `replicas` copies of every corpus thread, and requests. */
export async function seedBench(
  sql: SqlExecutor,
  secret: string,
  rows: CorpusRow[],
  replicas: number,
): Promise<{ requests: BenchRequest[]; messages: number }> {
  const accountId = randomUUID();
  const campaignId = randomUUID();
  await sql.query(`INSERT INTO "Account" (id, name, "updatedAt") VALUES ($1, 'bench', now())`, [
    accountId,
  ]);
  await sql.query(`INSERT INTO "Campaign" (id, "accountId", name) VALUES ($1, $2, 'bench')`, [
    campaignId,
    accountId,
  ]);

  const linkCounts = new Map<string, number>();
  for (const row of rows) {
    const needed = row.kind === 'click' ? (row.link_index ?? 0) + 1 : 1;
    linkCounts.set(row.msg, Math.max(linkCounts.get(row.msg) ?? 1, needed));
  }

  const deliveredAt = new Date(Date.now() - 3600_000).toISOString();
  const requests: BenchRequest[] = [];

  for (let r = 0; r < replicas; r += 1) {
    const messages: Record<string, unknown>[] = [];
    const links: Record<string, unknown>[] = [];
    const tokens = new Map<string, { open: string; clicks: string[] }>();

    for (const [msg, linkCount] of linkCounts) {
      const messageId = randomUUID();
      messages.push({ id: messageId, recipientRef: `${msg}-${r}`, linkCount });
      const clicks: string[] = [];
      for (let position = 0; position < linkCount; position += 1) {
        const linkId = randomUUID();
        links.push({ id: linkId, messageId, position, url: `https://shop.example/p/${position}` });
        clicks.push(signToken(secret, { kind: 'click', accountId, messageId, linkId }));
      }
      tokens.set(msg, { open: signToken(secret, { kind: 'open', accountId, messageId }), clicks });
    }

    await insertMessages(sql, accountId, campaignId, deliveredAt, messages, links);

    for (const row of rows) {
      const t = tokens.get(row.msg)!;
      const path = row.kind === 'open' ? `/o/${t.open}` : `/c/${t.clicks[row.link_index ?? 0]}`;
      requests.push({ path, headers: requestHeaders(row) });
    }
  }

  return { requests: shuffle(requests), messages: linkCounts.size * replicas };
}

async function insertMessages(
  sql: SqlExecutor,
  accountId: string,
  campaignId: string,
  deliveredAt: string,
  messages: Record<string, unknown>[],
  links: Record<string, unknown>[],
): Promise<void> {
  await sql.query(
    `INSERT INTO "Message"
       (id, "accountId", "campaignId", "recipientRef", "sentAt", "deliveredAt", "linkCount")
     SELECT r.id, $2, $3, r."recipientRef", $4, $4, r."linkCount"
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "recipientRef" text, "linkCount" int)`,
    [JSON.stringify(messages), accountId, campaignId, deliveredAt],
  );
  await sql.query(
    `INSERT INTO "Link" (id, "accountId", "campaignId", "messageId", url, position)
     SELECT r.id, $2, $3, r."messageId", r.url, r.position
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "messageId" uuid, url text, position int)`,
    [JSON.stringify(links), accountId, campaignId],
  );
}

/** The corpus request's own headers, its address through the trusted-proxy header. */
function requestHeaders(row: CorpusRow): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(row.headers)) {
    if (name.toLowerCase() !== 'x-forwarded-for') headers[name] = value;
  }
  if (row.user_agent !== null) headers['user-agent'] = row.user_agent;
  headers['x-forwarded-for'] = row.ip;
  return headers;
}

/** Deterministic shuffle, so concurrent connections spread over many messages. */
function shuffle<T>(items: T[]): T[] {
  let seed = 42;
  for (let i = items.length - 1; i > 0; i -= 1) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
