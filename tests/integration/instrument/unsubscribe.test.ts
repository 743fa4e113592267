import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET, HEAD, POST } from '@/app/(tracking)/u/[token]/route';
import { instrumentMessage } from '@/lib/instrument/instrument';
import { isUnsubscribed } from '@/lib/sending/unsubscribe';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import {
  createTenant,
  TEST_BASE_URL,
  useTestSecrets,
  type Tenant,
} from '../../helpers/instrument/fixtures';

const SCANNER_UA = 'Mozilla/5.0 (compatible; SafeLinksScanner/1.0)';

function call(
  handler: typeof GET,
  url: string,
  init: RequestInit & { method: string },
): Promise<Response> {
  const token = new URL(url).pathname.split('/').pop()!;
  return handler(new Request(url, init), { params: Promise.resolve({ token }) });
}

describe(`unsubscribe link (C4, ${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let tenant: Tenant;

  beforeAll(async () => {
    useTestSecrets();
    db = await openTestDatabase();
    tenant = await createTenant(db, 'unsub');
  });

  afterAll(async () => {
    await db?.close();
  });

  async function newMessage(ref: string) {
    return instrumentMessage({
      ...tenant,
      recipientRef: ref,
      html: '<a href="{{unsubscribe_url}}">Unsubscribe</a>',
      baseUrl: TEST_BASE_URL,
    });
  }

  it('GET and HEAD from a scanner show the confirmation and change nothing', async () => {
    const message = await newMessage('scanned');
    const headers = { 'user-agent': SCANNER_UA };

    const get = await call(GET, message.unsubscribeUrl, { method: 'GET', headers });
    expect(get.status).toBe(200);
    const page = await get.text();
    expect(page).toContain('<form method="post"><input type="hidden" name="confirm" value="yes">');

    const head = await call(HEAD, message.unsubscribeUrl, { method: 'HEAD', headers });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    expect(await isUnsubscribed(tenant.accountId, 'scanned')).toBe(false);
    expect(await db.prisma.unsubscribe.count()).toBe(0);
  });

  it('the RFC 8058 one-click POST unsubscribes', async () => {
    const message = await newMessage('one-click');
    const response = await call(POST, message.unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    const row = await db.prisma.unsubscribe.findFirstOrThrow({
      where: { recipientRef: 'one-click' },
    });
    expect([row.accountId, row.messageId, row.method]).toEqual([
      tenant.accountId,
      message.messageId,
      'one_click',
    ]);
  });

  it('the confirmation form POST unsubscribes; an empty POST does not', async () => {
    const message = await newMessage('form');
    const empty = await call(POST, message.unsubscribeUrl, { method: 'POST', body: '' });
    expect(empty.status).toBe(400);
    expect(await isUnsubscribed(tenant.accountId, 'form')).toBe(false);

    const confirmed = await call(POST, message.unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are unsubscribed');
    expect(await isUnsubscribed(tenant.accountId, 'form')).toBe(true);
  });

  it('refuses forged tokens and open tokens used as unsubscribe tokens', async () => {
    const message = await newMessage('forged');
    const openToken = message.openUrl.split('/').pop()!;
    for (const token of [
      openToken,
      'AAAA',
      message.unsubscribeUrl.split('/').pop()!.slice(0, -2) + 'xx',
    ]) {
      const url = `${TEST_BASE_URL}/u/${token}`;
      expect((await call(GET, url, { method: 'GET' })).status).toBe(404);
      const post = await call(POST, url, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
      expect(post.status).toBe(404);
    }
    expect(await isUnsubscribed(tenant.accountId, 'forged')).toBe(false);
  });
});
