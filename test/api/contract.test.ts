import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { OPENAPI_FILE } from '#lib/api/build-openapi.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { refreshSummary } from '#lib/app/summary.ts';
import { makeApiHandler } from '#lib/compose/api.ts';
import { makeBadgeHandler } from '#lib/compose/badge.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import { localUploads } from '#lib/local/uploads.ts';
import type { HttpApiResult } from '#lib/runtime/lambda/events.ts';
import { type LambdaFn, startHttpServer } from '#lib/runtime/node-http.ts';
import { makeTestDeps, silentLogger, type TestDeps } from '#test/support/deps.ts';
import { drainQueue } from '#test/support/worker.ts';

/**
 * Calls every operation of the served OpenAPI document over loopback HTTP,
 * and checks each answer against the document: its status is one the
 * operation documents, and its body validates against that status's schema.
 */
const Doc = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        responses: z.record(
          z.string(),
          z.object({ content: z.record(z.string(), z.object({ schema: z.unknown() })).optional() }),
        ),
      }),
    ),
  ),
  components: z.object({ schemas: z.record(z.string(), z.unknown()) }),
});
const doc = Doc.parse(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'touchstone', $defs: doc.components.schemas });

let deps: TestDeps;
let server: Server;
let base = '';
const key = generateApiKey();
const secret = 'c'.repeat(40);
/** Path parameter values, and per operation where one needs another. */
const values: Record<string, string> = { brandId: 'contract', touchpointId: 'web', sourceId: 'feed' };
const SOURCE_FOR: Record<string, string> = {
  'POST /v1/brands/{brandId}/sources/{sourceId}/import': 'upload',
  'POST /v1/push/{publicId}/{sourceId}': 'hook',
  'GET /v1/brands/{brandId}/sources/{sourceId}/ingestions/{runId}': 'upload',
  'POST /v1/brands/{brandId}/sources/{sourceId}/uploads': 'upload',
  'POST /v1/brands/{brandId}/sources/{sourceId}/uploads/{runId}/start': 'upload',
};
const UPLOAD_START = 'POST /v1/brands/{brandId}/sources/{sourceId}/uploads/{runId}/start';
/** The touchpoint the run creates is the one it deletes (the first is fed by sources). */
const TOUCHPOINT_FOR: Record<string, string> = {
  'DELETE /v1/brands/{brandId}/touchpoints/{touchpointId}': 'app',
};
/** A valid body for each operation that takes one; an operation added later gets `{}`. */
const BODIES: Record<string, { type: string; text: string }> = {
  'POST /v1/tenants': {
    type: 'application/json',
    text: JSON.stringify({ id: 'contract-t', name: 'Contract' }),
  },
  'POST /v1/api-keys': { type: 'application/json', text: JSON.stringify({ name: 'c', scopes: ['read'] }) },
  'PATCH /v1/tenant': {
    type: 'application/json',
    text: JSON.stringify({ corsOrigins: ['https://a.example'] }),
  },
  'POST /v1/brands': {
    type: 'application/json',
    text: JSON.stringify({ id: 'second', profile: { displayName: 'Second' } }),
  },
  'PATCH /v1/brands/{brandId}': {
    type: 'application/json',
    text: JSON.stringify({ profile: { tagline: 'Hi' } }),
  },
  'POST /v1/brands/{brandId}/touchpoints': {
    type: 'application/json',
    text: JSON.stringify({ id: 'app', name: 'App', channel: 'app-store', stage: 'use' }),
  },
  'PATCH /v1/brands/{brandId}/touchpoints/{touchpointId}': {
    type: 'application/json',
    text: JSON.stringify({ name: 'Website' }),
  },
  'POST /v1/brands/{brandId}/sources': {
    type: 'application/json',
    text: JSON.stringify({
      id: 'rss',
      touchpointId: 'web',
      kind: 'rss',
      params: { url: 'https://news.example/f' },
    }),
  },
  'PATCH /v1/brands/{brandId}/sources/{sourceId}': {
    type: 'application/json',
    text: JSON.stringify({ intervalMinutes: 120 }),
  },
  'POST /v1/brands/{brandId}/reports': {
    type: 'application/json',
    text: JSON.stringify({ period: 'week', language: 'de' }),
  },
  'PUT /v1/brands/{brandId}/report-settings': {
    type: 'application/json',
    text: JSON.stringify({
      schedule: { weekday: 1, hour: 8, timeZone: 'Europe/Warsaw', recipients: ['cmo@contract.example'] },
    }),
  },
  'POST /v1/brands/{brandId}/webhooks': {
    type: 'application/json',
    text: JSON.stringify({ url: 'https://hooks.example.com/touchstone', events: ['alert.raised'] }),
  },
  'POST /v1/brands/{brandId}/sources/{sourceId}/import': {
    type: 'text/csv',
    text: 'id,text,rating,publishedAt\ni1,Great coffee,5,2026-10-01T10:00:00Z',
  },
};
const ORDER = ['POST', 'GET', 'PATCH', 'DELETE'];

