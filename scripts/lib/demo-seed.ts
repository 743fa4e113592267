// The demo account: a few campaigns sent over the last two weeks whose opens and clicks are the
// labelled replay corpus. Each corpus thread becomes one delivered message; its requests go in
// through ingestTrackingRequest, the code the tracking endpoints run, at the time they would
// have happened (delivery + seconds_after_delivery). Quiet and bounced messages are added so the
// rates look like a real campaign's.
import { createHash } from 'node:crypto';
import type { Database } from '../../lib/db';
import { createAccountWithOwner, createApiKey } from '../../lib/auth/accounts';
import { registerMessage, type RegisteredMessage } from '../../lib/instrument/register';
import { ingestTrackingRequest, flushEvents } from '../../lib/tracking/ingest';
import type { CorpusRequest as CorpusRow } from './corpus';

export const DEMO_ACCOUNT_NAME = 'Northwind Health (demo)';
export const DEMO_EMAIL = 'demo@verity.example';
export const DEMO_PASSWORD = 'verity-demo-2026';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface CampaignPlan {
  name: string;
  subject: string;
  daysAgo: number;
  site: string;
  paths: string[];
}

// Made-up destinations under a reserved example domain; nothing real is ever linked.
const CAMPAIGNS: CampaignPlan[] = [
  {
    name: 'Flu vaccine reminder',
    subject: 'Your flu shot is due: book in two minutes',
    daysAgo: 13,
    site: 'https://care.northwind-health.example',
    paths: ['/book/flu', '/clinics', '/flu/faq', '/portal', '/pharmacy', '/contact'],
  },
  {
    name: 'November patient newsletter',
    subject: 'Winter wellness, new clinic hours and more',
    daysAgo: 11,
    site: 'https://news.northwind-health.example',
    paths: ['/winter-wellness', '/hours', '/recipes/soup', '/stories/nurse-ana', '/events', '/app'],
  },
  {
    name: 'Telehealth launch',
    subject: 'See your doctor from home',
    daysAgo: 9,
    site: 'https://care.northwind-health.example',
    paths: ['/telehealth', '/telehealth/how-it-works', '/portal', '/insurance', '/support', '/faq'],
  },
  {
    name: 'Appointment follow-up survey',
    subject: 'How was your visit?',
    daysAgo: 5,
    site: 'https://survey.northwind-health.example',
    paths: ['/visit?q=1', '/visit?q=2', '/visit?q=3', '/comments', '/privacy', '/contact'],
  },
];

/** Quiet (delivered, no events) and bounced messages per message with events. */
const QUIET_PER_THREAD = 1.7;
const BOUNCED_PER_THREAD = 0.06;

export interface DemoSeedResult {
  accountId: string;
  apiKey: string;
  campaigns: number;
  messages: number;
  events: number;
}

