// Stands in for the browser in integration tests: who is signed in and which account the
// switcher chose. Test files replace lib/auth/session with `sessionModuleMock`:
//   vi.mock('@/lib/auth/session', async () =>
//     (await import('./support/fake-session')).sessionModuleMock);
import type { RequestOriginFacts } from '@/lib/auth/same-origin';

/** What a page of this site sends with a server action. */
export const SAME_ORIGIN: RequestOriginFacts = {
  origin: 'http://localhost:3000',
  secFetchSite: 'same-origin',
  host: 'localhost:3000',
  isAction: true,
};

export const fakeSession: {
  userId: string | null;
  selectedAccountId: string | null;
  request: RequestOriginFacts;
} = {
  userId: null,
  selectedAccountId: null,
  request: SAME_ORIGIN,
};

export function actAs(userId: string | null, selectedAccountId: string | null = null): void {
  fakeSession.userId = userId;
  fakeSession.selectedAccountId = selectedAccountId;
  fakeSession.request = SAME_ORIGIN;
}

/** The next actions arrive with these headers instead (until the next actAs). */
export function sendFrom(request: RequestOriginFacts): void {
  fakeSession.request = request;
}

export const sessionModuleMock = {
  accountCookieName: () => 'verity-account',
  readSessionUserId: async () => fakeSession.userId,
  readSelectedAccountId: async () => fakeSession.selectedAccountId,
  readRequestOrigin: async () => fakeSession.request,
  writeSelectedAccountId: async (accountId: string) => {
    fakeSession.selectedAccountId = accountId;
  },
};

/** next/cache outside a Next.js request has no store to revalidate; actions may still call it. */
export const nextCacheMock = {
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
  updateTag: () => undefined,
  refresh: () => undefined,
};