async function call(method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    body: text === '' ? undefined : /json/.test(type) ? JSON.parse(text) : text,
  };
}

const api = (path: string, method: string, body?: string, type = 'application/json') =>
  call(method, path, { authorization: `Bearer ${key}`, 'content-type': type }, body);

beforeAll(async () => {
  deps = await makeTestDeps();
  await deps.repo.createTenant({ id: 'default', name: 'Operator', createdAt: new Date().toISOString() });
  await registerApiKey(deps.repo, key, {
    tenantId: 'default',
    scopes: ['read', 'write', 'admin'],
    name: 'operator',
    operator: true,
    now: new Date(),
  });
  const apiHandler = makeApiHandler(deps);
  const badge = makeBadgeHandler(
    { badges: deps.repo, keys: deps.badgeKeys, clock: deps.clock },
    silentLogger,
  );
  const front: LambdaFn<HttpApiResult> = (event, context) => {
    const path =
      typeof event === 'object' && event !== null && 'rawPath' in event ? String(event.rawPath) : '';
    return (path.startsWith('/v1/badges/') || path.startsWith('/.well-known/') ? badge : apiHandler)(
      event,
      context,
    );
  };
  server = await startHttpServer(front, 0, '127.0.0.1', localUploads(deps.blobs, deps.clock));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  // Prepare what the operations name: a brand with a touchpoint, three sources, reviews, a run, a badge.
  const brand = await api(
    '/v1/brands',
    'POST',
    JSON.stringify({ id: 'contract', profile: { displayName: 'C' }, publishBadge: true }),
  );
  values.publicId = brand.body.publicId;
  await api(
    '/v1/brands/contract/touchpoints',
    'POST',
    JSON.stringify({ id: 'web', name: 'Web', channel: 'website', stage: 'purchase' }),
  );
  for (const source of [
    { id: 'feed', kind: 'json-feed', params: { url: 'https://reviews.example/f.json' } },
    { id: 'upload', kind: 'import' },
    { id: 'hook', kind: 'webhook', params: { secret } },
  ]) {
    expect(
      (await api('/v1/brands/contract/sources', 'POST', JSON.stringify({ touchpointId: 'web', ...source })))
        .status,
    ).toBe(201);
  }
  const run = await api(
    '/v1/brands/contract/sources/upload/import?format=csv',
    'POST',
    'id,text\nr1,Lovely beans',
    'text/csv',
  );
  values.runId = run.body.runId;
  await drainQueue(deps);
  const reviews = await api('/v1/brands/contract/reviews', 'GET');
  values.reviewId = reviews.body.items[0].id;
  values.keyId = (
    await api('/v1/api-keys', 'POST', JSON.stringify({ name: 'spare', scopes: ['read'] }))
  ).body.id;
  await refreshSummary(deps, 'default', 'contract');
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the contract: every documented operation, every answer valid against the document', () => {
  it('calls each operation and validates what it answers', async () => {
    // Prepare
    const operations = Object.entries(doc.paths)
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
      )
      // Creations first, deletions last, the innermost resource before what holds it.
      .sort(
        (a, b) =>
          ORDER.indexOf(a.method) - ORDER.indexOf(b.method) ||
          (a.method === 'DELETE' ? b.path.length - a.path.length : 0),
      );
    const problems: string[] = [];
    const seen: string[] = [];
    // Act
    for (const { path, method, op } of operations) {
      const name = `${method} ${path}`;
      const url = path.replace(/\{([a-zA-Z]+)\}/g, (_, p: string) =>
        encodeURIComponent(
          p === 'sourceId'
            ? (SOURCE_FOR[name] ?? values.sourceId ?? '')
            : p === 'runId' && name === UPLOAD_START
              ? (values.uploadRunId ?? '')
              : p === 'touchpointId'
                ? (TOUCHPOINT_FOR[name] ?? values.touchpointId ?? '')
                : (values[p] ?? p),
        ),
      );
      const body =
        BODIES[name] ??
        (method === 'POST' || method === 'PATCH' ? { type: 'application/json', text: '{}' } : undefined);
      const query = name.endsWith('/import') || name.endsWith('/uploads') ? '?format=csv' : '';
      let answer: Awaited<ReturnType<typeof call>>;
      if (name === 'POST /v1/push/{publicId}/{sourceId}') {
        const text = JSON.stringify({
          items: [{ externalId: 'p1', text: 'Pushed', publishedAt: '2026-10-02T00:00:00Z' }],
        });
        const t = Math.floor(deps.clock.now().getTime() / 1000);
        answer = await call(
          method,
          url,
          { 'content-type': 'application/json', 'x-touchstone-signature': signWebhook(secret, t, text) },
          text,
        );
      } else {
        answer = await api(`${url}${query}`, method, body?.text, body?.type);
      }
      if (name === 'POST /v1/brands/{brandId}/sources/{sourceId}/uploads' && answer.status === 201) {
        // The file goes to the signed URL before its run is started.
        values.uploadRunId = answer.body.run.runId;
        const { url: target, headers } = answer.body.upload;
        const put = await fetch(target, { method: 'PUT', headers, body: 'id,text\nu1,Uploaded beans' });
        expect(put.status).toBeLessThan(300);
      }
      // Reports and webhook subscriptions are named by the ids their creation answers.
      if (name === 'POST /v1/brands/{brandId}/reports' && answer.status === 202)
        values.reportId = answer.body.id;
      if (name === 'POST /v1/brands/{brandId}/webhooks' && answer.status === 201)
        values.webhookId = answer.body.id;
      seen.push(`${name} → ${answer.status}`);
      const documented = op.responses[String(answer.status)];
      if (documented === undefined) {
        problems.push(`${name}: ${answer.status} is not documented (${JSON.stringify(answer.body)})`);
        continue;
      }
      const [type, content] = Object.entries(documented.content ?? {})[0] ?? [];
      if (content === undefined) {
        if (answer.body !== undefined)
          problems.push(`${name}: ${answer.status} has a body it does not document`);
        continue;
      }
      if (!answer.type.startsWith(type ?? '')) problems.push(`${name}: ${answer.type} is not ${type}`);
      const schema = JSON.parse(
        JSON.stringify(content.schema).replaceAll('#/components/schemas/', 'touchstone#/$defs/'),
      );
      const validate = ajv.compile(schema);
      if (!validate(answer.body)) problems.push(`${name}: ${ajv.errorsText(validate.errors)}`);
    }
    // Assess
    expect(problems).toEqual([]);
    expect(seen.length).toBe(operations.length);
    expect(seen.filter((s) => !/ → 2\d\d$/.test(s))).toEqual([]);
  });
});
