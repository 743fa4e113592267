// Each realistic template, instrumented through the API of the running product, must look the
// same as the original in Chromium (screenshots within a small pixel tolerance), and every
// wrapped link, clicked, must land on its original destination through the real /c/ redirect.
// Destinations (*.example) are answered by a local echo server on this machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { escapeHtml, resolveMergeFields } from '../../lib/instrument/merge-fields';

const PORT = process.env.E2E_PORT ?? '3700';
const ECHO_PORT = Number(process.env.E2E_ECHO_PORT ?? 3560);
const TEMPLATES = path.resolve(import.meta.dirname, '../fixtures/templates');
/** Share of pixels allowed to differ between original and instrumented rendering. */
const PIXEL_TOLERANCE = 0.001;

const FIELDS: Record<string, Record<string, string>> = {
  'template-tags.html': {
    first_name: 'Lea',
    slug: 'lea-m',
    list_id: '7',
    item_1: 'kettle-3',
    item_1_name: 'Kettle',
    item_2: 'mug & saucer',
    item_2_name: 'Mug',
    referral_url: 'https://picks.example/r?c=LEA10&src=mail',
    code: 'LEA10',
  },
  'plain-text.eml': { first_name: 'Ingrid' },
  'multipart.eml': { first_name: 'Jonas' },
};

interface Instrumented {
  html: string | null;
  text: string | null;
  unsubscribeUrl: string;
  links: { url: string; honeypot: boolean; clickUrl: string }[];
}

let echo: net.Server[];
let campaignId: string;

function apiKey(): string {
  const file = path.join(os.tmpdir(), `verity-e2e-${PORT}`, 'demo-api-key');
  return readFileSync(file, 'utf8').trim();
}

function headers() {
  return { authorization: `Bearer ${apiKey()}` };
}

// Destinations: Chromium resolves every *.example host to local ports (see test.use below),
// where echo servers answer with the URL they were asked for.
function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'verity-e2e-cert-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=destinations',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const pair = { key: readFileSync(key), cert: readFileSync(cert) };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

// HTTPS destinations go to ECHO_PORT, plain HTTP ones to the port after it.
async function startEcho(): Promise<net.Server[]> {
  const answer = (secure: boolean) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const landed = `${secure ? 'https' : 'http'}://${req.headers.host}${req.url}`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>landed</title><pre id="landed">${escapeHtml(landed)}</pre>`);
  };
  const servers: [net.Server, number][] = [
    [https.createServer(certificate(), answer(true)), ECHO_PORT],
    [http.createServer(answer(false)), ECHO_PORT + 1],
  ];
  await Promise.all(
    servers.map(
      ([server, port]) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    ),
  );
  return servers.map(([server]) => server);
}

async function instrument(request: APIRequestContext, name: string): Promise<Instrumented> {
  const source = readFileSync(path.join(TEMPLATES, name), 'utf8');
  const body = name.endsWith('.eml') ? { eml: source } : { html: source };
  const response = await request.post(`/api/v1/campaigns/${campaignId}/messages`, {
    headers: headers(),
    data: { recipient: { ref: `e2e-${name}` }, fields: FIELDS[name] ?? {}, ...body },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

async function screenshot(page: Page, html: string): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'load' });
  return page.screenshot({ animations: 'disabled' });
}

// Decodes both PNGs in the browser and counts pixels that differ in any channel.
async function differingShare(page: Page, a: Buffer, b: Buffer): Promise<number> {
  await page.setContent('<!doctype html><title>diff</title>');
  return page.evaluate(
    async ([first, second]) => {
      const pixels = async (data: string) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height);
      };
      const [x, y] = await Promise.all([pixels(first!), pixels(second!)]);
      if (x.width !== y.width || x.height !== y.height) return 1;
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        if ([0, 1, 2, 3].some((c) => x.data[i + c] !== y.data[i + c])) differing += 1;
      }
      return differing / (x.width * x.height);
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

/** What the destination server saw: the URL without its fragment, which stays in the browser. */
function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

async function expectLanding(page: Page, clickUrl: string, destination: string): Promise<void> {
  const visible = page.locator(`a[href="${clickUrl}"]:visible`).first();
  if ((await visible.count()) > 0) {
    await Promise.all([page.waitForURL((url) => url.href === destination), visible.click()]);
  } else {
    // VML buttons live in Outlook-only comments and <area> needs an image map hit: follow them.
    await page.goto(clickUrl);
  }
  expect(page.url()).toBe(destination);
  await expect(page.locator('#landed')).toHaveText(withoutFragment(destination));
}

test.describe.configure({ mode: 'serial' });

test.use({
  ignoreHTTPSErrors: true,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP *.example:443 127.0.0.1:${ECHO_PORT}, ` +
        `MAP *.example:80 127.0.0.1:${ECHO_PORT + 1}`,
    ],
  },
});

test.beforeAll(async ({ request }) => {
  echo = await startEcho();
  const response = await request.post('/api/v1/campaigns', {
    headers: headers(),
    data: { name: `Template check ${Date.now().toString(36)}` },
  });
  expect(response.status(), await response.text()).toBe(201);
  campaignId = (await response.json()).campaign.id;
});

test.afterAll(async () => {
  await Promise.all(echo.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

const HTML_TEMPLATES = [
  'newsletter.html',
  'receipt.html',
  'appointment.html',
  'template-tags.html',
  'unusual-markup.html',
];

for (const name of HTML_TEMPLATES) {
  test(`${name} looks the same and every link lands on its destination`, async ({
    page,
    request,
  }) => {
    const result = await instrument(request, name);
    const source = readFileSync(path.join(TEMPLATES, name), 'utf8');
    const original = resolveMergeFields(
      source,
      { ...FIELDS[name], unsubscribe_url: result.unsubscribeUrl },
      escapeHtml,
    );

    const before = await screenshot(page, original);
    const after = await screenshot(page, result.html!);
    expect(await differingShare(page, before, after)).toBeLessThanOrEqual(PIXEL_TOLERANCE);
    // The tolerance must be far below what the template's content amounts to, or losing the
    // whole message would pass: compare against a blank page.
    const blank = await screenshot(page, '<!doctype html><body></body>');
    expect(await differingShare(page, before, blank)).toBeGreaterThan(PIXEL_TOLERANCE * 5);

    const visibleLinks = result.links.filter((l) => !l.honeypot);
    expect(visibleLinks.length).toBeGreaterThan(0);
    for (const link of visibleLinks) {
      await page.setContent(result.html!);
      await expectLanding(page, link.clickUrl, link.url);
    }
  });
}

for (const name of ['plain-text.eml', 'multipart.eml']) {
  test(`${name}: every wrapped link lands on its destination`, async ({ page, request }) => {
    const result = await instrument(request, name);
    const visibleLinks = result.links.filter((l) => !l.honeypot);
    expect(visibleLinks.length).toBeGreaterThan(1);
    for (const link of visibleLinks) {
      expect(result.text ?? '').toContain(link.clickUrl);
      await expectLanding(page, link.clickUrl, link.url);
    }
  });
}
