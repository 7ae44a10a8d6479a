import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * How zod is imported decides what esbuild can leave out of a Lambda bundle:
 * `import { z } from 'zod'` (or `z.core.…`, `z.locales` at run time) keeps the
 * whole library and every locale (~430 KB); `import * as z` keeps what is used
 * (~85 KB; zod/mini ~14 KB).
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('lean zod imports in what the functions bundle', () => {
  const files = [...sourceFiles('lib'), ...sourceFiles('functions')];

  it.each(files)('%s imports zod as a namespace, and no zod namespace object at run time', (file) => {
    const code = readFileSync(file, 'utf8');
    expect(code).not.toMatch(/import\s*\{\s*z\s*\}\s*from\s*'zod(\/mini)?'/);
    expect(code).not.toMatch(/[^.\w]z\.(core|locales)\.(?!\$Zod(Type|Error)\b)/);
  });
});
