// Finds every page, layout, route handler and server action in the repository, with what each
// exports, so the inventory can be checked for completeness.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Discovered {
  file: string;
  kind: 'page' | 'route' | 'action';
  exports: string[];
}

const ROOT = process.cwd();
const SKIP = new Set(['node_modules', '.git', 'generated', 'dist', 'tests', 'public', 'prisma']);
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.(ts|tsx|js|jsx|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Names a module exports: `export async function x`, `export const x`, `export { a as x }`. */
export function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let|var)\s+(\w+)/g)) {
    names.add(m[1]);
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

function classify(file: string, source: string): Discovered | null {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const base = path.basename(file).replace(/\.(ts|tsx|js|jsx|mjs)$/, '');
  const inApp = rel.startsWith('app/');

  if (inApp && base === 'route') {
    return {
      file: rel,
      kind: 'route',
      exports: exportedNames(source).filter((n) => HTTP_METHODS.includes(n)),
    };
  }
  if (inApp && (base === 'page' || base === 'layout') && rel !== 'app/layout.tsx') {
    return { file: rel, kind: 'page', exports: [] };
  }
  // A module-level directive or one inside a function body both make server actions.
  if (/^\s*['"]use server['"];?\s*$/m.test(source)) {
    const actions = exportedNames(source).filter((n) => n !== 'default' && n !== 'dynamic');
    return { file: rel, kind: 'action', exports: actions };
  }
  return null;
}

export function discoverEntryPoints(): Discovered[] {
  const files = ['app', 'components', 'lib'].flatMap((dir) => walk(path.join(ROOT, dir)));
  return files
    .map((file) => classify(file, readFileSync(file, 'utf8')))
    .filter((d): d is Discovered => d !== null)
    .sort((x, y) => x.file.localeCompare(y.file));
}
