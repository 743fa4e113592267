// Inventory entries of the accounts part: sign-in, sign-up, invitations, the dashboard shell,
// settings, members, API keys and the audit log.
import { form, type InventoryEntry } from './inventory-types';

const noSearch = { searchParams: Promise.resolve({}) };

export const accountsPart: InventoryEntry[] = [
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
    reason:
      'a capability link: the unguessable token (stored hashed) is the authorisation; ' +
      'unknown, used and expired tokens read alike',
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
      {
        type: 'leak',
        name: 'settings',
        call: async () => (await import('@/app/(dashboard)/settings/page')).default(),
      },
    ],
  },
  {
    file: 'app/(dashboard)/members/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: lists the session account only',
    probes: [
      {
        type: 'leak',
        name: 'members',
        call: async () => (await import('@/app/(dashboard)/members/page')).default(),
      },
    ],
  },
  {
    file: 'app/(dashboard)/api-keys/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: lists the session account only',
    probes: [
      {
        type: 'leak',
        name: 'api keys',
        call: async () => (await import('@/app/(dashboard)/api-keys/page')).default(),
      },
    ],
  },
  {
    file: 'app/(dashboard)/audit/page.tsx',
    kind: 'page',
    access: 'session',
    reason: 'no id: `before` is a cursor within the session account',
    probes: [
      {
        type: 'leak',
        name: 'audit log',
        call: async () => (await import('@/app/(dashboard)/audit/page')).default(noSearch),
      },
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
        call: async () =>
          (await import('@/app/(dashboard)/settings/actions')).saveSettings(
            form({ name: 'Account A', timeZone: 'UTC', addressRetentionDays: '30' }),
          ),
      },
      {
        type: 'leak',
        name: 'setSuppressAutomated',
        call: async () =>
          (await import('@/app/(dashboard)/settings/actions')).setSuppressAutomated(false),
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
        call: async (id) =>
          (await import('@/app/(dashboard)/members/actions')).changeRole(id, 'viewer'),
      },
      {
        type: 'id',
        name: 'remove member',
        idKind: 'user',
        call: async (id) =>
          (await import('@/app/(dashboard)/members/actions')).removeMemberAction(id),
      },
      {
        type: 'id',
        name: 'revoke invitation',
        idKind: 'invitation',
        call: async (id) =>
          (await import('@/app/(dashboard)/members/actions')).revokeInvitationAction(id),
      },
      {
        // An email that is a member of B only: inviting it into A must reveal nothing about B.
        // (A's own pending invitation then lists that address: the suite allows this one.)
        type: 'leak',
        name: 'invite a member of the other account',
        call: async ({ seed }) =>
          (await import('@/app/(dashboard)/members/actions')).inviteMember(
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
        call: async (id) =>
          (await import('@/app/(dashboard)/api-keys/actions')).revokeApiKeyAction(id),
      },
      {
        type: 'leak',
        name: 'create key',
        call: async () =>
          (await import('@/app/(dashboard)/api-keys/actions')).createApiKeyAction(
            form({ name: 'probe' }),
          ),
      },
    ],
  },
];
