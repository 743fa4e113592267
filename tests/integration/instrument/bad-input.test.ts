// A NUL character or a date PostgreSQL cannot store is a 400 naming the field, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/v1/campaigns/[id]/messages/route';
import { hashApiKey } from '@/lib/auth/api';
import { resetEnvCache } from '@/lib/config';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import {
  createTenant,
  TEST_BASE_URL,
  useTestSecrets,
  type Tenant,
} from '../../helpers/instrument/fixtures';

const KEY = 'vty_test_key_bad_input_0123456789';

function submit(campaignId: string, body: unknown) {
  const request = new Request(`${TEST_BASE_URL}/api/v1/campaigns/${campaignId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return POST(request, { params: Promise.resolve({ id: campaignId }) });
}

async function issuesOf(response: Response) {
  expect(response.status).toBe(400);
  const body = await response.json();
  return body.error.details.issues.map((i: { path: string; message: string }) => [
    i.path,
    i.message,
  ]);
}

describe(`POST /api/v1/campaigns/:id/messages bad input (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let tenant: Tenant;

  beforeAll(async () => {
    useTestSecrets();
    delete process.env.VERITY_PUBLIC_URL;
    resetEnvCache();
    db = await openTestDatabase();
    tenant = await createTenant(db, 'A');
    await db.prisma.apiKey.create({
      data: {
        accountId: tenant.accountId,
        name: 'k',
        prefix: 'vty_test',
        keyHash: hashApiKey(KEY),
      },
    });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('refuses NUL characters in the recipient ref and merge fields', async () => {
    const ref = await submit(tenant.campaignId, { recipient: { ref: 'a\u0000b' }, html: 'x' });
    expect(await issuesOf(ref)).toEqual([['recipient.ref', 'must not contain NUL characters']]);
    const field = await submit(tenant.campaignId, {
      recipient: { ref: 'r' },
      html: 'x',
      fields: { name: '\u0000' },
    });
    expect(await issuesOf(field)).toEqual([['fields.name', 'must not contain NUL characters']]);
  });

  it('refuses dates outside 2000-2100', async () => {
    const response = await submit(tenant.campaignId, {
      recipient: { ref: 'r' },
      html: 'x',
      sentAt: '9999-12-31T00:00:00Z',
      deliveredAt: '0000-01-01T00:00:00Z',
    });
    expect(await issuesOf(response)).toEqual([
      ['sentAt', 'must be between 2000-01-01 and 2100-12-31'],
      ['deliveredAt', 'must be between 2000-01-01 and 2100-12-31'],
    ]);
    const { rows } = await db.sql.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM "Message" WHERE "campaignId" = $1`,
      [tenant.campaignId],
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});
