// Shared set-up for tracking tests: a test database, a fixed token secret, a throwaway data
// folder (spool), and a fresh tracking runtime with the settings a test asks for.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetEnvCache } from '@/lib/config';
import {
  closeTrackingRuntime,
  createTrackingRuntime,
  useTrackingRuntime,
  type TrackingRuntime,
} from '@/lib/tracking/runtime';
import { readTrackingSettings, type TrackingSettings } from '@/lib/tracking/settings';
import { openTestDatabase, type TestDatabase } from '../../helpers/db';

export const TEST_SECRET = 'tracking-test-secret-0123456789abcdef';

export interface TrackingTestContext {
  db: TestDatabase;
  dataDir: string;
  runtime(overrides?: Partial<TrackingSettings>): Promise<TrackingRuntime>;
  close(): Promise<void>;
}

export async function setUpTracking(): Promise<TrackingTestContext> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'verity-tracking-test-'));
  process.env.VERITY_DATA_DIR = dataDir;
  process.env.VERITY_TOKEN_SECRET = TEST_SECRET;
  process.env.NEXTAUTH_SECRET = 'auth-test-secret-0123456789abcdef0123';
  process.env.LOG_LEVEL = 'silent';
  resetEnvCache();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('verity.secrets')];

  const db = await openTestDatabase();

  return {
    db,
    dataDir,
    async runtime(overrides = {}) {
      await closeTrackingRuntime();
      const runtime = createTrackingRuntime({ ...readTrackingSettings(), ...overrides });
      useTrackingRuntime(runtime);
      return runtime;
    },
    async close() {
      await closeTrackingRuntime();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
