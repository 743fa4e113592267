// Inventory entries of the /api/v1 routes other parts own: reporting, instrumenting, sending
// and delivery reports, all authenticated with account A's API key.
import type { InventoryEntry, Probe, ProbeEnv } from './inventory-types';

/** A GET to an /api/v1 handler with account A's key (the handler's own params shape). */
async function apiGet(
  load: () => Promise<{
    GET: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>;
  }>,
  path: string,
  id: string,
  key: string,
): Promise<Response> {
  const { GET } = await load();
  const request = new Request(`http://localhost:3000/api/v1/campaigns/${id}${path}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return GET(request, { params: Promise.resolve({ id }) });
}

function campaignGetProbe(
  name: string,
  path: string,
  load: () => Promise<{
    GET: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>;
  }>,
): Probe {
  return {
    type: 'id',
    name,
    idKind: 'campaign',
    call: (id, { apiKey }) => apiGet(load, path, id, apiKey),
  };
}

const keyHeaders = (key: string) => ({
  authorization: `Bearer ${key}`,
  'content-type': 'application/json',
});

/**
 * Tracking drop counts for both accounts an hour ago (idempotent). B's reason carries B's
 * campaign id, a marker, so an answer that counted B's rows would mention B.
 */
export async function seedDropCounts({ seed }: ProbeEnv): Promise<void> {
  const { sql } = await (await import('@/lib/db')).getDb();
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000);
  await sql.query(
    `INSERT INTO "TrackingDropCount" ("accountId", minute, reason, count)
     VALUES ($1, $3, 'over_budget', 3), ($2, $3, $4, 5)
     ON CONFLICT DO NOTHING`,
    [seed.a.accountId, seed.b.accountId, minute, `probe_${seed.b.campaignId}`],
  );
}

export const reportingApi: InventoryEntry[] = [
  {
    file: 'app/api/v1/campaigns/route.ts',
    kind: 'route',
    exports: ['GET', 'POST'],
    access: 'apiKey',
    reason: "no id: lists and creates in the key's account only",
    probes: [
      {
        type: 'leak',
        name: 'list campaigns',
        call: async ({ apiKey }) =>
          (await import('@/app/api/v1/campaigns/route')).GET(
            new Request('http://localhost:3000/api/v1/campaigns', { headers: keyHeaders(apiKey) }),
            { params: Promise.resolve({}) },
          ),
      },
      {
        type: 'leak',
        name: 'create campaign',
        call: async ({ apiKey }) =>
          (await import('@/app/api/v1/campaigns/route')).POST(
            new Request('http://localhost:3000/api/v1/campaigns', {
              method: 'POST',
              headers: keyHeaders(apiKey),
              body: JSON.stringify({ name: 'Probe' }),
            }),
            { params: Promise.resolve({}) },
          ),
      },
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [campaignGetProbe('campaign', '', () => import('@/app/api/v1/campaigns/[id]/route'))],
  },
  {
    file: 'app/api/v1/campaigns/[id]/stats/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [
      campaignGetProbe('stats', '/stats', () => import('@/app/api/v1/campaigns/[id]/stats/route')),
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/timeseries/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [
      campaignGetProbe(
        'timeseries',
        '/timeseries',
        () => import('@/app/api/v1/campaigns/[id]/timeseries/route'),
      ),
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/links/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [
      campaignGetProbe('links', '/links', () => import('@/app/api/v1/campaigns/[id]/links/route')),
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/export/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [
      campaignGetProbe(
        'export figures',
        '/export?type=figures',
        () => import('@/app/api/v1/campaigns/[id]/export/route'),
      ),
      campaignGetProbe(
        'export events',
        '/export?type=events',
        () => import('@/app/api/v1/campaigns/[id]/export/route'),
      ),
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/messages/route.ts',
    kind: 'route',
    exports: ['POST'],
    access: 'apiKey',
    probes: [
      {
        type: 'id',
        name: 'add a message to the campaign',
        idKind: 'campaign',
        call: async (id, { apiKey }) =>
          (await import('@/app/api/v1/campaigns/[id]/messages/route')).POST(
            new Request(`http://localhost:3000/api/v1/campaigns/${id}/messages`, {
              method: 'POST',
              headers: keyHeaders(apiKey),
              body: JSON.stringify({
                recipient: { ref: 'probe-1' },
                html: '<a href="https://x.example/">x</a>',
              }),
            }),
            { params: Promise.resolve({ id }) },
          ),
      },
    ],
  },
  {
    file: 'app/api/v1/tracking/drops/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    reason: "no id: counts of the key's account only",
    probes: [
      {
        type: 'leak',
        name: 'tracking drops',
        call: async (env) => {
          await seedDropCounts(env);
          const from = new Date(Date.now() - 2 * 3_600_000).toISOString();
          const to = new Date(Date.now() + 60_000).toISOString();
          const response = await (
            await import('@/app/api/v1/tracking/drops/route')
          ).GET(
            new Request(`http://localhost:3000/api/v1/tracking/drops?from=${from}&to=${to}`, {
              headers: keyHeaders(env.apiKey),
            }),
            { params: Promise.resolve({}) },
          );
          // A refused or empty answer would leak nothing and prove nothing.
          const body = (await response.clone().json()) as { total?: number };
          if (response.status !== 200 || !body.total) throw new Error('no drop counts answered');
          return response;
        },
      },
    ],
  },
];

