import { expect } from 'vitest';
import type { ApiDeps } from '#lib/api/routes/shared.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { serveApi } from '#test/support/api-server.ts';
import { aBrand, aTouchpoint, TENANT } from '#test/support/fixtures.ts';

/**
 * The fixture brand (with `publicId`) and its touchpoint, a `hook` webhook
 * source with `secret` made through the API, and the API served on loopback
 * for pushes to `/v1/push/{publicId}/hook`.
 */
export async function serveWebhookSource(deps: ApiDeps, publicId: string, secret: string) {
  const key = generateApiKey();
  await registerApiKey(deps.repo, key, {
    tenantId: TENANT,
    scopes: ['read', 'write'],
    name: 'k',
    now: new Date(),
  });
  await deps.repo.createBrand(aBrand({ publicId }));
  await deps.repo.putTouchpoint(aTouchpoint());
  const api = await serveApi(deps);
  const made = await fetch(`${api.base}/v1/brands/acme/sources`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'hook', touchpointId: 'web', kind: 'webhook', params: { secret } }),
  });
  expect(made.status).toBe(201);
  return api;
}
