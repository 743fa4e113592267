// Shared set-up for instrumenting tests: secrets from the environment and two accounts, each
// with a campaign.
import type { Database } from '@/lib/db';

export const TEST_BASE_URL = 'http://127.0.0.1:3501';

export function useTestSecrets(): void {
  process.env.VERITY_TOKEN_SECRET ??= 'test-token-secret-0123456789abcdef0123456789';
  process.env.NEXTAUTH_SECRET ??= 'test-auth-secret-0123456789abcdef0123456789ab';
}

export interface Tenant {
  accountId: string;
  campaignId: string;
}

export async function createTenant(db: Database, name: string): Promise<Tenant> {
  const account = await db.prisma.account.create({ data: { name } });
  const campaign = await db.prisma.campaign.create({
    data: { accountId: account.id, name: `${name} campaign` },
  });
  return { accountId: account.id, campaignId: campaign.id };
}
