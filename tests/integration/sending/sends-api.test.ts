import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createSend } from '@/app/api/v1/campaigns/[id]/sends/route';
import { GET as readSend } from '@/app/api/v1/campaigns/[id]/sends/[sendId]/route';
import { POST as pauseSend } from '@/app/api/v1/campaigns/[id]/sends/[sendId]/pause/route';
import { POST as resumeSend } from '@/app/api/v1/campaigns/[id]/sends/[sendId]/resume/route';
import { hashApiKey } from '@/lib/auth/api';
import { startSendJob } from '@/lib/sending/runner';
import { saveSmtpSettings } from '@/lib/sending/smtp-settings';
import { openTestDatabase, TEST_BACKEND, type TestDatabase } from '../../helpers/db';
import {
  createTenant,
  TEST_BASE_URL,
  useTestSecrets,
  type Tenant,
} from '../../helpers/instrument/fixtures';
import {
  SMTP_PASSWORD,
  SMTP_USER,
  startSmtpServer,
  type TestSmtpServer,
} from '../../helpers/instrument/smtp';

const SMTP_PORT = 3522;
const KEY = 'vty_test_sends_key_0123456789abcdef';

function call(
  handler: typeof readSend,
  path: string,
  params: { id: string; sendId: string },
  init: RequestInit = {},
) {
  const request = new Request(`${TEST_BASE_URL}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
  });
  return handler(request, { params: Promise.resolve(params) });
}

describe(`sends API (${TEST_BACKEND})`, () => {
  let db: TestDatabase;
  let mine: Tenant;
  let theirs: Tenant;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    useTestSecrets();
    db = await openTestDatabase();
    mine = await createTenant(db, 'mine');
    theirs = await createTenant(db, 'theirs');
    smtp = await startSmtpServer(SMTP_PORT);
    await db.prisma.apiKey.create({
      data: { accountId: mine.accountId, name: 'k', prefix: 'vty_test', keyHash: hashApiKey(KEY) },
    });
    await saveSmtpSettings(mine.accountId, {
      host: '127.0.0.1',
      port: SMTP_PORT,
      username: SMTP_USER,
      password: SMTP_PASSWORD,
      fromAddress: 'news@shop.example',
    });
  });

  afterAll(async () => {
    await smtp?.close();
    await db?.close();
  });

  it('sends to an uploaded list; progress; pause and resume answer by state', async () => {
    const response = await createSend(
      new Request(`${TEST_BASE_URL}/api/v1/campaigns/${mine.campaignId}/sends`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}` },
        body: JSON.stringify({
          listCsv: 'email,name\na@people.example,A\nb@people.example,B\n',
          subject: 'Hi {{name}}',
          text: 'Hello {{name}}: https://shop.example/',
        }),
      }),
      { params: Promise.resolve({ id: mine.campaignId }) },
    );
    expect(response.status).toBe(202);
    const created = await response.json();
    expect(created).toMatchObject({ campaignId: mine.campaignId, total: 2, status: 'running' });

    // The background runner started by the route is returned again while it runs.
    await startSendJob(created.jobId, { baseUrl: TEST_BASE_URL });
    const params = { id: mine.campaignId, sendId: created.jobId };
    const path = `/api/v1/campaigns/${mine.campaignId}/sends/${created.jobId}`;
    const progress = await (await call(readSend, path, params)).json();
    expect(progress).toMatchObject({ status: 'completed', total: 2, sent: 2, pending: 0 });
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual([
      'a@people.example',
      'b@people.example',
    ]);

    const pause = await call(pauseSend, `${path}/pause`, params, { method: 'POST' });
    expect(pause.status).toBe(409);
    expect((await pause.json()).error.message).toBe('the send is completed, not running');
    const resume = await call(resumeSend, `${path}/resume`, params, { method: 'POST' });
    expect(resume.status).toBe(409);
  });

  it("answers 404 for another account's campaign and a send under another", async () => {
    const job = await db.prisma.sendJob.findFirstOrThrow({ where: { accountId: mine.accountId } });
    const foreign = await call(readSend, '/x', { id: theirs.campaignId, sendId: job.id });
    expect(foreign.status).toBe(404);
    const malformed = await call(readSend, '/x', { id: mine.campaignId, sendId: 'nope' });
    expect(malformed.status).toBe(404);

    const response = await createSend(
      new Request(`${TEST_BASE_URL}/api/v1/campaigns/${theirs.campaignId}/sends`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ listCsv: 'email\na@people.example\n', subject: 's', text: 't' }),
      }),
      { params: Promise.resolve({ id: theirs.campaignId }) },
    );
    expect(response.status).toBe(404);
  });
});
