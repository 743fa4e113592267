// The campaign page and the API tell the same numbers: the demo account's first campaign is
// opened in the browser and its headline tiles are compared with GET .../stats.
import { expect, test } from '@playwright/test';

const DEMO_EMAIL = 'demo@verity.example';
const DEMO_PASSWORD = 'verity-demo-2026';

test('campaign page figures match the API stats, both ways of counting', async ({
  page,
  request,
}) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(DEMO_EMAIL);
  await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL('**/campaigns');

  await page.goto('/api-keys');
  await page.getByLabel('Name').fill(`reporting e2e ${Date.now()}`);
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())?.trim() ?? '';
  expect(key.length).toBeGreaterThan(20);

  await page.goto('/campaigns');
  const first = page.locator('tr[data-campaign] a').first();
  const href = (await first.getAttribute('href')) ?? '';
  const campaignId = href.split('/').pop() ?? '';
  await first.click();
  await page.waitForURL(`**/campaigns/${campaignId}`);

  const response = await request.get(`/api/v1/campaigns/${campaignId}/stats`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(response.status()).toBe(200);
  const stats = await response.json();

  const tile = (metric: string) => page.locator(`[data-metric="${metric}"] [data-value]`);
  const count = (n: number) => n.toLocaleString('en-US');
  const rate = (r: number | null) =>
    r === null ? 'n/a' : `${(Math.round(r * 1000) / 10).toFixed(1)} %`;

  await expect(tile('delivered')).toHaveText(count(stats.figures.delivered));
  await expect(tile('uniqueOpeners')).toHaveText(count(stats.figures.uniqueOpeners));
  await expect(tile('uniqueClickers')).toHaveText(count(stats.figures.uniqueClickers));
  await expect(tile('totalOpens')).toHaveText(count(stats.figures.totalOpens));
  await expect(tile('openRate')).toHaveText(rate(stats.figures.openRate));
  await expect(tile('clickRate')).toHaveText(rate(stats.figures.clickRate));
  await expect(tile('clickToOpenRate')).toHaveText(rate(stats.figures.clickToOpenRate));
  await expect(page.locator('[data-metric="openRate"]')).toContainText(
    `of ${count(stats.figures.delivered)} delivered`,
  );
  await expect(page.locator('[data-metric="uniqueOpeners"] [data-breakdown]')).toHaveText(
    `${count(stats.figures.measuredOpeners)} measured + ` +
      `${count(stats.figures.inferredOpeners)} inferred from clicks`,
  );

  const panel = page.getByRole('table', { name: 'Figures counted both ways' });
  const openRow = panel.getByRole('row', { name: /^Unique opens/ });
  await expect(openRow.getByRole('cell').nth(1)).toHaveText(
    count(stats.comparison.human.uniqueOpeners),
  );
  await expect(openRow.getByRole('cell').nth(2)).toHaveText(
    count(stats.comparison.all.uniqueOpeners),
  );
});

test('a first-time reader sees what is counted, which view is on, and no sideways page', async ({
  page,
}) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(DEMO_EMAIL);
  await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL('**/campaigns');
  const href = (await page.locator('tr[data-campaign] a').first().getAttribute('href')) ?? '';
  await page.goto(href);

  // The demo account counts every event: the note says so, loudly, above the figures.
  const note = page.getByRole('note', { name: 'What these figures count' });
  await expect(note).toHaveAttribute('data-counting', 'all');
  await expect(note).toContainText('Figures count: All events (people and machines).');
  // The demo user is the owner, so the campaign links to its Send page.
  await expect(page.getByRole('link', { name: 'Send this campaign' })).toHaveAttribute(
    'href',
    `${href}/send`,
  );

  const opens = page.getByRole('button', { name: 'Opens', exact: true });
  const clicks = page.getByRole('button', { name: 'Clicks', exact: true });
  await expect(opens).toHaveAttribute('aria-pressed', 'true');
  await expect(clicks).toHaveAttribute('aria-pressed', 'false');
  await clicks.click();
  await expect(clicks).toHaveAttribute('aria-pressed', 'true');
  await expect(opens).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: 'days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'hours' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );

  const links = page.getByRole('table', { name: 'Clicks per link' });
  await expect(links.getByRole('columnheader').first()).toHaveText('Link no.');
  await expect(links.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('1');
  await expect(page.getByRole('table', { name: 'Mail clients and devices' })).toContainText(
    'Events by people',
  );
  await expect(page.getByRole('heading', { name: 'Latest events' })).toBeVisible();

  await page.goto('/events');
  await expect(page.getByRole('button', { name: 'all events' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByTestId('event-total')).toContainText('events across all campaigns');
  const log = page.getByRole('table', { name: 'Events' });
  await expect(log.getByRole('columnheader', { name: 'Campaign' })).toBeVisible();

  // At phone width the page content never needs sideways scrolling: wide tables scroll inside.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [href, '/events', '/overview', '/campaigns']) {
    await page.goto(path);
    const width = await page.evaluate(() => document.querySelector('main')?.scrollWidth ?? 0);
    expect(width, path).toBeLessThanOrEqual(390);
  }
});
