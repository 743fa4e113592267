// The product's main job in a real browser: a marketer reads a campaign, an admin flips the
// suppression switch and the numbers follow; a tracked email rendered in the browser produces a
// person's open and click, while Chromium's own headless user agent produces a machine's.
import { expect, test, type Page } from '@playwright/test';
import { api, signIn } from './helpers';

// A current desktop Chrome on Windows, as a person reading webmail would send.
const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/142.0.0.0 Safari/537.36';

// Destinations live under a reserved example domain; the browser never reaches the network:
// page.route answers them.
const DESTINATION = 'https://clinic.northwind-health.example/book?slot=morning';

type Figures = { openRate: number | null; uniqueOpeners: number; uniqueClickers: number };
type Stats = { counting: 'human' | 'all'; figures: Figures };

function formatRate(rate: number | null): string {
  if (rate === null) return 'n/a';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)} %`;
}

async function tile(page: Page, metric: string): Promise<string> {
  return (await page.locator(`[data-metric="${metric}"] [data-value]`).first().innerText()).trim();
}

async function setSuppression(page: Page, on: boolean): Promise<void> {
  await page.goto('/settings');
  const box = page.getByLabel(/Suppress automated events/);
  await box.setChecked(on);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
}

test('flipping the switch changes the campaign figures to the human counts and back', async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Flu vaccine reminder' }).click();
  await expect(page.getByRole('heading', { name: 'Flu vaccine reminder' })).toBeVisible();
  const campaignUrl = page.url();
  const id = campaignUrl.split('/').pop()!;

  const all = await api<Stats>(request, 'GET', `/api/v1/campaigns/${id}/stats?counting=all`);
  const human = await api<Stats>(request, 'GET', `/api/v1/campaigns/${id}/stats?counting=human`);
  // The demo's corpus has machines in this campaign, so the two countings must differ.
  expect(human.figures.uniqueOpeners).toBeLessThan(all.figures.uniqueOpeners);

  expect(await tile(page, 'openRate')).toBe(formatRate(all.figures.openRate));
  expect(await tile(page, 'uniqueOpeners')).toBe(all.figures.uniqueOpeners.toLocaleString('en-US'));

  await setSuppression(page, true);
  await page.goto(campaignUrl);
  expect(await tile(page, 'openRate')).toBe(formatRate(human.figures.openRate));
  expect(await tile(page, 'uniqueOpeners')).toBe(
    human.figures.uniqueOpeners.toLocaleString('en-US'),
  );
  const now = await api<Stats>(request, 'GET', `/api/v1/campaigns/${id}/stats`);
  expect(now.counting).toBe('human');

  await setSuppression(page, false);
  await page.goto(campaignUrl);
  expect(await tile(page, 'openRate')).toBe(formatRate(all.figures.openRate));
});

interface Submitted {
  messageId: string;
  html: string;
}

/** A campaign with one message per reader, delivered five minutes ago. */
async function sendTrackedEmails(request: Parameters<typeof api>[0], readers: string[]) {
  const { campaign } = await api<{ campaign: { id: string } }>(
    request,
    'POST',
    '/api/v1/campaigns',
    {
      name: `Browser test ${Date.now()}`,
    },
  );
  const deliveredAt = new Date(Date.now() - 5 * 60_000).toISOString();
  const html =
    '<!doctype html><html><body><h1>Your appointment</h1>' +
    `<p><a id="book" href="${DESTINATION}">Book a morning slot</a></p></body></html>`;

  const messages: Record<string, Submitted> = {};
  for (const reader of readers) {
    messages[reader] = await api<Submitted>(
      request,
      'POST',
      `/api/v1/campaigns/${campaign.id}/messages`,
      { recipient: { ref: reader }, html, deliveredAt },
    );
  }
  return { campaignId: campaign.id, messages };
}

/** Renders the email, waits for its pixel, clicks the link and waits for the landing page. */
async function readAndClick(page: Page, html: string): Promise<void> {
  await page.route('https://clinic.northwind-health.example/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Booking</h1>' }),
  );
  const pixel = page.waitForResponse((r) => r.url().includes('/o/'));
  await page.setContent(html);
  expect((await pixel).status()).toBe(200);

  await page.locator('#book').click();
  await expect(page).toHaveURL(DESTINATION);
  await expect(page.getByRole('heading', { name: 'Booking' })).toBeVisible();
}

async function verdictsOnTimeline(page: Page, campaignId: string, messageId: string) {
  await page.goto(`/campaigns/${campaignId}/messages/${messageId}`);
  const rows = page.getByRole('table', { name: 'Events' }).locator('tbody tr');
  await expect(rows).toHaveCount(2);
  return rows.evaluateAll((trs) =>
    trs.map((tr) => ({
      event: (tr.children[1] as HTMLElement).innerText.split('\n')[0],
      verdict: tr.getAttribute('data-verdict'),
    })),
  );
}

test('a tracked email read in desktop Chrome is a person; in headless Chromium a machine', async ({
  browser,
  page,
  request,
}) => {
  const { campaignId, messages } = await sendTrackedEmails(request, [
    'reader-desktop',
    'reader-headless',
  ]);

  const person = await browser.newContext({ userAgent: DESKTOP_CHROME });
  await readAndClick(await person.newPage(), messages['reader-desktop'].html);
  await person.close();

  // Playwright's default context keeps Chromium's own user agent, which says HeadlessChrome.
  const headless = await browser.newContext();
  const headlessPage = await headless.newPage();
  expect(await headlessPage.evaluate(() => navigator.userAgent)).toContain('HeadlessChrome');
  await readAndClick(headlessPage, messages['reader-headless'].html);
  await headless.close();

  await signIn(page);
  expect(await verdictsOnTimeline(page, campaignId, messages['reader-desktop'].messageId)).toEqual([
    { event: 'Open (GET)', verdict: 'human' },
    { event: 'Click (GET)', verdict: 'human' },
  ]);

  expect(await verdictsOnTimeline(page, campaignId, messages['reader-headless'].messageId)).toEqual(
    [
      { event: 'Open (GET)', verdict: 'automated' },
      { event: 'Click (GET)', verdict: 'automated' },
    ],
  );
});
