import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTextParts, headerValue } from '@/lib/instrument/mime';
import { decodeCharset, decodeTransfer } from '@/lib/instrument/transfer-encoding';
import {
  createSendJob,
  getSendProgress,
  markSendJobResumed,
  pauseSendJob,
} from '@/lib/sending/jobs';
import { runSendJob } from '@/lib/sending/runner';
import { getSmtpSettings, saveSmtpSettings } from '@/lib/sending/smtp-settings';
import { recordUnsubscribe } from '@/lib/sending/unsubscribe';
import { recipientRefForAddress } from '@/lib/instrument/recipient-ref';
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
  type ReceivedMail,
  type TestSmtpServer,
} from '../../helpers/instrument/smtp';

const SMTP_PORT = 3520;
const DEAD_PORT = 3529;

const CSV =
  'email,first_name,slug\r\n' +
  'ana@people.example,Ana,a-1\r\n' +
  '"bo@people.example","Bo, Jr.",b-2\r\n' +
  'refuse@people.example,Ref,r-3\r\n' +
  'gone@people.example,Gone,g-4\r\n' +
  'cy@people.example,Cy,c-5\r\n';

const CONTENT = {
  subject: 'Hello {{first_name}}',
  html:
    '<html><body><p>Hi {{first_name}}</p><a href="https://shop.example/p/{{slug}}">Yours</a>' +
    '<a href="{{unsubscribe_url}}">Unsubscribe</a></body></html>',
  text: 'Hi {{first_name}}, yours: https://shop.example/p/{{slug}}',
};

function htmlOf(mail: ReceivedMail): string {
  const raw = mail.raw.toString('latin1');
  const part = findTextParts(raw).parts.find((p) => p.subtype === 'html')!;
  return decodeCharset(
    decodeTransfer(raw.slice(part.bodyStart, part.bodyEnd), part.encoding),
    part.charset,
  );
}

function recipientsOf(server: TestSmtpServer): string[] {
  return server.received.flatMap((m) => m.to).sort();
}

