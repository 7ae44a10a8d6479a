import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point inward: `lib/domain` imports nothing of the project but
 * `lib/domain`; `lib/app` imports `lib/domain`, `lib/ports.ts` and itself.
 * Neither names an adapter, a runtime, a composition or the API.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The project files a source file imports, as paths from the project root (packages and node: left out). */
function projectImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.flatMap((spec) => {
    if (spec.startsWith('#lib/')) return [join('lib', spec.slice('#lib/'.length))];
    if (spec.startsWith('#')) return [spec];
    if (spec.startsWith('.')) return [relative('.', resolve(dirname(file), spec))];
    return [];
  });
}

const allowed = {
  'lib/domain': (target: string) => target.startsWith('lib/domain/'),
  'lib/app': (target: string) =>
    target.startsWith('lib/domain/') || target.startsWith('lib/app/') || target === 'lib/ports.ts',
};

describe('dependencies point inward', () => {
  for (const [layer, ok] of Object.entries(allowed)) {
    it.each(sourceFiles(layer))(`%s imports only what ${layer} may`, (file) => {
      expect(projectImports(file).filter((target) => !ok(target))).toEqual([]);
    });
  }

  it('sees a wrong-way import (the check can fail)', () => {
    expect(allowed['lib/app']('lib/adapters/dynamodb/keys.ts')).toBe(false);
    expect(allowed['lib/domain']('lib/ports.ts')).toBe(false);
  });
});
