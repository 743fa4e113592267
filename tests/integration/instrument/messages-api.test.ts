import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/v1/campaigns/[id]/messages/route';
import { hashApiKey } from '@/lib/auth/api';
import { resetEnvCache } from '@/lib/config';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import {
  createTenant,
  TEST_BASE_URL,
  useTestSecrets,
  type Tenant,
} from '../../helpers/instrument/fixtures';

const KEY_A = 'vty_test_key_account_a_0123456789';

function submit(campaignId: string, body: unknown, key = KEY_A) {
  const request = new Request(`${TEST_BASE_URL}/api/v1/campaigns/${campaignId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return POST(request, { params: Promise.resolve({ id: campaignId }) });
}

describe(`POST /api/v1/campaigns/:id/messages (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    useTestSecrets();
    delete process.env.VERITY_PUBLIC_URL;
    resetEnvCache();
    db = await openTestDatabase();
    a = await createTenant(db, 'A');
    b = await createTenant(db, 'B');
    await db.prisma.apiKey.create({
      data: { accountId: a.accountId, name: 'k', prefix: 'vty_test', keyHash: hashApiKey(KEY_A) },
    });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('instruments each recipient with their own merge fields (C9)', async () => {
    const html =
      '<p>Hi {{name}}</p><a href="https://x.example/{{slug}}">mine</a>' +
      '<a href="{{unsubscribe_url}}">unsubscribe</a>';
    const answers = await Promise.all(
      ['anna', 'ben'].map(async (slug) => {
        const response = await submit(a.campaignId, {
          recipient: { email: `${slug}@people.example` },
          html,
          text: 'Yours: https://x.example/{{slug}}',
          fields: { name: slug.toUpperCase(), slug },
          deliveredAt: '2026-12-01T10:00:00Z',
        });
        expect(response.status).toBe(201);
        return response.json();
      }),
    );

    for (const [i, slug] of ['anna', 'ben'].entries()) {
      const answer = answers[i];
      // Numbered from 1 like every other answer; the stored 0-based position is not shown.
      const links = answer.links as Record<string, unknown>[];
      expect(links.map((l) => [l.linkNumber, l.url, l.honeypot])).toEqual([
        [1, `https://x.example/${slug}`, false],
        [2, `${TEST_BASE_URL}/`, true],
      ]);
      expect(links.map((l) => Object.keys(l).sort())).toEqual([
        ['clickUrl', 'honeypot', 'linkId', 'linkNumber', 'url'],
        ['clickUrl', 'honeypot', 'linkId', 'linkNumber', 'url'],
      ]);
      const storedLinks = await db.prisma.link.findMany({
        where: { messageId: answer.messageId },
        orderBy: { position: 'asc' },
      });
      expect(storedLinks.map((l) => [l.id, l.position])).toEqual([
        [links[0].linkId, 0],
        [links[1].linkId, 1],
      ]);
      const click = answer.links[0].clickUrl;
      expect(answer.text).toBe(`Yours: ${click}`);
      expect(answer.html).toContain(
        `<p>Hi ${slug.toUpperCase()}</p><a href="${click}">mine</a>` +
          `<a href="${answer.unsubscribeUrl}">unsubscribe</a>`,
      );
      expect(answer.html).not.toMatch(/%7B%7B|\{\{/i);
      expect(answer.headers['List-Unsubscribe']).toBe(`<${answer.unsubscribeUrl}>`);

      const stored = await db.prisma.message.findUniqueOrThrow({ where: { id: answer.messageId } });
      expect(stored.recipientRef).toMatch(/^h:[A-Za-z0-9_-]{32}$/);
      expect(stored.deliveredAt?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    }
    expect(answers[0].links[0].clickUrl).not.toBe(answers[1].links[0].clickUrl);
  });

  it("answers 404 for another account's campaign and stores nothing", async () => {
    const response = await submit(b.campaignId, { recipient: { ref: 'r' }, html: '<p>x</p>' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'campaign not found', details: {} },
    });
    expect(await db.prisma.message.count({ where: { campaignId: b.campaignId } })).toBe(0);
  });

  it('answers 401 without a valid key', async () => {
    const response = await submit(a.campaignId, { recipient: { ref: 'r' }, html: 'x' }, 'nope');
    expect(response.status).toBe(401);
  });

  it('names the problem in a bad body', async () => {
    const response = await submit(a.campaignId, { recipient: { ref: 'r' }, html: 'x', eml: 'y' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.details.issues).toEqual([
      { path: '', message: 'give html and/or text, or eml, or emlBase64 (exactly one kind)' },
    ]);

    const missing = await submit(a.campaignId, {
      recipient: { ref: 'r' },
      html: '<a href="https://x.example/{{slug}}">',
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toEqual({
      code: 'bad_request',
      message: 'missing merge field values: slug',
      details: { missingFields: ['slug'] },
    });
  });
});
