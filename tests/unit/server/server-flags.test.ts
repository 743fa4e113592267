// `npm start` runs the server with the same Node flags as the demo and the tracking benchmark.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../../scripts/lib/server-flags';

describe('server start command', () => {
  it('npm start passes the shared server flags', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} dist/server.mjs`);
  });
});
