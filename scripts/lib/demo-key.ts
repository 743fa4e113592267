// The demo account's API key, kept in the data folder (mode 0600) so `npm run replay` can
// register messages through the API without anyone copying the key around.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '../../lib/config';

function keyFile(): string {
  return path.resolve(env().VERITY_DATA_DIR, 'demo-api-key');
}

export function writeDemoApiKey(key: string): void {
  mkdirSync(path.dirname(keyFile()), { recursive: true });
  writeFileSync(keyFile(), key + '\n', { mode: 0o600 });
}

export function readDemoApiKey(): string | null {
  return existsSync(keyFile()) ? readFileSync(keyFile(), 'utf8').trim() : null;
}
