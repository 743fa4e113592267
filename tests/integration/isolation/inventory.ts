// Every page, route handler and server action of the product, and how the isolation suite
// attacks it. tests/integration/isolation/inventory.test.ts fails when a file exists that is not
// listed here (or an export of it is not), so a new route cannot escape the suite.
//
// access:  public  - no account data behind it; `reason` says why it is safe
//          session - a signed-in member; probed as every role of account A
//          apiKey  - /api/v1 with account A's key
// probes:  id      - called with account B's id and with a missing id: both must be refused,
//                    with identical answers (status, body, error) once the id is masked
//          leak    - called as account A: the answer must mention nothing of account B
import type { Seed } from '../auth/support/seed';

export type IdKind =
  | 'account' | 'user' | 'apiKey' | 'invitation' | 'campaign' | 'message' | 'link' | 'event';

export interface ProbeEnv {
  seed: Seed;
  /** Account A's API key. */
  apiKey: string;
}

export type Probe =
  | { type: 'id'; name: string; idKind: IdKind; call: (id: string, env: ProbeEnv) => Promise<unknown> }
  | { type: 'leak'; name: string; call: (env: ProbeEnv) => Promise<unknown> };

export interface InventoryEntry {
  /** Path from the repository root. */
  file: string;
  kind: 'page' | 'route' | 'action';
  /** Route: its HTTP methods. Action file: its exported actions. */
  exports?: string[];
  access: 'public' | 'session' | 'apiKey';
  /** Why a public entry is safe, or why a non-public one has no id to try. */
  reason?: string;
  probes: Probe[];
}

const noSearch = { searchParams: Promise.resolve({}) };

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

const accountsPart: InventoryEntry[] = [
  {
    file: 'app/page.tsx',
    kind: 'page',
    access: 'public',
    reason: 'redirects to /campaigns; reads nothing',
    probes: [],
  },
  {
    file: 'app/(auth)/signin/page.tsx',
    kind: 'page',
    access: 'public',
    reason: 'the sign-in form; reads only whether a session exists',
    probes: [],
  },
  {
    file: 'app/(auth)/signup/page.tsx',
    kind: 'page',
    access: 'public',
    reason: 'the sign-up form; reads nothing',
    probes: [],
  },
  {
    file: 'app/(auth)/invitations/[token]/page.tsx',
    kind: 'page',
    access: 'public',
    reason: 'a capability link: the unguessable token (stored hashed) is the authorisation; '
      + 'unknown, used and expired tokens read alike',
    probes: [],
  },
  {
    file: 'app/api/auth/[...nextauth]/route.ts',
    kind: 'route',
    exports: ['GET', 'POST'],
    access: 'public',
    reason: "next-auth's sign-in/out, session and CSRF endpoints (its own CSRF token)",
    probes: [],
  },
  {
    file: 'app/(auth)/signup/actions.ts',
    kind: 'action',
    exports: ['signUp'],
    access: 'public',
    reason: 'creates a new account; touches no existing account',
    probes: [],
  },
  {
    file: 'app/(auth)/invitations/[token]/actions.ts',
    kind: 'action',
    exports: ['acceptAsSignedIn', 'acceptAsNewUser'],
    access: 'public',
    reason: 'needs the invitation token (capability); tested in tests/integration/auth/invitations',
    probes: [],
  },
  {
    file: 'app/(dashboard)/layout.tsx',
    kind: 'page',
    access: 'session',
    probes: [
      {
        type: 'leak',
        name: 'shell with account switcher',
        call: async () => (await import('@/app/(dashboard)/layout')).default({ children: null }),
      },
    ],
  },
  {
    file: 'app/(dashboard)/settings/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: shows the session account only',
    probes: [
      { type: 'leak', name: 'settings', call: async () => (await import('@/app/(dashboard)/settings/page')).default() },
    ],
  },
  {
    file: 'app/(dashboard)/members/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: lists the session account only',
    probes: [
      { type: 'leak', name: 'members', call: async () => (await import('@/app/(dashboard)/members/page')).default() },
    ],
  },
  {
    file: 'app/(dashboard)/api-keys/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: lists the session account only',
    probes: [
      { type: 'leak', name: 'api keys', call: async () => (await import('@/app/(dashboard)/api-keys/page')).default() },
    ],
  },
  {
    file: 'app/(dashboard)/audit/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: `before` is a cursor within the session account',
    probes: [
      { type: 'leak', name: 'audit log', call: async () => (await import('@/app/(dashboard)/audit/page')).default(noSearch) },
    ],
  },
  {
    file: 'components/auth/account-actions.ts',
    kind: 'action',
    exports: ['switchAccount'],
    access: 'session',
    probes: [
      {
        type: 'id',
        name: 'switch to account',
        idKind: 'account',
        call: async (id) => (await import('@/components/auth/account-actions')).switchAccount(id),
      },
    ],
  },
  {
    file: 'app/(dashboard)/settings/actions.ts',
    kind: 'action',
    exports: ['saveSettings', 'setSuppressAutomated'],
    access: 'session',
    reason: 'no id: changes the session account only (B is compared before and after the suite)',
    probes: [
      {
        type: 'leak',
        name: 'saveSettings',
        call: async () => (await import('@/app/(dashboard)/settings/actions')).saveSettings(
          form({ name: 'Account A', timeZone: 'UTC', addressRetentionDays: '30' }),
        ),
      },
      {
        type: 'leak',
        name: 'setSuppressAutomated',
        call: async () => (await import('@/app/(dashboard)/settings/actions')).setSuppressAutomated(false),
      },
    ],
  },
  {
    file: 'app/(dashboard)/members/actions.ts',
    kind: 'action',
    exports: ['changeRole', 'removeMemberAction', 'inviteMember', 'revokeInvitationAction'],
    access: 'session',
    probes: [
      {
        type: 'id',
        name: 'change role',
        idKind: 'user',
        call: async (id) => (await import('@/app/(dashboard)/members/actions')).changeRole(id, 'viewer'),
      },
      {
        type: 'id',
        name: 'remove member',
        idKind: 'user',
        call: async (id) => (await import('@/app/(dashboard)/members/actions')).removeMemberAction(id),
      },
      {
        type: 'id',
        name: 'revoke invitation',
        idKind: 'invitation',
        call: async (id) => (await import('@/app/(dashboard)/members/actions')).revokeInvitationAction(id),
      },
      {
        // An email that is a member of B only: inviting it into A must reveal nothing about B.
        // (A's own pending invitation then lists that address: the suite allows this one.)
        type: 'leak',
        name: 'invite a member of the other account',
        call: async ({ seed }) => (await import('@/app/(dashboard)/members/actions')).inviteMember(
          form({ email: seed.b.emails.viewer, role: 'viewer' }),
        ),
      },
    ],
  },
  {
    file: 'app/(dashboard)/api-keys/actions.ts',
    kind: 'action',
    exports: ['createApiKeyAction', 'revokeApiKeyAction'],
    access: 'session',
    probes: [
      {
        type: 'id',
        name: 'revoke key',
        idKind: 'apiKey',
        call: async (id) => (await import('@/app/(dashboard)/api-keys/actions')).revokeApiKeyAction(id),
      },
      {
        type: 'leak',
        name: 'create key',
        call: async () => (await import('@/app/(dashboard)/api-keys/actions')).createApiKeyAction(form({ name: 'probe' })),
      },
    ],
  },
];

