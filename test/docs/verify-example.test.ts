import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import { refreshSummary } from '#lib/app/summary.ts';
import { makeBadgeHandler } from '#lib/compose/badge.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';
import { makeTestDeps, silentLogger } from '#test/support/deps.ts';
import { aBrand, anItem, aTouchpoint, TENANT } from '#test/support/fixtures.ts';

/** The runnable example of docs/badge.md, run as a third party would run it, against a served badge. */
const run = promisify(execFile);
const EXAMPLE = 'docs/examples/verify-badge.mjs';
let badgeServer: Server;
let doctored: Server;
let base = '';
let doctoredUrl = '';

const portOf = (server: Server) => {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
};

async function example(url: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [EXAMPLE, url]);
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  const deps = await makeTestDeps();
  await deps.repo.createBrand(
    aBrand({
      publicId: 'pub-example',
      profile: {
        displayName: 'Ácme «Coffee» & Co',
        website: 'https://shop.acme.example',
        phones: [],
        addresses: [],
        openingHours: [],
        claims: [],
      },
    }),
  );
  await deps.repo.putTouchpoint(aTouchpoint());
  for (let i = 0; i < 6; i++) {
    await deps.repo.upsertItem(
      anItem({ id: itemId(TENANT, 'acme', 'feed', `r-${i}`), externalId: `r-${i}`, contentHash: `h-${i}` }),
    );
  }
  await refreshSummary(deps, TENANT, 'acme');
  badgeServer = await startHttpServer(
    makeBadgeHandler({ badges: deps.repo, keys: deps.badgeKeys, clock: deps.clock }, silentLogger),
    0,
  );
  base = `http://127.0.0.1:${portOf(badgeServer)}`;
  // A copy of the badge with its score raised, served elsewhere, naming the real key set.
  doctored = createServer(async (_request, response) => {
    const real = (await (await fetch(`${base}/v1/badges/pub-example.json`)).json()) as Record<
      string,
      unknown
    >;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ...real, score: 5 }));
  });
  await new Promise<void>((r) => doctored.listen(0, '127.0.0.1', r));
  doctoredUrl = `http://127.0.0.1:${portOf(doctored)}/badge.json`;
});

afterAll(async () => {
  await new Promise<void>((r) => badgeServer?.close(() => r()));
  await new Promise<void>((r) => doctored?.close(() => r()));
});

describe('docs/badge.md: verifying a badge', () => {
  it('says VALID, with the brand’s own website, for a badge as served', async () => {
    const result = await example(`${base}/v1/badges/pub-example.json`);
    expect(result.out).toContain('VALID: Ácme «Coffee» & Co scores');
    expect(result.out).toContain('This badge belongs on shop.acme.example');
    expect(result.code).toBe(0);
  });

  it('says INVALID, and exits 1, for a doctored copy', async () => {
    const result = await example(doctoredUrl);
    expect(result.out).toContain('INVALID');
    expect(result.code).toBe(1);
  });

  it('is the very code the document shows', () => {
    const doc = readFileSync('docs/badge.md', 'utf8');
    expect(doc).toContain(readFileSync(EXAMPLE, 'utf8').trim());
  });
});
