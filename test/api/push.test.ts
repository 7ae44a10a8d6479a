import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSentimentEngine } from '#lib/adapters/local/sentiment.ts';
import { makeAnalyzer } from '#lib/app/analyze.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { signWebhook } from '#lib/domain/webhook-signature.ts';
import { serveApi } from '#test/support/api-server.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, aTouchpoint, TENANT } from '#test/support/fixtures.ts';
import { drainQueue } from '#test/support/worker.ts';

let deps: TestDeps;
let api: Awaited<ReturnType<typeof serveApi>>;
const key = generateApiKey();
const secret = 's'.repeat(40);
const json = { 'content-type': 'application/json' };
let pushUrl = '';

const call = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${api.base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...json, ...init.headers },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
};

const sign = (body: string, at = Math.floor(deps.clock.now().getTime() / 1000), with_ = secret) =>
  `t=${at},v1=${signWebhook(with_, at, body)}`;

beforeAll(async () => {
  deps = await makeTestDeps({ analyze: makeAnalyzer(new LocalSentimentEngine()) });
  await registerApiKey(deps.repo, key, {
    tenantId: TENANT,
    scopes: ['read', 'write'],
    name: 'a',
    now: new Date(),
  });
  await deps.repo.createBrand(aBrand({ publicId: 'pub_acme_push' }));
  await deps.repo.putTouchpoint(aTouchpoint({ id: 'support', channel: 'support', stage: 'after-sales' }));
  await deps.repo.putTouchpoint(aTouchpoint({ id: 'shop', channel: 'store', stage: 'purchase' }));
  api = await serveApi(deps);
  for (const source of [
    {
      id: 'survey',
      touchpointId: 'support',
      kind: 'import',
      params: { mapping: { score: { column: 'nps', kind: 'nps' } } },
    },
    { id: 'hook', touchpointId: 'support', kind: 'webhook', params: { secret } },
  ]) {
    const res = await call('/v1/brands/acme/sources', { method: 'POST', body: JSON.stringify(source) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    if (source.kind === 'webhook') pushUrl = res.body.pushUrl;
  }
});
afterAll(() => api.close());

describe('push sources', () => {
  it('never shows a webhook secret back, stores it sealed, and never schedules a push source', async () => {
    const res = await call('/v1/brands/acme/sources/hook');
    expect(res.body.params.secret).toBeUndefined();
    expect(res.body.storedSecrets).toEqual(['secret']);
    expect(JSON.stringify(res.body)).not.toContain(secret);
    const stored = await deps.repo.getSource(TENANT, 'acme', 'hook');
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(await deps.repo.listDueSources(new Date('2100-01-01T00:00:00Z'), 10)).toEqual([]);
  });

  it('gives the webhook source a push URL on the public id, never the tenant or brand slug', () => {
    expect(pushUrl).toBe(`${api.base}/v1/push/pub_acme_push/hook`);
  });

  it('imports a CSV of survey answers as a job: bad rows named and skipped, good rows kept', async () => {
    // Prepare
    const csv = [
      'id,text,nps,publishedAt,touchpoint',
      'a1,Delivery was late and support never answered,2,2026-10-01T10:00:00Z,',
      'a2,,9,2026-10-02T10:00:00Z,',
      'a3,Great coffee and fast shipping,10,2026-10-03T10:00:00Z,shop',
      'a4,Score out of range,11,2026-10-03T10:00:00Z,',
      'a5,"an unclosed quote,4,2026-10-03T10:00:00Z,',
      'a6,Rated in words,five,2026-10-04T10:00:00Z,',
      'a7,Fine,8,2026-10-04T10:00:00Z,',
    ].join('\n');
    // Act
    const queued = await call('/v1/brands/acme/sources/survey/import?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    await drainQueue(deps);
    const run = await call(queued.headers.get('location') ?? '');
    const stored = await deps.repo.listItems(TENANT, 'acme', { limit: 10 });
    // Assess
    expect(queued.status).toBe(202);
    expect(queued.body.outcome).toBe('queued');
    expect(run.body.outcome).toBe('ok');
    expect(run.body.created).toBe(3);
    expect(run.body.rejections.map((r: { row: number }) => r.row)).toEqual([3, 5, 6, 7]);
    expect(stored.items.map((i) => [i.externalId, i.stars, i.touchpointId])).toEqual([
      ['a7', 4, 'support'],
      ['a3', 5, 'shop'],
      ['a1', 2, 'support'],
    ]);
    expect(stored.items.every((i) => i.analysis !== undefined)).toBe(true);
  });

  it('takes a file larger than a request may carry by a short-lived upload URL, then imports it as a job', async () => {
    // Prepare: 6.1 MB, more than any request to the API may carry
    const rows = ['id,text,nps'];
    const answer = 'A long survey answer about delivery, refunds and the coffee itself. '.repeat(60);
    for (let n = 0; n < 1_500; n++) rows.push(`big-${n},"${answer}${n}",9`);
    const csv = rows.join('\n');
    // Act
    const inline = await call('/v1/brands/acme/sources/survey/import?format=csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    const ticket = await call('/v1/brands/acme/sources/survey/uploads?format=csv', { method: 'POST' });
    const tooEarly = await call(`/v1/brands/acme/sources/survey/uploads/${ticket.body.run.runId}/start`, {
      method: 'POST',
    });
    const forged = await fetch(ticket.body.upload.url.replace(/signature=[^&]+/, 'signature=AAAA'), {
      method: 'PUT',
      headers: ticket.body.upload.headers,
      body: 'x',
    });
    const uploaded = await fetch(ticket.body.upload.url, {
      method: 'PUT',
      headers: ticket.body.upload.headers,
      body: csv,
    });
    const started = await call(`/v1/brands/acme/sources/survey/uploads/${ticket.body.run.runId}/start`, {
      method: 'POST',
    });
    await drainQueue(deps);
    const run = await call(`/v1/brands/acme/sources/survey/ingestions/${ticket.body.run.runId}`);
    // Assess
    expect(inline.status).toBe(413);
    expect(ticket.status).toBe(201);
    expect(ticket.body.run.outcome).toBe('awaiting-upload');
    expect(tooEarly.status).toBe(409);
    expect(forged.status).toBe(403);
    expect(uploaded.status).toBe(200);
    expect(started.status).toBe(202);
    expect(run.body).toMatchObject({ outcome: 'ok', created: rows.length - 1, skipped: 0 });
  }, 300_000);

  it('says an import source runs on upload, not on "run now", and records no failure', async () => {
    const res = await call('/v1/brands/acme/sources/survey/run', { method: 'POST' });
    expect(res.status).toBe(409);
    expect((await deps.repo.getSource(TENANT, 'acme', 'survey'))?.health.status).toBe('never-run');
  });

  it('stores a signed push at once, answering each item, and analyses it on the worker', async () => {
    // Prepare
    const body = JSON.stringify({
      items: [
        { externalId: 'w1', text: 'Checkout failed twice', rating: 2, publishedAt: '2026-10-05T10:00:00Z' },
        { externalId: 'w2', text: 'Nine out of five?', rating: 9, publishedAt: '2026-10-05T10:00:00Z' },
        {
          externalId: 'w3',
          text: 'Lovely',
          rating: 5,
          publishedAt: '2026-10-05T10:00:00Z',
          touchpointId: 'shop',
        },
      ],
    });
    // Act
    const res = await fetch(pushUrl, {
      method: 'POST',
      headers: { ...json, 'x-touchstone-signature': sign(body) },
      body,
    });
    const answer = JSON.parse(await res.text());
    const before = await deps.repo.getItem(TENANT, 'acme', answer.items[0].id);
    await drainQueue(deps);
    const after = await deps.repo.getItem(TENANT, 'acme', answer.items[0].id);
    const summary = await call('/v1/brands/acme/summary');
    // Assess
    expect(res.status).toBe(200);
    expect(answer.items.map((i: { status: string }) => i.status)).toEqual(['created', 'rejected', 'created']);
    expect(answer.items[1].errors[0].field).toBe('rating');
    expect(before?.analysis).toBeUndefined();
    expect(after?.analysis?.sentiment.label).toBeDefined();
    expect(summary.body.volume.items).toBeGreaterThanOrEqual(5);
    expect(summary.body.overall.excluded.pending).toBe(0);
  });

  it('gives the same 401 to every refusal: forged, stale, unsigned, unknown source or brand', async () => {
    const body = JSON.stringify({
      items: [{ externalId: 'x', text: 'x', publishedAt: '2026-10-05T10:00:00Z' }],
    });
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    const post = async (url: string, signature?: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...json, ...(signature === undefined ? {} : { 'x-touchstone-signature': signature }) },
        body,
      });
      return { status: res.status, body: await res.text() };
    };
    const answers = [
      await post(pushUrl, sign(body, now, 'x'.repeat(40))),
      await post(pushUrl, sign(body, now - 3600)),
      await post(pushUrl),
      await post(`${api.base}/v1/push/pub_acme_push/nope`, sign(body)),
      await post(`${api.base}/v1/push/pub_nobody/hook`, sign(body)),
      await post(`${api.base}/v1/push/pub_acme_push/survey`, sign(body)),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  });

  it('names the field of a signed but invalid item, and the envelope when there is none', async () => {
    const body = JSON.stringify({ items: [{ externalId: 'w9', publishedAt: 'yesterday' }] });
    const res = await fetch(pushUrl, {
      method: 'POST',
      headers: { ...json, 'x-touchstone-signature': sign(body) },
      body,
    });
    const answer = JSON.parse(await res.text());
    expect(res.status).toBe(200);
    expect(answer.items[0].errors.map((e: { field: string }) => e.field)).toEqual(['text', 'publishedAt']);
    const empty = JSON.stringify({ reviews: [] });
    const bad = await fetch(pushUrl, {
      method: 'POST',
      headers: { ...json, 'x-touchstone-signature': sign(empty) },
      body: empty,
    });
    const problem = JSON.parse(await bad.text());
    expect(bad.status).toBe(400);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body', 'body.items']);
  });
});
