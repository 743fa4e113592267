// Inventory entries of the other parts' pages and session routes (campaigns, events, overview,
// sending) and of the public tracking and health endpoints.
import { seedDropCounts } from './inventory-api';
import { form, type InventoryEntry, type Probe } from './inventory-types';

const sendActions = () => import('@/app/(dashboard)/campaigns/[id]/send/actions');

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
        call: async (id) => (await sendActions()).pauseSend(id),
      },
      {
        type: 'id',
        name: 'resume send',
        idKind: 'send',
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
        name: "overview (with both accounts' tracking drop counts)",
        call: async (env) => {
          await seedDropCounts(env);
          return renderPage(() => import('@/app/(dashboard)/overview/page'), {
            searchParams: noSearchParams,
          });
        },
      },
    ],
  },
];
