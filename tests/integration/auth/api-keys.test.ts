// API keys: shown once, stored as sha256, named, revocable, last use recorded; a revoked or
// unknown key gets 401 with a JSON error.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';
import { seedTwoAccounts, type Seed } from './support/seed';

vi.mock(
  '@/lib/auth/session',
  async () => (await import('./support/fake-session')).sessionModuleMock,
);
vi.mock('next/cache', async () => (await import('./support/fake-session')).nextCacheMock);

const { apiRoute, requireApiKey } = await import('@/lib/auth/api');
const { createApiKey, revokeApiKey } = await import('@/lib/auth/accounts');

let db: TestDatabase;
let seed: Seed;

beforeAll(async () => {
  db = await openTestDatabase();
  seed = await seedTwoAccounts();
});
afterAll(async () => db?.close());

// A route that answers with the key's account, the way /api/v1 handlers use requireApiKey.
const whoAmI = apiRoute<Record<string, never>>(async (request) => {
  const ctx = await requireApiKey(request);
  return Response.json(ctx);
});

function call(authorization?: string): Promise<Response> {
  const headers = authorization ? { authorization } : undefined;
  return whoAmI(new Request('http://localhost/api/v1/whoami', { headers }), {
    params: Promise.resolve({}),
  });
}

describe('API keys', () => {
  it('stores only the sha256 and a short prefix of a new key', async () => {
    const { id, key } = await createApiKey(seed.a.accountId, 'Zapier', seed.a.users.admin);
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(key).toMatch(/^vk_[\w-]{43}$/);
    expect(row.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(row.prefix).toBe(key.slice(0, 10));
    expect([row.name, row.accountId, row.createdBy, row.lastUsedAt]).toEqual([
      'Zapier',
      seed.a.accountId,
      seed.a.users.admin,
      null,
    ]);
    expect(JSON.stringify(row)).not.toContain(key.slice(10));
  });

  it('authenticates a valid key as its account and records when it was used', async () => {
    const response = await call(`Bearer ${seed.b.apiKey.key}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accountId: seed.b.accountId, keyId: seed.b.apiKey.id });
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: seed.b.apiKey.id } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it('answers 401 JSON to a missing, malformed, unknown or revoked key', async () => {
    const { key, id } = await createApiKey(seed.a.accountId, 'to revoke', null);
    await revokeApiKey(seed.a.accountId, id, seed.a.users.owner);
    const unknown = { code: 'unauthorized', message: 'unknown or revoked API key', details: {} };

    const missing = await call();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: {
        code: 'unauthorized',
        message: 'missing API key: send Authorization: Bearer <key>',
        details: {},
      },
    });
    for (const header of [`Bearer ${key}`, 'Bearer vk_not-a-key', `Bearer ${'x'.repeat(300)}`]) {
      const response = await call(header);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: unknown });
    }
    expect((await call(`Basic ${key}`)).status).toBe(401);
  });

  it("treats another account's key id as missing when revoking", async () => {
    const foreign = revokeApiKey(seed.a.accountId, seed.b.apiKey.id, seed.a.users.owner);
    await expect(foreign).rejects.toMatchObject({ code: 'not_found', message: 'no such API key' });
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: seed.b.apiKey.id } });
    expect(row.revokedAt).toBeNull();
  });
});
