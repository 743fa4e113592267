import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMessage } from '@/lib/instrument/register';
import { applyDeliveryReport } from '@/lib/sending/delivery-report';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import { createTenant, useTestSecrets, type Tenant } from '../../helpers/instrument/fixtures';

function dsn(options: {
  envelopeId?: string;
  messageIdHeader?: string;
  action: string;
  status: string;
}) {
  const perMessage = [
    'Reporting-MTA: dns; relay.shop.example',
    ...(options.envelopeId ? [`Original-Envelope-Id: ${options.envelopeId}`] : []),
    'Arrival-Date: Tue, 01 Dec 2026 10:00:00 +0000',
  ];
  const perRecipient = [
    'Final-Recipient: rfc822; person@people.example',
    `Action: ${options.action}`,
    `Status: ${options.status}`,
    'Remote-MTA: dns; mx.people.example',
    'Last-Attempt-Date: Tue, 01 Dec 2026 10:00:07 +0000',
  ];
  return Buffer.from(
    [
      'From: Mail Delivery System <mailer-daemon@relay.shop.example>',
      'To: bounces@shop.example',
      'Subject: Delivery Status Notification',
      'Date: Tue, 01 Dec 2026 10:00:09 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-b"',
      '',
      '--dsn-b',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Your message was processed.',
      '',
      '--dsn-b',
      'Content-Type: message/delivery-status',
      '',
      ...perMessage,
      '',
      ...perRecipient,
      '',
      '--dsn-b',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${options.messageIdHeader ?? '<other@shop.example>'}`,
      'Subject: Hello',
      '',
      '--dsn-b--',
      '',
    ].join('\r\n'),
  );
}

describe(`delivery status notifications (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    useTestSecrets();
    db = await openTestDatabase();
    tenant = await createTenant(db, 'dsn');
    other = await createTenant(db, 'dsn other');
  });

  afterAll(async () => {
    await db?.close();
  });

  async function sentMessage(): Promise<string> {
    const { messageId } = await registerMessage({
      ...tenant,
      recipientRef: 'r',
      sentAt: new Date('2026-12-01T09:59:58Z'),
      deliveredAt: new Date('2026-12-01T09:59:59Z'),
      links: [],
    });
    return messageId;
  }

  it("a delivered report sets the receiving server's acceptance as delivery time", async () => {
    const id = await sentMessage();
    const report = await applyDeliveryReport(
      tenant.accountId,
      dsn({ envelopeId: id, action: 'delivered', status: '2.0.0' }),
    );
    expect(report).toEqual({
      messageId: id,
      action: 'delivered',
      status: '2.0.0',
      at: new Date('2026-12-01T10:00:07Z'),
    });
    const message = await db.prisma.message.findUniqueOrThrow({ where: { id } });
    expect([message.deliveredAt?.toISOString(), message.bouncedAt]).toEqual([
      '2026-12-01T10:00:07.000Z',
      null,
    ]);
  });

  it('a failed report, found through the returned Message-ID, is a bounce', async () => {
    const id = await sentMessage();
    await applyDeliveryReport(
      tenant.accountId,
      dsn({ messageIdHeader: `<${id}@127.0.0.1>`, action: 'failed', status: '5.1.1' }),
    );
    const message = await db.prisma.message.findUniqueOrThrow({ where: { id } });
    expect([message.deliveredAt, message.bouncedAt?.toISOString()]).toEqual([
      null,
      '2026-12-01T10:00:07.000Z',
    ]);
  });

  it("another account's message is not found, and nothing changes", async () => {
    const id = await sentMessage();
    const attempt = applyDeliveryReport(
      other.accountId,
      dsn({ envelopeId: id, action: 'failed', status: '5.0.0' }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
    const message = await db.prisma.message.findUniqueOrThrow({ where: { id } });
    expect(message.bouncedAt).toBeNull();
  });

  it('refuses an ordinary message', async () => {
    const plain = Buffer.from('From: a@b.example\r\nSubject: hi\r\n\r\nhello\r\n');
    await expect(applyDeliveryReport(tenant.accountId, plain)).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
