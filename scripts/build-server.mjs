// Bundles the product's Node entry (lib/server/main.ts) into dist/server.mjs, so `npm start`
// runs plain JavaScript: no TypeScript loader on the hot path. Packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['lib/server/main.ts'],
  outfile: process.env.SERVER_OUTFILE || 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; " +
      'const require = __createRequire(import.meta.url);',
  },
});
console.log(`built ${process.env.SERVER_OUTFILE || 'dist/server.mjs'}`);
