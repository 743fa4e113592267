import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentEml } from '@/lib/instrument/eml';
import { findTextParts, headerValue } from '@/lib/instrument/mime';
import { decodeCharset, decodeTransfer } from '@/lib/instrument/transfer-encoding';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import {
  createTenant,
  TEST_BASE_URL,
  useTestSecrets,
  type Tenant,
} from '../../helpers/instrument/fixtures';

const HTML =
  '<html><body><p>Grüße, {{first_name}} — 日本語</p>' +
  '<a href="https://shop.example/angebot?a=1&amp;b=2">Zum Angebot</a>' +
  '<a href="mailto:hilfe@shop.example">Hilfe</a></body></html>';
const TEXT = 'Grüße, {{first_name}}!\nZum Angebot: https://shop.example/angebot?a=1&b=2.\n';
const ATTACHMENT = Buffer.from('%PDF-1.4 not really a pdf ü', 'utf8');

function composeEml(textEncoding: 'base64' | 'quoted-printable'): Promise<Buffer> {
  const composer = new MailComposer({
    from: 'Shop <news@shop.example>',
    to: 'person@recipient.example',
    subject: 'Grüße aus dem Shop',
    messageId: '<fixed@shop.example>',
    date: new Date('2026-12-01T10:00:00Z'),
    headers: { 'List-Unsubscribe': '<mailto:old@shop.example>' },
    text: TEXT,
    html: HTML,
    textEncoding,
    attachments: [{ filename: 'x.pdf', content: ATTACHMENT, contentType: 'application/pdf' }],
  });
  return composer.compile().build();
}

function partsOf(eml: Buffer) {
  const raw = eml.toString('latin1');
  const { top, parts } = findTextParts(raw);
  const decoded = parts.map((p) =>
    decodeCharset(decodeTransfer(raw.slice(p.bodyStart, p.bodyEnd), p.encoding), p.charset),
  );
  return { raw, top, parts, decoded };
}

describe(`instrumentEml (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let tenant: Tenant;

  beforeAll(async () => {
    useTestSecrets();
    db = await openTestDatabase();
    tenant = await createTenant(db, 'eml');
  });

  afterAll(async () => {
    await db?.close();
  });

  for (const textEncoding of ['quoted-printable', 'base64'] as const) {
    it(`instruments both alternatives and keeps the rest (${textEncoding})`, async () => {
      const source = await composeEml(textEncoding);
      const before = partsOf(source);
      const { eml, message } = await instrumentEml({
        ...tenant,
        eml: source,
        recipientRef: 'ref-1',
        baseUrl: TEST_BASE_URL,
        fields: { first_name: 'Zoë' },
      });
      const after = partsOf(eml);

      // Headers: the same fields, except the unsubscribe pair, which is ours.
      const strip = (f: { name: string }) => !f.name.startsWith('list-unsubscribe');
      expect(after.top.fields.filter(strip)).toEqual(before.top.fields.filter(strip));
      expect(headerValue(after.top, 'list-unsubscribe')).toBe(`<${message.unsubscribeUrl}>`);
      expect(headerValue(after.top, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

      // Parts keep their encodings and charsets; the attachment's bytes are untouched.
      expect(after.parts.map((p) => [p.subtype, p.encoding, p.charset])).toEqual(
        before.parts.map((p) => [p.subtype, p.encoding, p.charset]),
      );
      const attachment = ATTACHMENT.toString('base64');
      expect(after.raw.includes(attachment.slice(0, 40))).toBe(true);

      // A quoted-printable body's line breaks are CRLF in canonical form.
      const [text, html] = after.decoded.map((d) => d.replace(/\r\n/g, '\n'));
      const [shop] = message.links;
      expect(shop!.url).toBe('https://shop.example/angebot?a=1&b=2');
      expect(message.links.map((l) => l.honeypot)).toEqual([false, true]);
      expect(text).toBe(`Grüße, Zoë!\nZum Angebot: ${shop!.clickUrl}.\n`);
      expect(html).toBe(
        '<html><body><p>Grüße, Zoë — 日本語</p>' +
          `<a href="${shop!.clickUrl}">Zum Angebot</a>` +
          '<a href="mailto:hilfe@shop.example">Hilfe</a>' +
          `<a href="${message.links[1]!.clickUrl}" aria-hidden="true" tabindex="-1" ` +
          'style="display:none;mso-hide:all;font-size:0;line-height:0;max-height:0;' +
          'overflow:hidden"></a>' +
          `<img src="${message.openUrl}" width="1" height="1" alt="" ` +
          'style="width:1px;height:1px;border:0;margin:0;padding:0;display:block">' +
          '</body></html>',
      );

      const stored = await db.prisma.message.findUniqueOrThrow({
        where: { id: message.messageId },
      });
      expect(stored.linkCount).toBe(1);
    });
  }

  it('refuses something that is not a message', async () => {
    const attempt = instrumentEml({
      ...tenant,
      eml: Buffer.from('just some words\n'),
      recipientRef: 'ref-2',
      baseUrl: TEST_BASE_URL,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'bad_request' });
  });
});