/** A GET to an /api/v1 handler with account A's key (the handler's own params shape). */
async function apiGet(
  load: () => Promise<{ GET: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response> }>,
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
  load: () => Promise<{ GET: (r: Request, c: { params: Promise<{ id: string }> }) => Promise<Response> }>,
): Probe {
  return {
    type: 'id',
    name,
    idKind: 'campaign',
    call: (id, { apiKey }) => apiGet(load, path, id, apiKey),
  };
}

const keyHeaders = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

const reportingApi: InventoryEntry[] = [
  {
    file: 'app/api/v1/campaigns/route.ts',
    kind: 'route',
    exports: ['GET', 'POST'],
    access: 'apiKey',
    reason: 'no id: lists and creates in the key\'s account only',
    probes: [
      {
        type: 'leak',
        name: 'list campaigns',
        call: async ({ apiKey }) => (await import('@/app/api/v1/campaigns/route')).GET(
          new Request('http://localhost:3000/api/v1/campaigns', { headers: keyHeaders(apiKey) }),
          { params: Promise.resolve({}) },
        ),
      },
      {
        type: 'leak',
        name: 'create campaign',
        call: async ({ apiKey }) => (await import('@/app/api/v1/campaigns/route')).POST(
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
    probes: [campaignGetProbe('stats', '/stats', () => import('@/app/api/v1/campaigns/[id]/stats/route'))],
  },
  {
    file: 'app/api/v1/campaigns/[id]/timeseries/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [
      campaignGetProbe('timeseries', '/timeseries', () => import('@/app/api/v1/campaigns/[id]/timeseries/route')),
    ],
  },
  {
    file: 'app/api/v1/campaigns/[id]/links/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [campaignGetProbe('links', '/links', () => import('@/app/api/v1/campaigns/[id]/links/route'))],
  },
  {
    file: 'app/api/v1/campaigns/[id]/export/route.ts',
    kind: 'route',
    exports: ['GET'],
    access: 'apiKey',
    probes: [
      campaignGetProbe('export figures', '/export?type=figures', () => import('@/app/api/v1/campaigns/[id]/export/route')),
      campaignGetProbe('export events', '/export?type=events', () => import('@/app/api/v1/campaigns/[id]/export/route')),
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
        call: async (id, { apiKey }) => (await import('@/app/api/v1/campaigns/[id]/messages/route')).POST(
          new Request(`http://localhost:3000/api/v1/campaigns/${id}/messages`, {
            method: 'POST',
            headers: keyHeaders(apiKey),
            body: JSON.stringify({ recipient: { ref: 'probe-1' }, html: '<a href="https://x.example/">x</a>' }),
          }),
          { params: Promise.resolve({ id }) },
        ),
      },
    ],
  },
];

const publicEndpoints: InventoryEntry[] = [
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
    reason: 'open pixel: the HMAC-signed token names account and message; the same GIF for '
      + 'every token, forged or not (tests/integration/tracking cover other-account tokens)',
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

const dashboardPages: InventoryEntry[] = [
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
          const page = (await import('@/app/(dashboard)/campaigns/page')).default as (p: unknown) => unknown;
          return page({ searchParams: Promise.resolve({}) });
        },
      },
    ],
  },
];

export const INVENTORY: InventoryEntry[] = [
  ...accountsPart,
  ...reportingApi,
  ...publicEndpoints,
  ...dashboardPages,
];
