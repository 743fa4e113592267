import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { registerMessage, trackingUrls } from '@/lib/instrument/register';
import { getSecrets } from '@/lib/secrets';
import { verifyToken } from '@/lib/tracking/token';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';

describe(`registerMessage (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let accountA: string;
  let accountB: string;
  let campaignA: string;
  let campaignB: string;

  beforeAll(async () => {
    process.env.VERITY_TOKEN_SECRET ??= 'test-token-secret-0123456789abcdef0123456789';
    process.env.NEXTAUTH_SECRET ??= 'test-auth-secret-0123456789abcdef0123456789ab';
    db = await openTestDatabase();
    accountA = (await db.prisma.account.create({ data: { name: 'A' } })).id;
    accountB = (await db.prisma.account.create({ data: { name: 'B' } })).id;
    campaignA = (await db.prisma.campaign.create({ data: { accountId: accountA, name: 'a' } })).id;
    campaignB = (await db.prisma.campaign.create({ data: { accountId: accountB, name: 'b' } })).id;
  });

  afterAll(async () => {
    await db?.close();
  });

  it('stores the message and links and signs tokens that resolve to them', async () => {
    const sentAt = new Date('2026-12-01T10:00:00.000Z');
    const result = await registerMessage({
      accountId: accountA,
      campaignId: campaignA,
      recipientRef: 'r-1',
      sentAt,
      links: [
        { url: 'https://shop.example/a?x=1&y=2#top', position: 0 },
        { url: 'https://shop.example/a?x=1&y=2#top', position: 1 },
        { url: 'http://hidden.example/h', position: 2, honeypot: true },
      ],
    });

    const message = await db.prisma.message.findUniqueOrThrow({ where: { id: result.messageId } });
    expect(message).toMatchObject({ accountId: accountA, campaignId: campaignA, linkCount: 2 });
    expect(message.sentAt?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(message.deliveredAt).toBeNull();

    const secret = getSecrets().tokenSecret;
    expect(verifyToken(secret, result.openToken, 'open')).toEqual({
      kind: 'open',
      accountId: accountA,
      messageId: result.messageId,
    });

    expect(result.links.map((l) => [l.url, l.position, l.honeypot])).toEqual([
      ['https://shop.example/a?x=1&y=2#top', 0, false],
      ['https://shop.example/a?x=1&y=2#top', 1, false],
      ['http://hidden.example/h', 2, true],
    ]);
    for (const link of result.links) {
      const claims = verifyToken(secret, link.clickToken, 'click');
      expect(claims?.linkId).toBe(link.linkId);
      const stored = await db.prisma.link.findUniqueOrThrow({ where: { id: link.linkId } });
      expect([stored.url, stored.position, stored.messageId]).toEqual([
        link.url,
        link.position,
        result.messageId,
      ]);
    }
  });

  it('registers links in their normal form (C5)', async () => {
    const result = await registerMessage({
      accountId: accountA,
      campaignId: campaignA,
      recipientRef: 'r-2',
      links: [{ url: 'https://example.com/café/ünï?q=日本😀#ß', position: 0 }],
    });
    expect(result.links[0]!.url).toBe(
      'https://example.com/caf%C3%A9/%C3%BCn%C3%AF?q=%E6%97%A5%E6%9C%AC%F0%9F%98%80#%C3%9F',
    );
  });

  it("treats another account's campaign as missing", async () => {
    const attempt = registerMessage({
      accountId: accountA,
      campaignId: campaignB,
      recipientRef: 'r-3',
      links: [],
    });
    await expect(attempt).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.prisma.message.count({ where: { campaignId: campaignB } })).toBe(0);
  });

  it('refuses links that are not http(s), naming the field', async () => {
    const error = await registerMessage({
      accountId: accountA,
      campaignId: campaignA,
      recipientRef: 'r-4',
      links: [
        { url: 'https://ok.example/', position: 0 },
        { url: 'javascript:alert(1)', position: 1 },
      ],
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_request');
    expect((error as AppError).details).toEqual({
      issues: [{ path: 'links.1.url', message: 'must be an absolute http or https URL' }],
    });
  });

  it('builds short tracking URLs under the base URL', () => {
    const urls = trackingUrls('https://t.example/', {
      openToken: 'OPEN',
      links: [{ clickToken: 'C1' }, { clickToken: 'C2' }],
    });
    expect(urls).toEqual({
      openUrl: 'https://t.example/o/OPEN',
      clickUrls: ['https://t.example/c/C1', 'https://t.example/c/C2'],
    });
  });
});
