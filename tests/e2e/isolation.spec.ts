// Two accounts in a real browser against the production build: account A tries account B's
// ids through the API and the dashboard and gets exactly what a missing id gets; roles are
// enforced from both sides; keys and headers behave as promised.
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { INVENTORY } from '../integration/isolation/inventory';

const RUN = Date.now().toString(36);
const PASSWORD = 'e2e password 123';
const MISSING_ID = '0190a8c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b';

test.describe.configure({ mode: 'serial' });

async function signUp(page: Page, label: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Account name').fill(`Isolation ${label} ${RUN}`);
  await page.getByLabel('Email').fill(`owner-${label}-${RUN}@e2e.example`);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/campaigns');
}

async function createKey(page: Page, name: string): Promise<string> {
  await page.goto('/api-keys');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  return (await page.getByTestId('new-api-key').textContent())?.trim() ?? '';
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** The id tried replaced, so two answers can be compared. */
function masked(text: string, id: string): string {
  return text.split(id).join('<ID>');
}

/**
 * A page's body with its per-request CSP nonce (from the response header) replaced too. React
 * streams its payload rows (escaped `\\n`-separated inside the page's scripts) in whatever order
 * they finish, so the rows are compared as a sorted list: same rows, any order.
 */
function maskedPage(text: string, id: string, policy: string | undefined): string {
  const nonce = /'nonce-([^']+)'/.exec(policy ?? '')?.[1];
  const unnonced = nonce ? text.split(nonce).join('<NONCE>') : text;
  return masked(unnonced, id).split('\\n').sort().join('\\n');
}

async function answer(request: APIRequestContext, key: string, path: string, id: string) {
  const response = await request.get(path.replace(':id', id), {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: response.status(), body: masked(await response.text(), id) };
}

let pageA: Page;
let pageB: Page;
let keyA = '';
let keyB = '';
let campaignB = '';

test('two accounts sign up and each makes an API key', async ({ browser, request }) => {
  pageA = await newPage(browser);
  pageB = await newPage(browser);
  await signUp(pageA, 'a');
  await signUp(pageB, 'b');
  keyA = await createKey(pageA, 'e2e A');
  keyB = await createKey(pageB, 'e2e B');
  expect(keyA).toMatch(/^vk_/);

  const created = await request.post('/api/v1/campaigns', {
    headers: { authorization: `Bearer ${keyB}` },
    data: { name: `B campaign ${RUN}` },
  });
  expect(created.status()).toBe(201);
  campaignB = ((await created.json()) as { campaign: { id: string } }).campaign.id;
});

const API_PATHS = [
  '/api/v1/campaigns/:id',
  '/api/v1/campaigns/:id/stats',
  '/api/v1/campaigns/:id/timeseries',
  '/api/v1/campaigns/:id/links',
  '/api/v1/campaigns/:id/export?type=events',
];

test("A's key reads B's campaign exactly like a missing one", async ({ request }) => {
  for (const path of API_PATHS) {
    const foreign = await answer(request, keyA, path, campaignB);
    const missing = await answer(request, keyA, path, MISSING_ID);
    expect(foreign, path).toEqual(missing);
    expect(foreign.status, path).toBe(404);
    const own = await answer(request, keyB, path, campaignB);
    expect(own.status, `${path} for B itself`).toBe(200);
  }
  const list = await request.get('/api/v1/campaigns', {
    headers: { authorization: `Bearer ${keyA}` },
  });
  expect(await list.text()).not.toContain(campaignB);
});

test("A's dashboard shows B's campaign page like a missing one", async () => {
  const foreign = await pageA.goto(`/campaigns/${campaignB}`);
  const foreignText = masked(await pageA.locator('body').innerText(), campaignB);
  const missing = await pageA.goto(`/campaigns/${MISSING_ID}`);
  const missingText = masked(await pageA.locator('body').innerText(), MISSING_ID);
  expect(foreign?.status()).toBe(404);
  expect([foreign?.status(), foreignText]).toEqual([missing?.status(), missingText]);
});

/**
 * The URL of an inventory file with :id for the campaign and a missing id for any other
 * dynamic segment (send, message), or null when it has no campaign id to try.
 */
function urlTemplate(file: string): string | null {
  if (!file.includes('[id]')) return null;
  const path = file
    .replace(/^app/, '')
    .replace(/\/\([^)]+\)/g, '')
    .replace(/\/(page\.tsx|route\.ts)$/, '')
    .replace('[id]', ':id')
    .replace(/\[\w+\]/g, MISSING_ID.replace(/0b$/, '0c'));
  return path || '/';
}

const BY_ID = INVENTORY.filter((e) => e.access !== 'public' && urlTemplate(e.file));

