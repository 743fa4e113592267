// .env.example says it lists every variable: every name the product, its scripts and its test
// helpers read from the environment (process.env or a zod environment schema) is in it, and it
// names nothing that nothing reads.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['lib', 'scripts', 'app', 'components', 'tests/helpers'];
const FILES = ['next.config.mjs', 'playwright.config.ts', 'proxy.ts', 'scripts/test-all.sh'];
/** Set by the product for the packages it runs, never read from the operator. */
const WRITTEN_ONLY = ['NEXT_TELEMETRY_DISABLED'];
/** Files whose zod object schemas are environment schemas. */
const SCHEMA_FILES = ['lib/config.ts', 'lib/auth/auth-config.ts', 'lib/tracking/settings.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx|mjs|sh)$/.test(name) ? [full] : [];
  });
}

function variablesRead(): string[] {
  const names = new Set<string>();
  for (const file of [...ROOTS.flatMap(sources), ...FILES]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g,
    )) {
      names.add(m[1] ?? m[2]);
    }
    // Shell scripts: variables the test runner passes on or defaults.
    if (file.endsWith('.sh')) {
      for (const m of text.matchAll(/\b([A-Z][A-Z0-9_]*)=/g)) names.add(m[1]);
    }
  }
  for (const file of SCHEMA_FILES) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]*): /gm)) names.add(m[1]);
  }
  return [...names].filter((name) => !WRITTEN_ONLY.includes(name)).sort();
}

function variablesDocumented(): string[] {
  const text = readFileSync('.env.example', 'utf8');
  return [...new Set([...text.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]))].sort();
}

describe('.env.example', () => {
  it('lists every variable read, and only those', () => {
    const read = variablesRead();
    const documented = variablesDocumented();
    expect(read.filter((name) => !documented.includes(name))).toEqual([]);
    expect(documented.filter((name) => !read.includes(name))).toEqual([]);
  });

  it('finds the variables of every kind of reader', () => {
    const read = variablesRead();
    for (const name of [
      'PORT', // lib/config schema
      'VERITY_SIGNIN_MAX_ATTEMPTS_PER_ADDRESS', // lib/auth/auth-config schema
      'VERITY_THREAD_WINDOW', // lib/tracking/settings schema
      'VERITY_CLASSIFIER_DATA_DIR', // process.env in lib
      'VERITY_API_KEY', // process.env in scripts
      'TEST_DATABASE', // tests/helpers
    ]) {
      expect(read).toContain(name);
    }
  });
});
