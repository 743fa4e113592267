// The isolation suite covers everything: every page, layout, route handler (each method) and
// server action file (each export) in the repository is listed in the inventory, and nothing
// listed is gone. A new route fails here until someone decides how it is attacked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverEntryPoints, exportedNames } from './discover';
import { INVENTORY } from './inventory';

const discovered = discoverEntryPoints();
const listed = new Map(INVENTORY.map((e) => [e.file, e]));

describe('isolation inventory', () => {
  it('finds the accounts part itself (the walk works)', () => {
    const files = discovered.map((d) => d.file);
    expect(files).toContain('app/(dashboard)/members/actions.ts');
    expect(files).toContain('app/api/auth/[...nextauth]/route.ts');
    expect(files).toContain('app/(dashboard)/settings/page.tsx');
  });

  it('lists every page, route and server action file', () => {
    const missing = discovered.filter((d) => !listed.has(d.file)).map((d) => `${d.kind} ${d.file}`);
    expect(missing).toEqual([]);
  });

  it('lists nothing that no longer exists', () => {
    const present = new Set(discovered.map((d) => d.file));
    expect(INVENTORY.filter((e) => !present.has(e.file)).map((e) => e.file)).toEqual([]);
  });

  it('names exactly the methods and actions each file exports', () => {
    const mismatched = discovered
      .filter((d) => d.kind !== 'page')
      .filter(
        (d) =>
          JSON.stringify([...(listed.get(d.file)?.exports ?? [])].sort()) !==
          JSON.stringify(d.exports),
      )
      .map((d) => `${d.file}: exports ${d.exports.join(',')}`);
    expect(mismatched).toEqual([]);
  });

  it('gives every public entry a reason and every other entry a probe', () => {
    expect(INVENTORY.filter((e) => e.access === 'public' && !e.reason).map((e) => e.file)).toEqual(
      [],
    );
    expect(
      INVENTORY.filter((e) => e.access !== 'public' && e.probes.length === 0).map((e) => e.file),
    ).toEqual([]);
  });

  it('makes every cookie-authenticated state-changing handler check the origin (CSRF)', () => {
    const unguarded = INVENTORY.filter((e) => e.kind === 'route' && e.access === 'session')
      .filter((e) => (e.exports ?? []).some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m)))
      .filter((e) => !readFileSync(e.file, 'utf8').includes('assertSameOrigin('))
      .map((e) => e.file);
    expect(unguarded).toEqual([]);
  });

  it('reads exports the way the walk relies on', () => {
    const source = [
      'export async function GET() {}',
      'export const POST = apiRoute(x);',
      'export { handle as PUT, other };',
    ].join('\n');
    expect(exportedNames(source)).toEqual(['GET', 'POST', 'PUT', 'other']);
  });
});
