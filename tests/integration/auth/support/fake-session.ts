// Stands in for the browser in integration tests: who is signed in and which account the
// switcher chose. Test files replace lib/auth/session with `sessionModuleMock`:
//   vi.mock('@/lib/auth/session', async () =>
//     (await import('./support/fake-session')).sessionModuleMock);
export const fakeSession: { userId: string | null; selectedAccountId: string | null } = {
  userId: null,
  selectedAccountId: null,
};

export function actAs(userId: string | null, selectedAccountId: string | null = null): void {
  fakeSession.userId = userId;
  fakeSession.selectedAccountId = selectedAccountId;
}

export const sessionModuleMock = {
  accountCookieName: () => 'verity-account',
  readSessionUserId: async () => fakeSession.userId,
  readSelectedAccountId: async () => fakeSession.selectedAccountId,
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
