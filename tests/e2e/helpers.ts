// Shared steps of the browser tests: signing in as the demo user and calling the API with the
// demo account's key (scripts/e2e-server.ts serves a fresh demo; its key is in its data folder).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const DEMO_EMAIL = 'demo@verity.example';
export const DEMO_PASSWORD = 'verity-demo-2026';

const port = process.env.E2E_PORT ?? '3700';

export function demoApiKey(): string {
  const file = path.join(os.tmpdir(), `verity-e2e-${port}`, 'demo-api-key');
  return readFileSync(file, 'utf8').trim();
}

export async function signIn(page: Page, email = DEMO_EMAIL, password = DEMO_PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
}

export async function api<T>(
  request: APIRequestContext,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<T> {
  const response = await request.fetch(url, {
    method,
    headers: { authorization: `Bearer ${demoApiKey()}` },
    data: body,
  });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}
