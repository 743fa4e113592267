// The instrument CLI in a child process, against its own embedded data folder or its own
// PostgreSQL database (the CLI needs the embedded folder to itself).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/lib/db';
import { createPostgresDatabase, TEST_BACKEND } from '../../helpers/db';
import { createTenant, type Tenant } from '../../helpers/instrument/fixtures';

const TEMPLATES = path.resolve(import.meta.dirname, '../../fixtures/templates');
const BOOKS = 'https://lumen-books.example/books';
const SECRET = 'cli-test-token-secret-0123456789abcdef012345';

describe(`npm run instrument (${TEST_BACKEND})`, () => {
  let dataDir: string;
  let postgres: { url: string; drop(): Promise<void> } | null = null;
  let tenant: Tenant;

  const openOwnDatabase = (): Promise<Database> =>
    postgres
      ? openDatabase({ url: postgres.url, poolSize: 2 })
      : openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });

  function runCli(args: string[]) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      VERITY_DATA_DIR: dataDir,
      VERITY_TOKEN_SECRET: SECRET,
      NEXTAUTH_SECRET: SECRET,
      VERITY_PUBLIC_URL: 'https://t.example',
    };
    if (postgres) env.DATABASE_URL = postgres.url;
    else delete env.DATABASE_URL;

    const cli = ['--import', 'tsx', 'scripts/instrument.ts', ...args];
    return spawnSync(process.execPath, cli, { encoding: 'utf8', env });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'verity-instrument-cli-'));
    if (TEST_BACKEND === 'postgres') postgres = await createPostgresDatabase();
    const db = await openOwnDatabase();
    tenant = await createTenant(db, 'cli');
    await db.close();
  });

  afterAll(async () => {
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the instrumented HTML and registers its links', async () => {
    const result = runCli([
      '--campaign',
      tenant.campaignId,
      '--recipient',
      'reader@people.example',
      '--utm',
      '{"utm_source":"verity"}',
      path.join(TEMPLATES, 'receipt.html'),
    ]);
    expect(result.stderr).toMatch(/links tracked, honeypot and pixel added\n$/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('<a href="tel:+4930123456">');
    const clicks = result.stdout.match(/href="https:\/\/t\.example\/c\/[A-Za-z0-9_-]{88}"/g);
    expect(clicks?.length).toBe(6);

    const db = await openOwnDatabase();
    try {
      const links = await db.prisma.link.findMany({
        where: { campaignId: tenant.campaignId, honeypot: false },
        orderBy: { position: 'asc' },
      });
      expect(links.map((l) => l.url)).toEqual([
        'https://lumen-books.example/?utm_source=verity',
        `${BOOKS}/9780000000001?ref=receipt&variant=hardcover&utm_source=verity`,
        `${BOOKS}/9780000000002?ref=receipt&variant=paperback&utm_source=verity`,
        'https://lumen-books.example/account/orders/LB-20931?tab=tracking&utm_source=verity',
        'https://lumen-books.example/help/returns?utm_source=verity',
      ]);
    } finally {
      await db.close();
    }
  });

  it('names a bad option and a missing merge field', () => {
    const bad = runCli(['--campaign', tenant.campaignId, '--recipient', 'x', 'a.html']);
    expect([bad.status, bad.stderr.split('\n')[0]]).toEqual([
      2,
      '--recipient must be an email address',
    ]);

    const missing = runCli([
      '--campaign',
      tenant.campaignId,
      '--recipient',
      'reader@people.example',
      path.join(TEMPLATES, 'plain-text.eml'),
    ]);
    expect([missing.status, missing.stderr]).toEqual([
      1,
      'missing merge field values: first_name\n',
    ]);
  });
});
