// Inventory entries of the other parts: the /api/v1 reporting and instrumenting routes, the
// public tracking and health endpoints, and the campaign pages.
import { form, type InventoryEntry, type Probe } from './inventory-types';

const sendActions = () => import('@/app/(dashboard)/campaigns/[id]/send/actions');

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

export const publicEndpoints: InventoryEntry[] = [
  {
    file: 'app/api/health/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'public',
    reason: 'database reachability and spool depth: no account data',
    probes: [],
  },
  {
    file: 'app/(tracking)/o/[token]/route.ts',
    kind: 'route',
    exports: ['GET', 'HEAD'],
    access: 'public',
    reason:
      'open pixel: the HMAC-signed token names account and message; the same GIF for ' +
      'every token, forged or not (tests/integration/tracking cover other-account tokens)',
    probes: [],
  },
  {
    file: 'app/(tracking)/c/[token]/route.ts',
    kind: 'route',
    exports: ['GET', 'HEAD'],
    access: 'public',
    reason: 'click redirect: signed token, redirects only to the link registered for it',
    probes: [],
  },
  {
    file: 'app/(tracking)/u/[token]/route.ts',
    kind: 'route',
    exports: ['GET', 'HEAD', 'POST'],
    access: 'public',
    reason: 'unsubscribe link for recipients: a signed per-message token, no sign-in by design',
    probes: [],
  },
];

type PageFn = (props: unknown) => unknown;

async function renderPage(load: () => Promise<{ default: unknown }>, props: unknown) {
  return ((await load()).default as PageFn)(props);
}

const campaignPage = () => import('@/app/(dashboard)/campaigns/[id]/page');
const messagePage = () => import('@/app/(dashboard)/campaigns/[id]/messages/[messageId]/page');
const eventsPage = () => import('@/app/(dashboard)/events/page');
const noSearchParams = Promise.resolve({});

type CsvHandler = (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response>;

/** A cookie-authenticated CSV download of a campaign (the session is the fake one). */
function csvProbe(name: string, load: () => Promise<{ GET: unknown }>): Probe {
  return {
    type: 'id',
    name,
    idKind: 'campaign',
    call: async (id) => {
      const handler = (await load()).GET as CsvHandler;
      const request = new Request(`http://localhost:3000/campaigns/${id}/${name}`);
      return handler(request, { params: Promise.resolve({ id }) });
    },
  };
}
export const dashboardPages: InventoryEntry[] = [
  {
    file: 'app/(dashboard)/campaigns/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: lists the session account only',
    probes: [
      {
        type: 'leak',
        name: 'campaign list',
        call: async () => {
          const page = (await import('@/app/(dashboard)/campaigns/page')).default as (
            p: unknown,
          ) => unknown;
          return page({ searchParams: Promise.resolve({}) });
        },
      },
    ],
  },
  {
    file: 'app/(dashboard)/campaigns/[id]/page.tsx',
    kind: 'page',
    access: 'session',
    probes: [
      {
        type: 'id',
        name: 'campaign page',
        idKind: 'campaign',
        call: (id) =>
          renderPage(campaignPage, {
            params: Promise.resolve({ id }),
            searchParams: noSearchParams,
          }),
      },
    ],
  },
  {
    file: 'app/(dashboard)/campaigns/[id]/messages/[messageId]/page.tsx',
    kind: 'page',
    access: 'session',
    probes: [
      {
        type: 'id',
        name: "B's message under A's campaign",
        idKind: 'message',
        call: (messageId, { seed }) =>
          renderPage(messagePage, {
            params: Promise.resolve({ id: seed.a.campaignId, messageId }),
            searchParams: noSearchParams,
          }),
      },
      {
        type: 'id',
        name: "A's message under B's campaign",
        idKind: 'campaign',
        call: (id, { seed }) =>
          renderPage(messagePage, {
            params: Promise.resolve({ id, messageId: seed.a.messageId }),
            searchParams: noSearchParams,
          }),
      },
    ],
  },
  {
    file: 'app/(dashboard)/campaigns/[id]/events.csv/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'session',
    probes: [
      csvProbe('events.csv', () => import('@/app/(dashboard)/campaigns/[id]/events.csv/route')),
    ],
  },
  {
    file: 'app/(dashboard)/campaigns/[id]/figures.csv/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'session',
    probes: [
      csvProbe('figures.csv', () => import('@/app/(dashboard)/campaigns/[id]/figures.csv/route')),
    ],
  },
  {
    file: 'app/(dashboard)/campaigns/[id]/send/page.tsx',
    kind: 'page',
    access: 'session',
    probes: [
      {
        type: 'id',
        name: 'send page',
        idKind: 'campaign',
        call: (id) =>
          renderPage(() => import('@/app/(dashboard)/campaigns/[id]/send/page'), {
            params: Promise.resolve({ id }),
          }),
      },
    ],
  },
  {
    file: 'app/(dashboard)/campaigns/[id]/send/actions.ts',
    kind: 'action',
    exports: ['pauseSend', 'readProgress', 'resumeSend', 'saveSmtp', 'startSend'],
    access: 'session',
    probes: [
      {
        type: 'id',
        name: 'start a send of the campaign',
        idKind: 'campaign',
        call: async (id) => {
          const list = new File(['email\nprobe@x.example\n'], 'list.csv', { type: 'text/csv' });
          const data = form({ subject: 'Hi', html: '<p>hi</p>' });
          data.set('list', list);
          return (await sendActions()).startSend(id, data);
        },
      },
      {
        type: 'id',
        name: 'read send progress',
        idKind: 'send',
        call: async (id) => (await sendActions()).readProgress(id),
      },
      {
        type: 'id',
        name: 'pause send',
        idKind: 'send',
        // (issue #5) a missing send is answered 409 'not running/paused' rather than 404; the
        // foreign id gets exactly that answer too, so nothing leaks, but it is not a refusal.
        refuses: false,
        call: async (id) => (await sendActions()).pauseSend(id),
      },
      {
        type: 'id',
        name: 'resume send',
        idKind: 'send',
        // (issue #5) a missing send is answered 409 'not running/paused' rather than 404; the
        // foreign id gets exactly that answer too, so nothing leaks, but it is not a refusal.
        refuses: false,
        call: async (id) => (await sendActions()).resumeSend(id),
      },
      {
        type: 'leak',
        name: 'save SMTP settings',
        call: async () =>
          (await sendActions()).saveSmtp(
            form({ host: 'smtp.a.example', port: '587', fromAddress: 'news@a.example' }),
          ),
      },
    ],
  },
  {
    file: 'app/(dashboard)/events/page.tsx',
    kind: 'page',
    access: 'session',
    probes: [
      {
        type: 'id',
        name: 'events filtered by campaign',
        idKind: 'campaign',
        refuses: false,
        call: (campaign) => renderPage(eventsPage, { searchParams: Promise.resolve({ campaign }) }),
      },
      {
        type: 'leak',
        name: 'event log',
        call: () => renderPage(eventsPage, { searchParams: noSearchParams }),
      },
    ],
  },
  {
    file: 'app/(dashboard)/overview/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: the session account only',
    probes: [
      {
        type: 'leak',
        name: 'overview',
        call: () =>
          renderPage(() => import('@/app/(dashboard)/overview/page'), {
            searchParams: noSearchParams,
          }),
      },
    ],
  },
];
