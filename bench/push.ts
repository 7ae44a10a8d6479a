/**
 * `npm run bench:push`: the latency of one signed webhook push against a brand
 * with 1,000 stored items and one with 100,000, side by side, through the
 * real API handler over loopback HTTP on DynamoDB Local. A push stores its
 * items and answers; nothing it does reads the brand's other items, so the
 * two columns should match. (Before, the summary was rebuilt on every push by
 * reading items: 30 ms at 37 items, 600 ms at 8,000.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchPut } from '#lib/adapters/dynamodb/batch-write.ts';
import { itemRecord } from '#lib/adapters/dynamodb/records.ts';
import { ensureTable } from '#lib/adapters/dynamodb/table.ts';
import { itemId } from '#lib/domain/ids.ts';
import type { Item } from '#lib/domain/model.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import { composeLocal } from '#lib/local/compose.ts';
import { startEmbeddedDb } from '#lib/local/embedded-db.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';

const SIZES = [1_000, 100_000];
const PUSHES = 200;
const WARMUP = 50;
const SECRET = 'bench-secret-long-enough-for-hmac-signing';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-bench-push-'));
const db = await startEmbeddedDb();
try {
  const local = composeLocal({
    endpoint: db.endpoint,
    credentials: db.credentials,
    region: db.region,
    tableName: 'bench',
    dueShards: 8,
    dataDir,
    fetchAllowHosts: [],
    log: quiet,
  });
  await ensureTable(local.client, 'bench');
  const server = await startHttpServer(local.handlers.http, 0);
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const results: Array<{ size: number; p50: number; p95: number; mean: number }> = [];

  for (const size of SIZES) {
    const brandId = `brand-${size}`;
    const now = new Date().toISOString();
    await local.repo.createBrand({
      id: brandId,
      tenantId: 'bench',
      publicId: `pub-${size}`,
      publishBadge: true,
      profile: { displayName: brandId, phones: [], addresses: [], openingHours: [], claims: [] },
      createdAt: now,
      updatedAt: now,
    });
    await local.repo.putTouchpoint({
      tenantId: 'bench',
      brandId,
      id: 'web',
      name: 'Web',
      channel: 'website',
      stage: 'purchase',
      createdAt: now,
    });
    const source = {
      tenantId: 'bench',
      brandId,
      id: 'hook',
      touchpointId: 'web',
      kind: 'webhook' as const,
      params: {},
      intervalMinutes: 60,
      enabled: true,
      nextRunAt: now,
      health: { status: 'never-run' as const, consecutiveFailures: 0 },
      createdAt: now,
      sealed: {
        secret: await local.deps.secretBox.seal(SECRET, {
          tenant: 'bench',
          brand: brandId,
          source: 'hook',
          name: 'secret',
        }),
      },
    };
    await local.repo.putSource(source);
    // The brand's history, written in bulk (the push path reads none of it).
    process.stderr.write(`writing ${size} items for ${brandId}…\n`);
    const records = Array.from({ length: size }, (_, n): Record<string, unknown> => {
      const item: Item = {
        id: itemId('bench', brandId, 'hook', `old-${n}`),
        tenantId: 'bench',
        brandId,
        sourceId: 'hook',
        sourceKind: 'webhook',
        touchpointId: 'web',
        externalId: `old-${n}`,
        kind: 'review',
        author: { id: `a-${n % 5000}` },
        authorScope: 'tenant',
        rating: (n % 5) + 1,
        ratingScale: 5,
        stars: (n % 5) + 1,
        text: `Stored review number ${n}, about coffee and delivery.`,
        publishedAt: new Date(Date.now() - (n % 730) * 86_400_000).toISOString(),
        fetchedAt: now,
        contentHash: `h-${n}`,
        edits: [],
        rev: 0,
      };
      return itemRecord.to(item);
    });
    await batchPut(local.doc, 'bench', records);
  }

  // Alternate between the brands (after a warm-up), so JIT and machine load hit both columns alike.
  const latencies = new Map<number, number[]>(SIZES.map((size) => [size, []]));
  for (let n = -WARMUP; n < PUSHES; n++) {
    for (const size of SIZES) {
      const body = JSON.stringify({
        items: [
          {
            externalId: `new-${n}`,
            text: 'Lovely beans, fast delivery.',
            rating: 5,
            publishedAt: new Date().toISOString(),
          },
        ],
      });
      const t = Math.floor(Date.now() / 1000);
      const started = performance.now();
      const res = await fetch(`${base}/v1/push/pub-${size}/hook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-touchstone-signature': `t=${t},v1=${signWebhook(SECRET, t, body)}`,
        },
        body,
      });
      await res.text();
      if (res.status !== 200) throw new Error(`push answered ${res.status}`);
      if (n >= 0) latencies.get(size)?.push(performance.now() - started);
    }
  }
  for (const [size, list] of latencies) {
    list.sort((x, y) => x - y);
    const at = (q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? Number.NaN;
    results.push({
      size,
      p50: at(0.5),
      p95: at(0.95),
      mean: list.reduce((sum, x) => sum + x, 0) / list.length,
    });
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  local.client.destroy();

  console.log(
    `\n== One signed push (1 item), ${PUSHES} per brand after ${WARMUP} warm-up, the two brands alternating; loopback HTTP, DynamoDB Local ==`,
  );
  console.log(['items stored', 'p50', 'p95', 'mean'].map((c) => c.padEnd(16)).join(''));
  for (const r of results) {
    console.log(
      [
        r.size.toLocaleString('en'),
        `${r.p50.toFixed(1)} ms`,
        `${r.p95.toFixed(1)} ms`,
        `${r.mean.toFixed(1)} ms`,
      ]
        .map((c) => c.padEnd(16))
        .join(''),
    );
  }
  const [small, large] = results;
  if (small !== undefined && large !== undefined) {
    console.log(
      `ratio of p50 at ${large.size.toLocaleString('en')} to ${small.size.toLocaleString('en')} items: ${(large.p50 / small.p50).toFixed(2)} (target: no growth with the brand's size, ~1.0)`,
    );
  }
} finally {
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
