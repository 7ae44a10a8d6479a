import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ensureTable } from '#lib/adapters/dynamodb/table.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { jsonLogger } from '#lib/app/deps.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import { composeLocal } from '#lib/local/compose.ts';
import { startReplayServer } from '#lib/local/replay-server.ts';
import { LocalScheduler } from '#lib/local/scheduler.ts';
import { startHttpServer } from '#lib/runtime/node-http.ts';
import { aBrand, aTouchpoint, TENANT } from '#test/support/fixtures.ts';

/**
 * Issue 13, "Secrets": the local composition (what `npm start` runs) with its
 * JSON logger captured, through representative flows: keys, a webhook source
 * and signed pushes (good and forged), a keyed source with its own
 * credentials whose run fails, the operator's connector key, the worker,
 * badge signing, errors. Then every captured line is scanned for key
 * material: API keys, the webhook secret, connector credentials, the badge
 * private key, the secret-box key, the DynamoDB credentials.
 */
describe('logs captured during representative flows', () => {
  it('carry no key material', async () => {
    // Prepare
    const lines: string[] = [];
    const log = jsonLogger({ service: 'touchstone' }, (line) => lines.push(line));
    const dataDir = mkdtempSync(join(tmpdir(), 'touchstone-secrets-'));
    const replay = await startReplayServer([{ path: '/robots.txt', responses: { status: 404, body: '' } }]);
    const credentials = inject('dynamoCredentials');
    const operatorKey = `operator-yelp-${generateApiKey()}`;
    const tenantKey = `tenant-yelp-${generateApiKey()}`;
    const webhookSecret = `whsec-${generateApiKey()}`;
    const tableName = `secrets-${Date.now()}`;
    const local = composeLocal({
      endpoint: inject('dynamoEndpoint'),
      credentials,
      region: inject('dynamoRegion'),
      tableName,
      dueShards: 4,
      dataDir,
      fetchAllowHosts: [replay.hostPort],
      env: { YELP_API_KEY: operatorKey, SENTIMENT_ENGINE: 'local' },
      log,
    });
    await ensureTable(local.client, tableName);
    const key = generateApiKey();
    await registerApiKey(local.repo, key, {
      tenantId: TENANT,
      scopes: ['read', 'write', 'admin'],
      name: 'k',
      now: new Date(),
    });
    await local.repo.createBrand(aBrand({ publicId: 'pub-secrets' }));
    await local.repo.putTouchpoint(aTouchpoint());
    const server = await startHttpServer(local.handlers.http, 0, '127.0.0.1', local.uploads);
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    const scheduler = new LocalScheduler({
      dispatch: local.handlers.dispatch,
      ingest: local.handlers.ingest,
      queue: local.queue,
      dispatchEveryMs: 3_600_000,
      pollEveryMs: 3_600_000,
      batchSize: 5,
    });
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: res.status, text: await res.text() };
    };
    const push = async (body: string, secret: string) =>
      fetch(`${base}/v1/push/pub-secrets/hook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-touchstone-signature': signWebhook(secret, Math.floor(Date.now() / 1000), body),
        },
        body,
      }).then((r) => r.status);

    // Act: representative flows, including failures (which are what gets logged in detail).
    const statuses = [
      (
        await call('POST', '/v1/brands/acme/sources', {
          id: 'hook',
          touchpointId: 'web',
          kind: 'webhook',
          params: { secret: webhookSecret },
        })
      ).status,
      (
        await call('POST', '/v1/brands/acme/sources', {
          id: 'yelp',
          touchpointId: 'web',
          kind: 'yelp',
          params: { businessId: 'northwind', baseUrl: replay.url },
          credentials: { apiKey: tenantKey },
        })
      ).status,
      (await call('POST', '/v1/brands/acme/sources/yelp/run')).status,
      (await call('POST', '/v1/api-keys', { name: 'second', scopes: ['read'] })).status,
      (await call('GET', '/v1/brands/acme/sources/hook')).status,
      (await call('GET', '/v1/brands', undefined, { authorization: `Bearer ${key}x` })).status,
      (await call('GET', '/v1/brands', undefined, { authorization: `Bearer ${webhookSecret}` })).status,
      (await call('POST', '/v1/brands', '{"id":')).status,
      await push(
        JSON.stringify({
          items: [
            { externalId: 'p-1', text: 'Lovely and quick.', rating: 5, publishedAt: '2026-10-01T00:00:00Z' },
          ],
        }),
        webhookSecret,
      ),
      await push(
        JSON.stringify({ items: [{ externalId: 'p-2', text: 'Forged.', rating: 1 }] }),
        `${webhookSecret}-wrong`,
      ),
    ];
    await scheduler.poll();
    await scheduler.dispatchNow();
    await scheduler.poll();
    await scheduler.stop();
    await new Promise<void>((r) => server.close(() => r()));
    await replay.close();
    local.client.destroy();

    // Assess
    const fileSecrets = readdirSync(dataDir)
      .filter((f) => !f.startsWith('.') && f !== 'blobs')
      .flatMap((f) => readFileSync(join(dataDir, f), 'utf8').split('\n'))
      .map((l) => l.trim())
      .filter((l) => l.length >= 16 && !l.startsWith('-----'));
    const secrets: Record<string, string> = {
      apiKey: key,
      webhookSecret,
      tenantConnectorKey: tenantKey,
      operatorConnectorKey: operatorKey,
      dynamoSecretAccessKey: credentials.secretAccessKey,
      dynamoAccessKeyId: credentials.accessKeyId,
      ...Object.fromEntries(fileSecrets.map((l, k) => [`dataDirKeyLine${k}`, l])),
    };
    const text = lines.join('\n');
    const leaked = Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => name);
    const apiKeyShaped = text.match(/ts_[A-Za-z0-9_-]{20,}/g) ?? [];
    console.log(
      `secrets figures: ${JSON.stringify({ logLines: lines.length, secretsScanned: Object.keys(secrets).length, dataDirKeyLines: fileSecrets.length, leaked, apiKeyShaped: apiKeyShaped.length, statuses })}`,
    );
    expect(statuses.slice(0, 2)).toEqual([201, 201]);
    expect(lines.length).toBeGreaterThan(5);
    expect(fileSecrets.length).toBeGreaterThan(0);
    expect(leaked).toEqual([]);
    expect(apiKeyShaped).toEqual([]);
  });
});
