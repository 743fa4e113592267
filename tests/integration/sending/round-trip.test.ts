// The whole path in one test: a realistic template is sent through a real SMTP server, the
// received copy's pixel and links are requested through the tracking endpoints' handlers, and
// the events show up in the database and in the campaign's dashboard figures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as clickRoute } from '@/app/(tracking)/c/[token]/route';
import { GET as openRoute } from '@/app/(tracking)/o/[token]/route';
import { resetEnvCache } from '@/lib/config';
import { findTextParts } from '@/lib/instrument/mime';
import { decodeCharset, decodeTransfer } from '@/lib/instrument/transfer-encoding';
import { loadCampaignStats } from '@/lib/reporting/service';
import { getReportingStore } from '@/lib/reporting/store';
import { createSendJob } from '@/lib/sending/jobs';
import { runSendJob } from '@/lib/sending/runner';
import { saveSmtpSettings } from '@/lib/sending/smtp-settings';
import { flushEvents } from '@/lib/tracking/ingest';
import { closeTrackingRuntime } from '@/lib/tracking/runtime';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import {
  createTenant,
  TEST_BASE_URL,
  useTestSecrets,
  type Tenant,
} from '../../helpers/instrument/fixtures';
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startSmtpServer,
  type TestSmtpServer,
} from '../../helpers/instrument/smtp';

const SMTP_PORT = 3521;
const TEMPLATE = path.resolve(import.meta.dirname, '../../fixtures/templates/newsletter.html');
const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/131.0.0.0 Safari/537.36';

function receivedHtml(raw: Buffer): string {
  const text = raw.toString('latin1');
  const part = findTextParts(text).parts.find((p) => p.subtype === 'html')!;
  return decodeCharset(
    decodeTransfer(text.slice(part.bodyStart, part.bodyEnd), part.encoding),
    part.charset,
  );
}

function hit(route: typeof openRoute, url: string): Promise<Response> {
  const token = new URL(url).pathname.split('/').pop()!;
  const request = new Request(url, {
    headers: {
      'user-agent': DESKTOP_CHROME,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-language': 'en-GB,en;q=0.9',
      'x-forwarded-for': '198.51.100.23',
    },
  });
  return route(request, { params: Promise.resolve({ token }) });
}

describe(`template -> SMTP -> tracking -> dashboard (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let tenant: Tenant;
  let smtp: TestSmtpServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'verity-instrument-rt-'));
    process.env.VERITY_DATA_DIR = dataDir;
    resetEnvCache();
    useTestSecrets();
    db = await openTestDatabase();
    tenant = await createTenant(db, 'round trip');
    smtp = await startSmtpServer(SMTP_PORT);
    await saveSmtpSettings(tenant.accountId, {
      host: '127.0.0.1',
      port: SMTP_PORT,
      username: SMTP_USER,
      password: SMTP_PASSWORD,
      fromAddress: 'market@harvest.example',
    });
  });

  afterAll(async () => {
    await closeTrackingRuntime();
    await smtp?.close();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records the open and the click of the received copy', async () => {
    const job = await createSendJob(
      { ...tenant },
      {
        listCsv: 'email\nreader@people.example\n',
        subject: 'The Weekly Harvest',
        html: readFileSync(TEMPLATE, 'utf8'),
      },
    );
    expect(await runSendJob(job.jobId, { baseUrl: TEST_BASE_URL })).toBe(1);
    const items = await db.prisma.sendItem.findMany({ where: { jobId: job.jobId } });
    expect(items.map((i) => [i.status, i.detail])).toEqual([['sent', '250 Ok: queued']]);
    expect(smtp.received.length).toBe(1);

    const html = receivedHtml(smtp.received[0]!.raw);
    const pixel = /<img src="(http:\/\/127\.0\.0\.1:3501\/o\/[A-Za-z0-9_-]+)"/.exec(html)![1]!;
    const clicks = [
      ...html.matchAll(/href="(http:\/\/127\.0\.0\.1:3501\/c\/[A-Za-z0-9_-]+)"/g),
    ].map((m) => m[1]!);
    expect(clicks.length).toBe(6); // five visible links (the button twice) and the honeypot

    const opened = await hit(openRoute, pixel);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('image/gif');

    const clicked = await hit(clickRoute, clicks[1]!);
    expect(clicked.status).toBe(302);
    expect(clicked.headers.get('location')).toBe(
      'https://harvest.example/blog/squash-guide#storage',
    );
    await flushEvents();

    const message = await db.prisma.message.findFirstOrThrow({
      where: { campaignId: tenant.campaignId },
    });
    const events = await db.prisma.event.findMany({
      where: { messageId: message.id },
      orderBy: { kind: 'asc' },
      include: { link: true },
    });
    expect(events.map((e) => [e.kind, e.method, e.link?.url ?? null])).toEqual([
      ['open', 'GET', null],
      ['click', 'GET', 'https://harvest.example/blog/squash-guide#storage'],
    ]);

    const stats = await loadCampaignStats(
      await getReportingStore(),
      tenant.accountId,
      tenant.campaignId,
      'all',
    );
    expect(stats.figures).toMatchObject({ sent: 1, delivered: 1, totalOpens: 1, totalClicks: 1 });
  });
});
