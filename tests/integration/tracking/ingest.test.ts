// The tracking endpoints' shared code path on both databases and with both ways of
// acknowledging (after the spool fsync, the default, and after the database commit), through
// ingestTrackingRequest and through the Next.js route handlers: answers, what is stored, and
// what is not.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as clickRoute from '@/app/(tracking)/c/[token]/route';
import * as openRoute from '@/app/(tracking)/o/[token]/route';
import { CLASSIFIER_VERSION } from '@/lib/classifier';
import { flushEvents, ingestTrackingRequest } from '@/lib/tracking/ingest';
import { GIF } from '@/lib/tracking/responses';
import { signToken } from '@/lib/tracking/token';
import { TEST_BACKEND } from '../../helpers/db';
import { createFixture, type Fixture } from './fixtures';
import { setUpTracking, TEST_SECRET, type TrackingTestContext } from './setup';

const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/131.0.0.0 Safari/537.36';
const RESIDENTIAL = '198.51.100.23';

describe.each([
  ['spool', 'spooled'],
  ['database', 'recorded'],
] as const)(`tracking ingestion (${TEST_BACKEND}, acknowledged after %s)`, (ackAfter, recorded) => {
  const writeAhead = ackAfter === 'spool';
  let t: TrackingTestContext;
  let a: Fixture;
  let b: Fixture;

  beforeAll(async () => {
    t = await setUpTracking();
    await t.runtime({ writeAhead });
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000);
    a = await createFixture(t.db.sql, TEST_SECRET, {
      deliveredAt: fiveMinutesAgo,
      linksPerMessage: 8,
    });
    b = await createFixture(t.db.sql, TEST_SECRET, { deliveredAt: fiveMinutesAgo });
  });

  afterAll(async () => {
    await t.close();
  });

  const eventsOf = async (messageId: string) => {
    // Write-ahead: the spool is loaded in the background; load it now.
    await flushEvents();
    const { rows } = await t.db.sql.query<Record<string, unknown>>(
      `SELECT id, kind::text, method, "linkId", "clientIp", network, "userAgent", headers,
              verdict::text, fetcher, reasons, "classifierVersion"
         FROM "Event" WHERE "messageId" = $1 ORDER BY "occurredAt", id`,
      [messageId],
    );
    return rows;
  };

  const open = (token: string, extra: Partial<Parameters<typeof ingestTrackingRequest>[0]> = {}) =>
    ingestTrackingRequest({
      kind: 'open',
      token,
      method: 'GET',
      ip: RESIDENTIAL,
      userAgent: DESKTOP_CHROME,
      headers: { accept: 'image/avif,image/webp,*/*', 'accept-language': 'en-GB', cookie: 'x=1' },
      ...extra,
    });

  it('answers a genuine pixel with the 43-byte no-cache GIF once the event committed', async () => {
    const message = b.messages[0];
    const result = await open(message.openToken);

    expect(result.status).toBe(recorded);
    expect(result.acknowledged).toBe(true);
    expect(result.answer.status).toBe(200);
    expect(result.answer.body.length).toBe(43);
    expect(result.answer.body.equals(GIF)).toBe(true);
    expect(result.answer.headers).toMatchObject({
      'content-type': 'image/gif',
      'content-length': '43',
      'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
      pragma: 'no-cache',
      expires: '0',
    });

    const rows = await eventsOf(message.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: result.eventId,
      kind: 'open',
      method: 'GET',
      linkId: null,
      clientIp: RESIDENTIAL,
      network: { prefix: '198.51.100.0/24', lists: [] },
      userAgent: DESKTOP_CHROME,
      // Only the headers the classifier reads are kept; the cookie is not.
      headers: { accept: 'image/avif,image/webp,*/*', 'accept-language': 'en-GB' },
      verdict: 'human',
      classifierVersion: CLASSIFIER_VERSION,
    });
  });

  it('redirects a genuine click with a 302 to the registered url, never cached', async () => {
    const link = b.messages[0].links[1];
    const result = await ingestTrackingRequest({
      kind: 'click',
      token: link.clickToken,
      method: 'GET',
      ip: RESIDENTIAL,
      userAgent: DESKTOP_CHROME,
      headers: {},
    });

    expect(result.status).toBe(recorded);
    expect(result.answer.status).toBe(302);
    expect(result.answer.headers.location).toBe(link.url);
    expect(result.answer.headers['cache-control']).toBe('no-store');
    const rows = await eventsOf(b.messages[0].id);
    expect(rows.filter((r) => r.kind === 'click')).toMatchObject([
      { linkId: link.id, method: 'GET' },
    ]);
  });

  it('C11: a HEAD on a click redirects but is classified automated', async () => {
    const fixture = await createFixture(t.db.sql, TEST_SECRET);
    const link = fixture.messages[0].links[0];
    const result = await ingestTrackingRequest({
      kind: 'click',
      token: link.clickToken,
      method: 'HEAD',
      ip: RESIDENTIAL,
      userAgent: DESKTOP_CHROME,
      headers: {},
    });

    expect(result.answer.status).toBe(302);
    expect(result.answer.headers.location).toBe(link.url);
    expect(await eventsOf(fixture.messages[0].id)).toMatchObject([
      { method: 'HEAD', verdict: 'automated' },
    ]);
  });

  describe('tokens that must record nothing', () => {
    const genuine = () => b.messages[0];
    const edited = (token: string) =>
      token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
    const otherAccount = () =>
      // Correctly signed, but names account A with a message of account B.
      signToken(TEST_SECRET, { kind: 'open', accountId: a.accountId, messageId: b.messages[0].id });
    const otherAccountClick = () =>
      signToken(TEST_SECRET, {
        kind: 'click',
        accountId: b.accountId,
        messageId: b.messages[0].id,
        linkId: a.messages[0].links[0].id,
      });

    it.each([
      ['forged', () => 'bm90LWEtdG9rZW4'],
      ['edited', () => edited(genuine().openToken)],
      [
        'signed with another secret',
        () =>
          signToken('another-secret-0123456789abcdef012345', {
            kind: 'open',
            accountId: b.accountId,
            messageId: genuine().id,
          }),
      ],
      ['a click token on the pixel', () => genuine().links[0].clickToken],
      ['oversized', () => 'A'.repeat(4000)],
    ])('pixel, %s: the same GIF, nothing stored', async (_name, token) => {
      const before = (await eventsOf(genuine().id)).length;
      const result = await open(token());

      expect(result.acknowledged).toBe(false);
      expect(result.answer.status).toBe(200);
      expect(result.answer.body.equals(GIF)).toBe(true);
      await flushEvents();
      expect((await eventsOf(genuine().id)).length).toBe(before);
    });

    it.each([
      ['of another account', otherAccount, () => a.accountId],
      [
        'of an unknown message',
        () =>
          signToken(TEST_SECRET, { kind: 'open', accountId: b.accountId, messageId: randomUUID() }),
        () => b.accountId,
      ],
    ])('pixel, signed but %s: the same GIF, nothing stored', async (_name, token, accountOf) => {
      const drops = async () => {
        const { rows } = await t.db.sql.query<{ n: number }>(
          `SELECT COALESCE(sum(count), 0)::int AS n FROM "TrackingDropCount"
            WHERE "accountId" = $1 AND reason = 'unknown_target'`,
          [accountOf()],
        );
        return rows[0].n;
      };
      const before = { events: (await eventsOf(genuine().id)).length, drops: await drops() };
      const result = await open(token());

      expect(result.answer.status).toBe(200);
      expect(result.answer.body.equals(GIF)).toBe(true);
      // Write-ahead answers before the message is looked up: the request is acknowledged, then
      // found unplaceable when the spool is loaded, and counted as such.
      expect(result.acknowledged).toBe(writeAhead);
      expect((await eventsOf(genuine().id)).length).toBe(before.events);
      expect(await drops()).toBe(before.drops + (writeAhead ? 1 : 0));
    });

    it.each([
      ['forged', () => 'bm90LWEtdG9rZW4'],
      ['edited', () => edited(genuine().links[0].clickToken)],
      ['a link of another account', otherAccountClick],
      ['an open token', () => genuine().openToken],
    ])('click, %s: a plain 404 page, no redirect', async (_name, token) => {
      const result = await ingestTrackingRequest({
        kind: 'click',
        token: token(),
        method: 'GET',
        ip: RESIDENTIAL,
        userAgent: DESKTOP_CHROME,
        headers: {},
      });

      expect(result.acknowledged).toBe(false);
      expect(result.answer.status).toBe(404);
      expect(result.answer.headers.location).toBeUndefined();
      expect(result.answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(result.answer.body.toString()).toContain('Link not found');
    });
  });

  it('C3: eight links in 900 ms from a mail-filtering range end up all automated', async () => {
    const message = a.messages[0];
    const deliveredAt = Date.now() - 5 * 60_000;
    const at = deliveredAt + 45_000;

    for (const [i, link] of message.links.entries()) {
      await ingestTrackingRequest({
        kind: 'click',
        token: link.clickToken,
        method: 'GET',
        ip: '40.107.1.1',
        userAgent: DESKTOP_CHROME,
        headers: {},
        at: at + i * 120,
      });
    }
    await flushEvents();

    const rows = await eventsOf(message.id);
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => r.verdict)).toEqual(Array(8).fill('automated'));
  });

  it('a message deleted after its lookup: later hits are unknown_target, not lost', async () => {
    const fixture = await createFixture(t.db.sql, TEST_SECRET);
    const message = fixture.messages[0];
    await open(message.openToken);
    expect(await eventsOf(message.id)).toHaveLength(1);

    // Cached now; the message goes (its events with it), then two more hits arrive.
    await t.db.sql.query('DELETE FROM "Message" WHERE id = $1', [message.id]);
    const results = [await open(message.openToken), await open(message.openToken)];
    expect(results.map((r) => r.answer.status)).toEqual([200, 200]);
    await flushEvents();

    const { rows } = await t.db.sql.query(
      `SELECT reason, count FROM "TrackingDropCount" WHERE "accountId" = $1`,
      [fixture.accountId],
    );
    // Acknowledged after the spool: found gone when loading. After the commit: not acknowledged.
    expect(rows).toEqual(writeAhead ? [{ reason: 'unknown_target', count: 2 }] : []);
    expect(results.map((r) => r.acknowledged)).toEqual([writeAhead, writeAhead]);
    expect(await eventsOf(message.id)).toHaveLength(0);
  });

  it('counts requests over the address budget per account, reason and minute', async () => {
    await t.runtime({ addressRate: 0, addressBurst: 2, writeAhead });
    const fixture = await createFixture(t.db.sql, TEST_SECRET);
    const token = fixture.messages[0].openToken;

    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await open(token, { ip: '192.0.2.99' }));
    await flushEvents();

    expect(results.map((r) => r.status)).toEqual([recorded, recorded, 'over_budget']);
    expect(results[2].answer.body.equals(GIF)).toBe(true);
    expect(await eventsOf(fixture.messages[0].id)).toHaveLength(2);
    const { rows } = await t.db.sql.query(
      `SELECT reason, count FROM "TrackingDropCount" WHERE "accountId" = $1`,
      [fixture.accountId],
    );
    expect(rows).toEqual([{ reason: 'over_budget', count: 1 }]);
    await t.runtime({ writeAhead });
  });

  describe('Next.js route handlers (same code path)', () => {
    const call = async (
      route: typeof openRoute | typeof clickRoute,
      kind: 'o' | 'c',
      method: 'GET' | 'HEAD',
      token: string,
    ) => {
      const request = new Request(`http://127.0.0.1/${kind}/${token}`, {
        method,
        headers: { 'x-forwarded-for': '203.0.113.44', 'user-agent': DESKTOP_CHROME },
      });
      return route[method](request, { params: Promise.resolve({ token }) });
    };

    it('GET /o/ answers the GIF and records the address the Node entry resolved', async () => {
      const fixture = await createFixture(t.db.sql, TEST_SECRET);
      const response = await call(openRoute, 'o', 'GET', fixture.messages[0].openToken);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/gif');
      expect(response.headers.get('cache-control')).toContain('no-store');
      expect(Buffer.from(await response.arrayBuffer()).equals(GIF)).toBe(true);
      expect(await eventsOf(fixture.messages[0].id)).toMatchObject([
        { clientIp: '203.0.113.44', method: 'GET' },
      ]);
    });

    it('HEAD /o/ answers the headers without a body', async () => {
      const fixture = await createFixture(t.db.sql, TEST_SECRET);
      const response = await call(openRoute, 'o', 'HEAD', fixture.messages[0].openToken);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-length')).toBe('43');
      expect((await response.arrayBuffer()).byteLength).toBe(0);
    });

    it('GET /c/ redirects; a forged token gets the 404 page', async () => {
      const fixture = await createFixture(t.db.sql, TEST_SECRET);
      const link = fixture.messages[0].links[0];

      const response = await call(clickRoute, 'c', 'GET', link.clickToken);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(link.url);

      const forged = await call(clickRoute, 'c', 'GET', 'forged-token');
      expect(forged.status).toBe(404);
      expect(forged.headers.get('location')).toBeNull();
      expect(await forged.text()).toContain('Link not found');
    });
  });
});