test('every inventory page and route with a campaign id answers B like a missing id', async ({
  request,
}) => {
  expect(BY_ID.length).toBeGreaterThanOrEqual(10);
  for (const entry of BY_ID) {
    const template = urlTemplate(entry.file) ?? '';
    const methods = entry.kind === 'page' ? ['GET'] : (entry.exports ?? []);
    for (const method of methods) {
      const send = async (id: string) => {
        const url = template.replace(':id', id);
        const response =
          entry.access === 'apiKey'
            ? await request.fetch(url, {
                method,
                headers: { authorization: `Bearer ${keyA}` },
                data: method === 'GET' ? undefined : {},
              })
            : await pageA.request.fetch(url, { method, maxRedirects: 0 });
        const policy = response.headers()['content-security-policy'];
        return { status: response.status(), body: maskedPage(await response.text(), id, policy) };
      };
      const foreign = await send(campaignB);
      const missing = await send(MISSING_ID);
      expect(foreign, `${method} ${template}`).toEqual(missing);
      expect([400, 404], `${method} ${template}: ${foreign.status}`).toContain(foreign.status);
    }
  }
});

test('unknown and revoked keys get 401 JSON', async ({ request }) => {
  const unknown = await request.get('/api/v1/campaigns', {
    headers: { authorization: 'Bearer vk_nope' },
  });
  expect(unknown.status()).toBe(401);
  expect(await unknown.json()).toEqual({
    error: { code: 'unauthorized', message: 'unknown or revoked API key', details: {} },
  });

  await pageA.goto('/api-keys');
  await pageA.getByTestId('api-key-e2e A').getByRole('button', { name: 'Revoke' }).click();
  await expect(pageA.getByTestId('api-key-e2e A')).toContainText('revoked');
  const revoked = await request.get('/api/v1/campaigns', {
    headers: { authorization: `Bearer ${keyA}` },
  });
  expect(revoked.status()).toBe(401);
});

test('a viewer joins by invitation and is shown and allowed only reading', async ({ browser }) => {
  await pageA.goto('/members');
  const inviteForm = pageA.getByRole('form', { name: 'Invite member' });
  await inviteForm.getByLabel('Email').fill(`viewer-${RUN}@e2e.example`);
  await inviteForm.locator('select[name="role"]').selectOption('viewer');
  await pageA.getByRole('button', { name: 'Invite' }).click();
  const link = (await pageA.getByTestId('invitation-link').textContent())?.trim() ?? '';
  expect(link).toContain('/invitations/');

  const viewer = await newPage(browser);
  await viewer.goto(new URL(link).pathname);
  await viewer.getByLabel(/Choose a password/).fill(PASSWORD);
  await viewer.getByRole('button', { name: 'Join' }).click();
  await viewer.waitForURL('**/campaigns');

  const nav = viewer.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Members' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'API keys' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  expect((await viewer.goto('/api-keys'))?.status()).toBe(404);
  expect((await viewer.goto('/audit'))?.status()).toBe(404);
  await viewer.goto('/settings');
  await expect(viewer.getByTestId('suppress-automated')).toHaveText('Off');
  await expect(viewer.getByRole('button', { name: 'Save settings' })).toHaveCount(0);

  // The owner's side: the same pages, with their controls, and the changes in the audit log.
  await pageA.goto('/settings');
  await pageA.getByLabel(/Suppress automated events/).check();
  await pageA.getByRole('button', { name: 'Save settings' }).click();
  await expect(pageA.getByRole('status')).toHaveText('Saved.');
  await viewer.reload();
  await expect(viewer.getByTestId('suppress-automated')).toHaveText('On');

  await pageA.goto('/audit');
  const actions = await pageA
    .getByTestId('audit-entry')
    .locator('td:nth-child(3)')
    .allTextContents();
  expect(actions).toEqual([
    'settings.updated',
    'member.joined',
    'member.invited',
    'api_key.revoked',
    'api_key.created',
    'account.created',
  ]);
});

test('pages carry a nonce CSP and the usual security headers, and still run', async ({
  request,
}) => {
  const response = await request.get('/signin');
  const headers = response.headers();
  expect(headers['content-security-policy']).toMatch(
    /script-src 'self' 'nonce-[\w+/=]+' 'strict-dynamic'/,
  );
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  const nonce = /'nonce-([\w+/=]+)'/.exec(headers['content-security-policy'])?.[1];
  expect(await response.text()).toContain(`nonce="${nonce}"`);
});

test('the session cookie is httpOnly and SameSite=Lax', async () => {
  const cookies = await pageA.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
});

test('sign-in without next-auth CSRF token is refused', async ({ request }) => {
  const response = await request.post('/api/auth/callback/credentials', {
    form: { email: `owner-a-${RUN}@e2e.example`, password: PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers()['location']).toContain('csrf=true');
  expect(response.headers()['set-cookie'] ?? '').not.toContain('session-token');
});
