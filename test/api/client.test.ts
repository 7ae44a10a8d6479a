import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The committed client is what the generator makes, offline, from the committed document. */
const out = mkdtempSync(join(tmpdir(), 'touchstone-client-gen-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else found[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return found;
}

describe('the typed client', () => {
  it('is current: run `npm run build:openapi` (or build:client) after changing a route', () => {
    // Act
    execFileSync(
      'npx',
      ['openapi-ts', '-i', 'lib/api/openapi.generated.json', '-o', out, '-c', '@hey-api/client-fetch'],
      { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } },
    );
    // Assess
    expect(files(out)).toEqual(files('lib/client/generated'));
  });
});