/** Seeds the demo account unless it exists. Returns null when it was already there. */
export async function seedDemo(
  db: Database,
  rows: CorpusRow[],
  now = Date.now(),
): Promise<DemoSeedResult | null> {
  const existing = await db.prisma.account.findFirst({ where: { name: DEMO_ACCOUNT_NAME } });
  if (existing) return null;

  const { accountId, userId } = await createAccountWithOwner({
    accountName: DEMO_ACCOUNT_NAME,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    name: 'Demo Marketer',
  });
  await db.prisma.account.update({
    where: { id: accountId },
    data: { timeZone: 'America/New_York' },
  });
  const { key } = await createApiKey(accountId, 'Demo replay', userId);

  const threads = groupThreads(rows);
  const assignment = assignThreads(threads, now);
  let messages = 0;
  const pending: PendingRequest[] = [];

  for (const [index, plan] of CAMPAIGNS.entries()) {
    const sentAt = now - plan.daysAgo * DAY;
    const campaign = await db.prisma.campaign.create({
      data: { accountId, name: plan.name, subject: plan.subject, sentAt: new Date(sentAt) },
    });
    const links = plan.paths.map((p, position) => ({ url: plan.site + p, position }));
    const own = assignment.get(index) ?? [];

    for (const thread of own) {
      const times = messageTimes(sentAt, thread.msg);
      const registered = await registerMessage(
        {
          accountId,
          campaignId: campaign.id,
          recipientRef: recipientRef(thread.msg),
          ...times,
          links,
        },
        db,
      );
      messages++;
      for (const row of thread.rows) pending.push(toRequest(row, registered, times.deliveredAt));
    }

    const quiet = Math.round(own.length * QUIET_PER_THREAD);
    const bounced = Math.round(own.length * BOUNCED_PER_THREAD);
    for (let i = 0; i < quiet + bounced; i++) {
      const key = `${plan.name}#${i}`;
      const times = messageTimes(sentAt, key);
      const bounce = i >= quiet;
      await registerMessage(
        {
          accountId,
          campaignId: campaign.id,
          recipientRef: recipientRef(key),
          sentAt: times.sentAt,
          deliveredAt: bounce ? null : times.deliveredAt,
          bouncedAt: bounce ? times.deliveredAt : null,
          links,
        },
        db,
      );
      messages++;
    }
  }

  // One time line across every thread, as the endpoints would have seen it.
  pending.sort((a, b) => a.at - b.at);
  for (const request of pending) {
    const result = await ingestTrackingRequest(request);
    if (!result.acknowledged) throw new Error(`demo event not recorded: ${result.status}`);
  }
  await flushEvents();

  return { accountId, apiKey: key, campaigns: CAMPAIGNS.length, messages, events: pending.length };
}

interface Thread {
  msg: string;
  rows: CorpusRow[];
  span: number;
}

function groupThreads(rows: CorpusRow[]): Thread[] {
  const byMsg = new Map<string, CorpusRow[]>();
  for (const row of rows) {
    const list = byMsg.get(row.msg) ?? [];
    list.push(row);
    byMsg.set(row.msg, list);
  }
  return [...byMsg.entries()].map(([msg, list]) => ({
    msg,
    rows: list,
    span: Math.max(...list.map((r) => r.seconds_after_delivery)) * 1000,
  }));
}

/** Spreads threads over the campaigns; a thread that would run into the future goes older. */
function assignThreads(threads: Thread[], now: number): Map<number, Thread[]> {
  const result = new Map<number, Thread[]>();
  threads.forEach((thread, i) => {
    let index = i % CAMPAIGNS.length;
    while (index > 0 && CAMPAIGNS[index].daysAgo * DAY - HOUR < thread.span) index--;
    const list = result.get(index) ?? [];
    list.push(thread);
    result.set(index, list);
  });
  void now;
  return result;
}

/** Deterministic small offsets so messages of one campaign are not all sent in one instant. */
function messageTimes(campaignSentAt: number, key: string) {
  const digest = createHash('sha256').update(key).digest();
  const sendOffset = digest.readUInt16BE(0) % 600_000; // up to 10 minutes into the send
  const relay = 2_000 + (digest.readUInt16BE(2) % 18_000); // 2-20 s to the receiving server
  const sentAt = campaignSentAt + sendOffset;
  return { sentAt: new Date(sentAt), deliveredAt: new Date(sentAt + relay) };
}

/** An opaque recipient reference; the demo has no addresses at all. */
function recipientRef(key: string): string {
  return 'patient-' + createHash('sha256').update(key).digest('hex').slice(0, 10);
}

type PendingRequest = Parameters<typeof ingestTrackingRequest>[0] & { at: number };

function toRequest(row: CorpusRow, message: RegisteredMessage, deliveredAt: Date): PendingRequest {
  const link = message.links.find((l) => l.position === (row.link_index ?? 0)) ?? message.links[0];
  return {
    kind: row.kind,
    token: row.kind === 'open' ? message.openToken : link.clickToken,
    method: row.method,
    ip: row.ip,
    userAgent: row.user_agent,
    headers: row.headers ?? {},
    at: deliveredAt.getTime() + Math.round(row.seconds_after_delivery * 1000),
  };
}