type SendHandler = (
  r: Request,
  c: { params: Promise<{ id: string; sendId: string }> },
) => Promise<Response>;

/** A call to a send route of account B's campaign, with the send id under test. */
function sendProbe(
  name: string,
  method: 'GET' | 'POST',
  suffix: string,
  load: () => Promise<Record<string, unknown>>,
): Probe {
  return {
    type: 'id',
    name,
    idKind: 'send',
    call: async (sendId, { apiKey, seed }) => {
      const handler = (await load())[method] as SendHandler;
      const id = seed.b.campaignId;
      const url = `http://localhost:3000/api/v1/campaigns/${id}/sends/${sendId}${suffix}`;
      const request = new Request(url, { method, headers: keyHeaders(apiKey) });
      return handler(request, { params: Promise.resolve({ id, sendId }) });
    },
  };
}

export const sendingApi: InventoryEntry[] = [
  {
    file: 'app/api/v1/campaigns/[id]/sends/route.ts',
    kind: 'route',
    exports: ['POST'],
    access: 'apiKey',
    probes: [
      {
        type: 'id',
        name: 'send the campaign to a list',
        idKind: 'campaign',
        call: async (id, { apiKey }) =>
          (await import('@/app/api/v1/campaigns/[id]/sends/route')).POST(
            new Request(`http://localhost:3000/api/v1/campaigns/${id}/sends`, {
              method: 'POST',
              headers: keyHeaders(apiKey),
              body: JSON.stringify({
                listCsv: 'email\nprobe@x.example\n',
                subject: 'Hi',
                html: '<p>hi</p>',
              }),
            }),
            { params: Promise.resolve({ id }) },
          ),
      },
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/sends/[sendId]/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [
      sendProbe(
        'send progress',
        'GET',
        '',
        () => import('@/app/api/v1/campaigns/[id]/sends/[sendId]/route'),
      ),
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/sends/[sendId]/pause/route.ts',
    kind: 'route',
    exports: ['POST'],
    access: 'apiKey',
    probes: [
      sendProbe(
        'pause send',
        'POST',
        '/pause',
        () => import('@/app/api/v1/campaigns/[id]/sends/[sendId]/pause/route'),
      ),
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/sends/[sendId]/resume/route.ts',
    kind: 'route',
    exports: ['POST'],
    access: 'apiKey',
    probes: [
      sendProbe(
        'resume send',
        'POST',
        '/resume',
        () => import('@/app/api/v1/campaigns/[id]/sends/[sendId]/resume/route'),
      ),
    ],
  },
];

/** A minimal RFC 3464 bounce naming one message by its envelope id. */
function bounceFor(messageId: string): string {
  return [
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Delivery failed.',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    `Original-Envelope-Id: ${messageId}`,
    'Reporting-MTA: dns; mx.example',
    '',
    'Final-Recipient: rfc822; someone@x.example',
    'Action: failed',
    'Status: 5.1.1',
    '',
    '--b--',
    '',
  ].join('\r\n');
}

async function postBounce(campaignId: string, messageId: string, key: string) {
  const route = await import('@/app/api/v1/campaigns/[id]/sends/delivery-reports/route');
  const url = `http://localhost:3000/api/v1/campaigns/${campaignId}/sends/delivery-reports`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'message/rfc822' };
  const request = new Request(url, { method: 'POST', headers, body: bounceFor(messageId) });
  return route.POST(request, { params: Promise.resolve({ id: campaignId }) });
}

export const deliveryReports: InventoryEntry[] = [
  {
    file: 'app/api/v1/campaigns/[id]/sends/delivery-reports/route.ts',
    kind: 'route',
    exports: ['POST'],
    access: 'apiKey',
    probes: [
      {
        type: 'id',
        name: "bounce of B's message",
        idKind: 'message',
        call: (messageId, { apiKey, seed }) => postBounce(seed.a.campaignId, messageId, apiKey),
      },
      {
        type: 'id',
        name: "bounce under B's campaign",
        idKind: 'campaign',
        call: (campaignId, { apiKey, seed }) => postBounce(campaignId, seed.b.messageId, apiKey),
      },
    ],
  },
];
