// Data for the scale benchmark (scripts/bench-scale.ts): one tenant, a campaign's messages and
// links as multi-row INSERTs of the rows lib/instrument writes, and a realistic mix of events
// written through the event store's batch write (lib/events writeBatch) by two writers.
import { randomUUID } from 'node:crypto';
import { hashApiKey } from '../../lib/auth/api';
import type { Database } from '../../lib/db';
import type { EventRow } from '../../lib/events/event-row';
import { writeBatch } from '../../lib/events/event-sql';

const SENT_AT = Date.parse('2026-11-02T08:00:00Z');
const EVENT_BATCH = 5_000;
const MESSAGE_BATCH = 50_000;
const LINKS_PER_MESSAGE = 3; // two visible links and the hidden honeypot at position 2

// Ids derived from an index, so a million messages need no table of ids in memory.
function indexedId(kind: number, index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `0000000${kind}-0000-4000-8000-${hex}`;
}
export const messageId = (i: number) => indexedId(1, i);
const linkId = (i: number, position: number) => indexedId(2 + position, i);

/** Small deterministic generator (mulberry32), so every run writes the same data. */
function createRandom(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPLE_MAIL =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 ' +
  '(KHTML, like Gecko) Mobile/15E148';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/124.0.0.0 Safari/537.36';
const OUTLOOK =
  'Mozilla/4.0 (compatible; ms-office; MSOffice 16) Microsoft Outlook 16.0.17328; Pro)';

// [share, kind, verdict, fetcher, user agent]: a mix like the replay corpus's.
const MIX: ReadonlyArray<[number, 'open' | 'click', 'human' | 'automated', string, string | null]> =
  [
    [0.2, 'open', 'human', 'human', APPLE_MAIL],
    [0.1, 'open', 'human', 'human', IPHONE],
    [0.05, 'open', 'human', 'human', OUTLOOK],
    [0.15, 'open', 'human', 'google_image_proxy', 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)'],
    [
      0.03,
      'open',
      'human',
      'yahoo_proxy',
      'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
    ],
    [0.22, 'open', 'automated', 'apple_mpp', 'Mozilla/5.0'],
    [0.04, 'open', 'automated', 'outlook_scanning', OUTLOOK],
    [0.01, 'open', 'automated', 'generic_bot', 'python-requests/2.31'],
    [0.09, 'click', 'human', 'human', CHROME],
    [0.06, 'click', 'automated', 'microsoft_safelinks', CHROME],
    [0.03, 'click', 'automated', 'link_scanner', 'Mozilla/5.0 (compatible; Barracuda)'],
    [0.02, 'click', 'automated', 'security_sandbox', CHROME],
  ];

function pickMix(r: number) {
  let acc = 0;
  for (const entry of MIX) {
    acc += entry[0];
    if (r < acc) return entry;
  }
  return MIX[0];
}

function buildEvent(
  ids: { accountId: string; campaignId: string },
  messages: number,
  random: () => number,
): EventRow {
  const [, kind, verdict, fetcher, userAgent] = pickMix(random());
  const m = Math.floor(random() * messages);
  // Most activity comes in the first hours after sending, then tails off over a week.
  const delayMs = Math.min(-Math.log(1 - random()) * 8 * 3_600_000, 7 * 86_400_000);
  const position = random() < 0.02 && verdict === 'automated' ? 2 : Math.floor(random() * 2);
  return {
    id: randomUUID(),
    ...ids,
    messageId: messageId(m),
    linkId: kind === 'click' ? linkId(m, position) : null,
    kind,
    method: 'GET',
    occurredAt: SENT_AT + 60_000 + Math.round(delayMs),
    clientIp: null,
    network: null,
    userAgent,
    headers: {},
    verdict,
    fetcher,
    reasons: verdict === 'human' ? [] : [`bench_${fetcher}`],
    confidence: 0.9,
    classifierVersion: 'bench',
    evidence: [],
  };
}

export async function seedTenant(db: Database, apiKey: string) {
  const accountId = randomUUID();
  const campaignId = randomUUID();
  await db.sql.query(
    `INSERT INTO "Account" (id, name, "timeZone", "suppressAutomated", "updatedAt")
     VALUES ($1, 'Bench', 'Europe/Berlin', false, now())`,
    [accountId],
  );
  await db.sql.query(
    `INSERT INTO "Campaign" (id, "accountId", name, "sentAt")
     VALUES ($1, $2, 'Bench campaign', $3)`,
    [campaignId, accountId, new Date(SENT_AT)],
  );
  await db.sql.query(
    `INSERT INTO "ApiKey" (id, "accountId", name, prefix, "keyHash")
     VALUES ($1, $2, 'bench', $3, $4)`,
    [randomUUID(), accountId, apiKey.slice(0, 10), hashApiKey(apiKey)],
  );
  return { accountId, campaignId };
}

export async function seedMessages(
  db: Database,
  ids: { accountId: string; campaignId: string },
  count: number,
) {
  for (let start = 0; start < count; start += MESSAGE_BATCH) {
    const n = Math.min(MESSAGE_BATCH, count - start);
    const messageIds = Array.from({ length: n }, (_, k) => messageId(start + k));
    await db.sql.transaction(async (tx) => {
      // One in fifty bounces, as a typical list does.
      await tx.query(
        `INSERT INTO "Message" (id, "accountId", "campaignId", "recipientRef", "sentAt",
           "deliveredAt", "bouncedAt", "linkCount")
         SELECT id, $2, $3, 'bench-' || ($4 + ord), $5,
           CASE WHEN ($4 + ord) % 50 <> 0 THEN $5::timestamptz + interval '20 seconds' END,
           CASE WHEN ($4 + ord) % 50 = 0 THEN $5::timestamptz + interval '20 seconds' END, 2
         FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
        [messageIds, ids.accountId, ids.campaignId, start, new Date(SENT_AT)],
      );
      for (let position = 0; position < LINKS_PER_MESSAGE; position++) {
        await tx.query(
          `INSERT INTO "Link" (id, "accountId", "campaignId", "messageId", url, position, honeypot)
           SELECT ($1::uuid[])[ord], $3, $4, m, $5, $6, $7
           FROM unnest($2::uuid[]) WITH ORDINALITY AS t(m, ord)`,
          [
            messageIds.map((_, k) => linkId(start + k, position)),
            messageIds,
            ids.accountId,
            ids.campaignId,
            position === 2
              ? 'https://bench.example/hidden'
              : `https://bench.example/offer-${position}`,
            position,
            position === 2,
          ],
        );
      }
    });
  }
}

// Two writers, as two tracking processes would be: one builds its next batch while the other's
// statement runs.
const WRITERS = 2;

export async function seedEvents(
  db: Database,
  ids: { accountId: string; campaignId: string },
  options: { events: number; messages: number },
) {
  const started = performance.now();
  let written = 0;
  let reported = 0;
  const write = async (writer: number) => {
    const random = createRandom(20261204 + writer);
    const share =
      Math.floor(options.events / WRITERS) + (writer < options.events % WRITERS ? 1 : 0);
    for (let done = 0; done < share; done += EVENT_BATCH) {
      const n = Math.min(EVENT_BATCH, share - done);
      const batch = Array.from({ length: n }, () => buildEvent(ids, options.messages, random));
      await writeBatch(db.sql, batch, []);
      written += n;
      if (written - reported >= 500_000) {
        reported = written;
        const rate = Math.round(written / ((performance.now() - started) / 1000));
        console.log(`  ${written} events (${rate}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => write(w)));
  return (performance.now() - started) / 1000;
}
