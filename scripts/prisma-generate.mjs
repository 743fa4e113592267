// Generates the Prisma client without downloading Prisma's native schema engine.
// Prisma 7's CLI fetches that binary before every command; this machine (and an offline
// customer's) cannot. `generate` never runs the engine, so any existing file satisfies the check.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');

if (!existsSync(cli)) {
  console.error('prisma-generate: node_modules/prisma is missing; run npm install first');
  process.exit(1);
}

const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
