// The Node entry's HTTP server over a real socket: the lean path, the client address (C17),
// and the forwarding headers Next.js receives. A stub stands in for Next.js and echoes the
// headers it was given.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustedProxies } from '@/lib/server/client-address';
import { createVerityServer, type VerityServerOptions } from '@/lib/server/create-server';
import { flushEvents } from '@/lib/tracking/ingest';
import { GIF } from '@/lib/tracking/responses';
import { TEST_BACKEND } from '../../helpers/db';
import { createFixture, type Fixture } from './fixtures';
import { httpRequest } from './http';
import { setUpTracking, TEST_SECRET, type TrackingTestContext } from './setup';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/131.0.0.0 Safari/537.36';

describe(`Node entry server (${TEST_BACKEND})`, () => {
  let t: TrackingTestContext;
  let fixture: Fixture;
  const servers: Server[] = [];
  let nextPort = 3201;

  const start = async (options: Partial<VerityServerOptions> & { trustedList?: string }) => {
    const server = createVerityServer({
      trusted: parseTrustedProxies(options.trustedList ?? ''),
      lean: options.lean ?? true,
      ackHeader: options.ackHeader ?? true,
      next:
        'next' in options
          ? options.next
          : (req, res) => {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ via: 'next', url: req.url, headers: req.headers }));
            },
    });
    const port = nextPort++;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    servers.push(server);
    return port;
  };

  const storedAddress = async (eventId: string) => {
    // Acknowledged after the spool fsync (the default): load the spool before reading.
    await flushEvents();
    const { rows } = await t.db.sql.query<{ clientIp: string }>(
      'SELECT "clientIp" FROM "Event" WHERE id = $1',
      [eventId],
    );
    return rows[0]?.clientIp;
  };

  beforeAll(async () => {
    t = await setUpTracking();
    await t.runtime();
    fixture = await createFixture(t.db.sql, TEST_SECRET, { messages: 3 });
  });

  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('C17: X-Forwarded-For from a peer that is not a trusted proxy is ignored', async () => {
    const port = await start({ trustedList: '' });
    const answer = await httpRequest(port, `/o/${fixture.messages[0].openToken}`, {
      headers: { 'x-forwarded-for': '66.249.93.84', 'user-agent': CHROME },
    });

    expect(answer.status).toBe(200);
    expect(answer.body.equals(GIF)).toBe(true);
    const eventId = answer.headers['x-verity-event'] as string;
    expect(await storedAddress(eventId)).toBe('127.0.0.1');
  });

  it('believes the right-most untrusted X-Forwarded-For hop from a trusted proxy', async () => {
    const port = await start({ trustedList: '127.0.0.1, 10.0.0.0/8' });
    const answer = await httpRequest(port, `/o/${fixture.messages[1].openToken}`, {
      headers: { 'x-forwarded-for': '1.1.1.1, 203.0.113.9, 10.2.3.4', 'user-agent': CHROME },
    });

    expect(await storedAddress(answer.headers['x-verity-event'] as string)).toBe('203.0.113.9');
  });

  it('answers the lean path: GIF headers, HEAD without body, 302 and 404 for clicks', async () => {
    const port = await start({});
    const message = fixture.messages[2];

    const head = await httpRequest(port, `/o/${message.openToken}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('43');
    expect(head.headers['content-type']).toBe('image/gif');
    expect(head.body.length).toBe(0);

    const click = await httpRequest(port, `/c/${message.links[0].clickToken}?x=1`);
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe(message.links[0].url);
    expect(click.headers['cache-control']).toBe('no-store');

    const forged = await httpRequest(port, '/c/AAAAforged');
    expect(forged.status).toBe(404);
    expect(forged.headers.location).toBeUndefined();
    expect(forged.headers['x-verity-event']).toBeUndefined();
  });

  it('answers malformed tracking requests cheaply and safely', async () => {
    const port = await start({});

    // Encoded traversal stays inside the token, which then fails verification: still the GIF.
    const deep = await httpRequest(port, '/o/..%2F..%2Fetc%2Fpasswd');
    expect(deep.status).toBe(200);
    expect(deep.body.equals(GIF)).toBe(true);

    // Dot segments and doubled slashes are resolved first, so a tracking URL written that way is
    // still served as one, never redirected.
    const openToken = fixture.messages[0].openToken;
    for (const target of [`//o/${openToken}`, `/x/../o/${openToken}`, `/./o/${openToken}`]) {
      const answer = await httpRequest(port, target);
      expect(answer.status).toBe(200);
      expect(answer.body.equals(GIF)).toBe(true);
    }

    const long = await httpRequest(port, `/o/${'A'.repeat(5000)}`);
    expect(long.status).toBe(200);
    expect(long.body.equals(GIF)).toBe(true);

    const post = await httpRequest(port, `/c/${fixture.messages[0].links[0].clickToken}`, {
      method: 'POST',
    });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');

    // Node refuses oversized headers itself (431) before any of our code runs.
    const huge = await httpRequest(port, '/o/x', { headers: { 'user-agent': 'x'.repeat(20_000) } });
    expect(huge.status).toBe(431);
  });

  it('replaces client forwarding headers before Next.js sees a request', async () => {
    const port = await start({ trustedList: '' });
    const answer = await httpRequest(port, '/campaigns', {
      headers: { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6', forwarded: 'for=6.6.6.6' },
    });
    const seen = JSON.parse(answer.body.toString()) as { headers: Record<string, string> };

    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-real-ip']).toBeUndefined();
    expect(seen.headers.forwarded).toBeUndefined();
  });

  it('answers OPTIONS * and malformed percent-encoding itself (Next.js gives 500s)', async () => {
    const port = await start({});
    const asterisk = await httpRequest(port, '*', { method: 'OPTIONS' });
    expect(asterisk.status).toBe(204);
    expect(asterisk.headers.allow).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');

    const malformed = await httpRequest(port, '/api/v1/campaigns/%zz');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body.toString())).toEqual({
      error: 'bad_request',
      message: 'the path has malformed percent-encoding',
    });

    // A tracking path is the tracker's to answer, whatever its token: the GIF for a pixel.
    const pixel = await httpRequest(port, '/o/%zz');
    expect(pixel.status).toBe(200);
    expect(pixel.body.equals(GIF)).toBe(true);
  });

  it('hands /o/ to Next.js when the lean path is off', async () => {
    const port = await start({ lean: false });
    const answer = await httpRequest(port, `/o/${fixture.messages[0].openToken}`);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ via: 'next' });
  });

  it('serves /api/health in tracking-only mode', async () => {
    const port = await start({ next: undefined });
    await flushEvents();
    const answer = await httpRequest(port, '/api/health');
    const report = JSON.parse(answer.body.toString());

    expect(answer.status).toBe(200);
    expect(report).toMatchObject({
      ok: true,
      database: { reachable: true, kind: TEST_BACKEND },
      spool: { mode: 'database', depth: 0, oldestEntryAgeSeconds: null },
    });
    expect((await httpRequest(port, '/campaigns')).status).toBe(404);
  });
});
