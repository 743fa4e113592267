// Delivery status notifications (RFC 3464). The relay is asked for them on every send with the
// message id as envelope id; a report of "delivered" replaces the relay's acceptance time with
// the receiving server's, and "failed" turns the message into a bounce.
import { getDb, type Database } from '../db';
import { AppError } from '../errors';
import { headerValue, listLeafParts, readHeaderBlock } from '../instrument/mime';
import { decodeTransfer, parseTransferEncoding } from '../instrument/transfer-encoding';

export interface DeliveryReport {
  messageId: string;
  action: string;
  status: string;
  at: Date;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Reads the first recipient's outcome from a DSN, or null when it is not one of ours. */
export function readDeliveryReport(eml: Buffer): DeliveryReport | null {
  const raw = eml.toString('latin1');
  const { top, leaves } = listLeafParts(raw);
  const statusPart = leaves.find((l) => l.type === 'message/delivery-status');
  if (!statusPart) return null;

  const encoding = parseTransferEncoding(
    headerValue(statusPart.header, 'content-transfer-encoding'),
  );
  const body = decodeTransfer(raw.slice(statusPart.bodyStart, statusPart.bodyEnd), encoding);
  const [perMessage, perRecipient] = statusBlocks(body.toString('latin1'));
  if (!perMessage || !perRecipient) return null;

  const messageId =
    UUID.exec(headerValue(perMessage, 'original-envelope-id') ?? '')?.[0] ??
    returnedMessageId(raw, leaves);
  if (!messageId) return null;

  const at =
    parseDate(headerValue(perRecipient, 'last-attempt-date')) ??
    parseDate(headerValue(top, 'date')) ??
    new Date();
  return {
    messageId: messageId.toLowerCase(),
    action: (headerValue(perRecipient, 'action') ?? '').toLowerCase(),
    status: headerValue(perRecipient, 'status') ?? '',
    at,
  };
}

// The status body is header-like blocks separated by blank lines: per message, then per recipient.
function statusBlocks(text: string) {
  const blocks = text.split(/\r?\n\r?\n/).filter((b) => b.trim() !== '');
  return blocks.map((block) => {
    const clean = block.replace(/\s+$/, '');
    return readHeaderBlock(`${clean}\n\n`, 0, clean.length + 2);
  });
}

// Without an envelope id, the returned headers' Message-ID (<uuid@host>) names the message.
function returnedMessageId(raw: string, leaves: ReturnType<typeof listLeafParts>['leaves']) {
  const returned = leaves.find(
    (l) => l.type === 'text/rfc822-headers' || l.type === 'message/rfc822',
  );
  if (!returned) return undefined;
  const headers = readHeaderBlock(raw, returned.bodyStart, returned.bodyEnd);
  return UUID.exec(headerValue(headers, 'message-id') ?? '')?.[0];
}

function parseDate(text: string | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Applies a DSN to the account's message; unknown or foreign messages are not_found. */
export async function applyDeliveryReport(
  accountId: string,
  eml: Buffer,
  db?: Database,
  campaignId?: string,
): Promise<DeliveryReport> {
  const report = readDeliveryReport(eml);
  if (!report)
    throw new AppError('bad_request', 'not a delivery status notification for a Verity message');

  const { prisma } = db ?? (await getDb());
  const message = await prisma.message.findFirst({
    where: { id: report.messageId, accountId, ...(campaignId ? { campaignId } : {}) },
    select: { id: true },
  });
  if (!message) throw new AppError('not_found', 'message not found');

  if (report.action === 'delivered') {
    await prisma.message.update({ where: { id: message.id }, data: { deliveredAt: report.at } });
  } else if (report.action === 'failed') {
    await prisma.message.update({
      where: { id: message.id },
      data: { bouncedAt: report.at, deliveredAt: null },
    });
    await prisma.sendItem.updateMany({
      where: { accountId, messageId: message.id },
      data: { status: 'bounced', detail: `dsn ${report.status}`.slice(0, 200) },
    });
  }
  return report;
}