describe(`send jobs over SMTP (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let tenant: Tenant;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    useTestSecrets();
    db = await openTestDatabase();
    tenant = await createTenant(db, 'sender');
    smtp = await startSmtpServer(SMTP_PORT);
    await saveSmtpSettings(tenant.accountId, {
      host: '127.0.0.1',
      port: SMTP_PORT,
      username: SMTP_USER,
      password: SMTP_PASSWORD,
      fromAddress: 'News <news@shop.example>',
    });
    await db.prisma.message.create({
      data: {
        ...tenant,
        recipientRef: recipientRefForAddress(tenant.accountId, 'gone@people.example'),
      },
    });
    const goneMessage = await db.prisma.message.findFirstOrThrow();
    await recordUnsubscribe(
      { ...tenant, messageId: goneMessage.id, recipientRef: goneMessage.recipientRef },
      'confirmed',
    );
  });

  afterAll(async () => {
    await smtp?.close();
    await db?.close();
  });

  it('keeps the SMTP password sealed and never shows it', async () => {
    const row = await db.prisma.smtpSettings.findUniqueOrThrow({
      where: { accountId: tenant.accountId },
    });
    expect(row.passwordEncrypted).toMatch(/^v1\./);
    expect(row.passwordEncrypted).not.toContain(SMTP_PASSWORD);
    expect(await getSmtpSettings(tenant.accountId)).toEqual({
      host: '127.0.0.1',
      port: SMTP_PORT,
      secure: false,
      username: SMTP_USER,
      hasPassword: true,
      fromAddress: 'News <news@shop.example>',
    });
  });

  it('sends each their own tracked copy; refusals bounce; unsubscribed skip', async () => {
    smtp.received.length = 0;
    const job = await createSendJob({ ...tenant }, { listCsv: CSV, ...CONTENT });
    expect(job).toMatchObject({ status: 'running', total: 5, pending: 5 });

    expect(await runSendJob(job.jobId, { baseUrl: TEST_BASE_URL })).toBe(5);
    expect(recipientsOf(smtp)).toEqual([
      'ana@people.example',
      'bo@people.example',
      'cy@people.example',
    ]);

    const progress = await getSendProgress(tenant.accountId, job.jobId);
    expect(progress).toMatchObject({
      status: 'completed',
      total: 5,
      pending: 0,
      sending: 0,
      sent: 3,
      bounced: 1,
      skipped: 1,
    });

    const bo = smtp.received.find((m) => m.to[0] === 'bo@people.example')!;
    const raw = bo.raw.toString('latin1');
    const top = findTextParts(raw).top;
    expect(headerValue(top, 'subject')).toBe('Hello Bo, Jr.');
    expect(headerValue(top, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(headerValue(top, 'list-unsubscribe')).toMatch(
      /^<http:\/\/127\.0\.0\.1:3501\/u\/[A-Za-z0-9_-]{67}>$/,
    );

    const items = await db.prisma.sendItem.findMany({
      where: { jobId: job.jobId },
      include: { recipient: true },
    });
    const boItem = items.find((i) => i.recipient.email === 'bo@people.example')!;
    const boLinks = await db.prisma.link.findMany({
      where: { messageId: boItem.messageId! },
      orderBy: { position: 'asc' },
    });
    expect(boLinks.map((l) => [l.url, l.honeypot])).toEqual([
      ['https://shop.example/p/b-2', false],
      [`${TEST_BASE_URL}/`, true],
    ]);
    expect(htmlOf(bo)).toContain('<p>Hi Bo, Jr.</p><a href="http://127.0.0.1:3501/c/');

    const boMessage = await db.prisma.message.findUniqueOrThrow({
      where: { id: boItem.messageId! },
    });
    expect(boMessage.deliveredAt).not.toBeNull();
    expect(boMessage.bouncedAt).toBeNull();
    expect(boMessage.deliveredAt!.getTime()).toBeGreaterThanOrEqual(boMessage.sentAt!.getTime());

    const refused = items.find((i) => i.recipient.email === 'refuse@people.example')!;
    expect([refused.status, refused.detail]).toEqual(['bounced', 'smtp 550']);
    const refusedMessage = await db.prisma.message.findUniqueOrThrow({
      where: { id: refused.messageId! },
    });
    expect([refusedMessage.deliveredAt, refusedMessage.bouncedAt === null]).toEqual([null, false]);

    const gone = items.find((i) => i.recipient.email === 'gone@people.example')!;
    expect([gone.status, gone.detail, gone.messageId]).toEqual(['skipped', 'unsubscribed', null]);
  });

  it('pauses and resumes without sending anyone twice', async () => {
    smtp.received.length = 0;
    const job = await createSendJob({ ...tenant }, { listCsv: CSV, ...CONTENT });
    let settled = 0;
    const pauseAfterTwo = async () => {
      settled += 1;
      if (settled === 2) expect(await pauseSendJob(tenant.accountId, job.jobId)).toBe(true);
    };

    expect(await runSendJob(job.jobId, { baseUrl: TEST_BASE_URL, afterItem: pauseAfterTwo })).toBe(
      2,
    );
    expect(await getSendProgress(tenant.accountId, job.jobId)).toMatchObject({
      status: 'paused',
      pending: 3,
      sent: 2,
    });
    expect(recipientsOf(smtp)).toEqual(['ana@people.example', 'bo@people.example']);

    // A paused job does not run; resuming twice is refused the second time.
    expect(await runSendJob(job.jobId, { baseUrl: TEST_BASE_URL })).toBe(0);
    expect(await markSendJobResumed(tenant.accountId, job.jobId)).toBe(true);
    expect(await markSendJobResumed(tenant.accountId, job.jobId)).toBe(false);

    // Two runners at once still send each recipient exactly once.
    const runs = await Promise.all([
      runSendJob(job.jobId, { baseUrl: TEST_BASE_URL }),
      runSendJob(job.jobId, { baseUrl: TEST_BASE_URL }),
    ]);
    expect(runs[0]! + runs[1]!).toBe(3);
    expect(recipientsOf(smtp)).toEqual([
      'ana@people.example',
      'bo@people.example',
      'cy@people.example',
    ]);
    expect(await getSendProgress(tenant.accountId, job.jobId)).toMatchObject({
      status: 'completed',
      sent: 3,
      bounced: 1,
      skipped: 1,
    });
  });

  it('pauses the job and sends nothing when the relay cannot be reached', async () => {
    const other = await createTenant(db, 'dead relay');
    await saveSmtpSettings(other.accountId, {
      host: '127.0.0.1',
      port: DEAD_PORT,
      fromAddress: 'x@shop.example',
    });
    const job = await createSendJob({ ...other }, { listCsv: CSV, ...CONTENT });

    expect(await runSendJob(job.jobId, { baseUrl: TEST_BASE_URL })).toBe(0);
    expect(await getSendProgress(other.accountId, job.jobId)).toMatchObject({
      status: 'paused',
      pending: 5,
      sent: 0,
    });
    expect(await db.prisma.message.count({ where: { accountId: other.accountId } })).toBe(0);
  });

  it('pauses instead of bouncing everyone when the relay refuses the login', async () => {
    const other = await createTenant(db, 'bad login');
    await saveSmtpSettings(other.accountId, {
      host: '127.0.0.1',
      port: SMTP_PORT,
      username: SMTP_USER,
      password: 'wrong',
      fromAddress: 'x@shop.example',
    });
    const job = await createSendJob({ ...other }, { listCsv: CSV, ...CONTENT });

    expect(await runSendJob(job.jobId, { baseUrl: TEST_BASE_URL })).toBe(0);
    expect(await getSendProgress(other.accountId, job.jobId)).toMatchObject({
      status: 'paused',
      pending: 5,
      bounced: 0,
    });
  });

  it('refuses bad rows, naming each line, and templates with unknown fields', async () => {
    const bad =
      'email,first_name,slug\nnot-an-address,A,a\nok@people.example,B\n' +
      'ok@people.example,C,c\nOK@people.example,D,d\n';
    await expect(createSendJob({ ...tenant }, { listCsv: bad, ...CONTENT })).rejects.toMatchObject({
      code: 'bad_request',
      details: {
        errorCount: 3,
        rows: [
          { line: 2, message: 'the email column is not a valid address' },
          { line: 3, message: 'expected 3 columns, found 2' },
          { line: 5, message: 'duplicate address (first on line 4)' },
        ],
      },
    });

    const missing = createSendJob(
      { ...tenant },
      { listCsv: 'email\nx@people.example\n', ...CONTENT },
    );
    await expect(missing).rejects.toMatchObject({
      details: { missingFields: ['first_name', 'slug'] },
    });
  });

  it("treats another account's campaign as missing", async () => {
    const other = await createTenant(db, 'other');
    const attempt = createSendJob(
      { accountId: tenant.accountId, campaignId: other.campaignId },
      { listCsv: CSV, ...CONTENT },
    );
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
    expect(
      await pauseSendJob(other.accountId, (await db.prisma.sendJob.findFirstOrThrow()).id),
    ).toBe(false);
  });
});
