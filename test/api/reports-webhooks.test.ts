import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import { LOCAL_FILES_PATH, LocalBlobLinks } from '#lib/adapters/local/report-links.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { makeBatchObserver, publishEvents } from '#lib/app/events.ts';
import { runReportJob, sweepSchedules } from '#lib/app/reports.ts';
import { deliver } from '#lib/app/webhooks.ts';
import { makeApiHandler } from '#lib/compose/api.ts';
import { webhookHttpClient } from '#lib/compose/webhook.ts';
import type { Item } from '#lib/domain/model.ts';
import { Alert } from '#lib/domain/reports/alert.ts';
import { ReportJob } from '#lib/domain/reports/record.ts';
import { Report } from '#lib/domain/reports/report.ts';
import { DeliveryJob, EventEnvelope, MAX_ATTEMPTS, verifyWebhook } from '#lib/domain/webhooks.ts';
import { serveLocalFile } from '#lib/local/report-files.ts';
import { HttpApiEvent, type HttpApiResult } from '#lib/runtime/lambda/events.ts';
import { type LambdaFn, startHttpServer } from '#lib/runtime/node-http.ts';
import { makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, aTouchpoint } from '#test/support/fixtures.ts';
import { makeItem, sampleHistory, TOUCHPOINTS } from '#test/support/report-fixture.ts';

/**
 * Reports, settings, alerts and webhooks through the real API over loopback
 * HTTP, DynamoDB Local underneath, and a loopback receiver for deliveries.
 * The report files are served as `npm start` serves them: behind signed,
 * expiring links on the same origin.
 */
let deps: TestDeps;
let api: { base: string; close(): Promise<void> };
let receiver: Server;
let receiverUrl = '';
const received: Array<{ path: string; headers: Record<string, string | undefined>; body: string }> = [];
let answer = 204;
const keyA = generateApiKey();
const keyB = generateApiKey();
const reader = generateApiKey();

async function call(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key !== undefined) headers.set('authorization', `Bearer ${init.key}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(`${api.base}${path}`, { ...init, headers });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
}

const bodyOf = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

beforeAll(async () => {
  receiver = createServer(async (request, response) => {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    received.push({ path: request.url ?? '', headers, body: await bodyOf(request) });
    response.writeHead(answer);
    response.end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const address = receiver.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  receiverUrl = `http://127.0.0.1:${port}`;
  deps = await makeTestDeps({}, { allowHosts: [`127.0.0.1:${port}`] });
  deps.clock.current = new Date('2026-11-30T08:00:00Z');
  const now = new Date();
  await registerApiKey(deps.repo, keyA, {
    tenantId: 'tenant-a',
    scopes: ['read', 'write', 'admin'],
    name: 'a',
    now,
  });
  await registerApiKey(deps.repo, keyB, {
    tenantId: 'tenant-b',
    scopes: ['read', 'write', 'admin'],
    name: 'b',
    now,
  });
  await registerApiKey(deps.repo, reader, { tenantId: 'tenant-a', scopes: ['read'], name: 'r', now });
  await deps.repo.createBrand(aBrand({ id: 'acme', tenantId: 'tenant-a' }));
  await deps.repo.createBrand(aBrand({ id: 'rival', tenantId: 'tenant-b', publicId: 'pub-rival' }));
  await deps.repo.putTouchpoints(TOUCHPOINTS);
  await deps.repo.putTouchpoint(aTouchpoint({ tenantId: 'tenant-b', brandId: 'rival' }));
  // Twelve weeks of reviews up to 2026-11-29, stored through the repository (aggregates and all).
  for (const item of sampleHistory('2026-11-29')) {
    await deps.repo.upsertItem({ ...item, id: itemId('tenant-a', 'acme', 'feed', item.externalId) });
  }
  // The API and the report files on one loopback origin, as the local server has them.
  let origin = '';
  deps.reportLinks = new LocalBlobLinks(
    randomBytes(32),
    () => origin,
    () => deps.clock.now().getTime(),
  );
  const apiHandler = makeApiHandler(deps);
  const front: LambdaFn<HttpApiResult> = (event, context) => {
    const parsed = HttpApiEvent.safeParse(event);
    if (parsed.success && parsed.data.rawPath.startsWith(LOCAL_FILES_PATH))
      return serveLocalFile(deps.reportBlobs, deps.reportLinks, {
        method: parsed.data.requestContext.http.method,
        path: parsed.data.rawPath,
        query: new URLSearchParams(parsed.data.rawQueryString),
      });
    return apiHandler(event, context);
  };
  const server = await startHttpServer(front, 0);
  const bound = server.address();
  origin = `http://127.0.0.1:${typeof bound === 'object' && bound !== null ? bound.port : 0}`;
  api = { base: origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}, 180_000);

afterAll(async () => {
  await api?.close();
  await new Promise<void>((r) => receiver?.close(() => r()));
});

describe('reports through the API', () => {
  let reportId = '';

  it('generates a report now as a job, then serves its record, links and JSON', async () => {
    // Act
    const queued = await call('/v1/brands/acme/reports', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ period: 'week', to: '2026-11-29', language: 'pl' }),
    });
    reportId = queued.body.id;
    const [job] = deps.reportJobs.receive(1);
    const ready = await runReportJob(deps, ReportJob.parse(JSON.parse(job?.body ?? '{}')));
    if (job !== undefined) deps.reportJobs.delete(job.messageId);
    const record = await call(`/v1/brands/acme/reports/${reportId}`, { key: reader });
    const json = await call(`/v1/brands/acme/reports/${reportId}?format=json`, { key: reader });
    const listed = await call('/v1/brands/acme/reports', { key: reader });
    // Assess
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({
      status: 'queued',
      period: { from: '2026-11-23', to: '2026-11-29', days: 7 },
    });
    expect(ready?.status).toBe('ready');
    expect(record.body.status).toBe('ready');
    expect(record.body.links.html.startsWith(`${api.base}/files/reports/tenant-a/acme/${reportId}/`)).toBe(
      true,
    );
    expect(record.body.links.html).toMatch(/\/report\.html\?expires=\d+&signature=[0-9a-f]{64}$/);
    expect(record.body.files).toBeUndefined();
    const report = Report.parse(json.body);
    expect(report.language).toBe('pl');
    expect(report.touchpoints.map((t) => t.touchpointId).sort()).toEqual([
      'delivery',
      'news',
      'reviews',
      'web',
    ]);
    expect(report.consistency.touchpoints[0]?.touchpointId).toBe('delivery');
    expect(listed.body.items[0].id).toBe(reportId);
    const html = await deps.reportBlobs.get(`reports/tenant-a/acme/${reportId}/report.html`);
    expect(html).toContain('Raport reputacji');
  });

  it('serves the HTML and CSV behind their signed links, and nothing with a link altered or expired', async () => {
    // Prepare
    const record = await call(`/v1/brands/acme/reports/${reportId}`, { key: reader });
    const { html: htmlLink, csv: csvLink } = record.body.links as { html: string; csv: string };
    // Act
    const html = await fetch(htmlLink);
    const htmlText = await html.text();
    const csv = await fetch(csvLink);
    const csvBytes = Buffer.from(await csv.arrayBuffer());
    const csvText = csvBytes.toString('utf8');
    const altered = await fetch(
      htmlLink.replace(/signature=./, (m) => (m.endsWith('0') ? 'signature=1' : 'signature=0')),
    );
    const otherFile = await fetch(htmlLink.replace('report.html', 'report.csv'));
    deps.clock.advance(8 * 24 * 3_600_000);
    const expired = await fetch(htmlLink);
    deps.clock.advance(-8 * 24 * 3_600_000);
    // Assess: a self-contained page no script can run in, in the language asked for.
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(htmlText).toContain('Acme Coffee');
    expect(htmlText).toContain('Raport reputacji');
    expect((htmlText.match(/<svg /g) ?? []).length).toBe(4);
    expect(htmlText).not.toMatch(/<script/i);
    expect(htmlText).toContain('&lt;script&gt;alert(1)&lt;&#x2F;script&gt;');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="report.csv"');
    // A BOM first, so spreadsheets read Polish and Greek right.
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvText.slice(1).split('\r\n')[0] ?? csvText.slice(1).split('\n')[0]).toBe(
      'section,touchpoint_id,touchpoint,key,value,previous,change,text',
    );
    expect(csvText).toContain(',delivery,');
    expect(altered.status).toBe(403);
    expect(otherFile.status).toBe(403);
    expect(expired.status).toBe(403);
  });

  it('refuses bad periods with problem+json naming the field', async () => {
    const future = await call('/v1/brands/acme/reports', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ to: '2027-01-01' }),
    });
    const custom = await call('/v1/brands/acme/reports', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ period: 'custom', from: '2024-01-01', to: '2026-11-01' }),
    });
    const language = await call('/v1/brands/acme/reports', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ language: 'xx' }),
    });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('body.to');
    expect(custom.body.errors[0].field).toBe('body.from');
    expect(language.body.errors[0].field).toBe('body.language');
    expect(language.type).toBe('application/problem+json');
  });

  it('keeps another tenant out: its reports, settings, alerts and webhooks answer 404 as if absent', async () => {
    const paths = [
      `/v1/brands/acme/reports/${reportId}`,
      '/v1/brands/acme/reports',
      '/v1/brands/acme/report-settings',
      '/v1/brands/acme/alerts',
      '/v1/brands/acme/webhooks',
    ];
    for (const path of paths) {
      const res = await call(path, { key: keyB });
      expect(res.status, path).toBe(404);
    }
    const missing = await call('/v1/brands/rival/reports/nope', { key: keyB });
    expect(missing.status).toBe(404);
  });

  it('sets a weekly schedule in the brand time zone; the sweep queues its report and the job e-mails it', async () => {
    // Act
    const put = await call('/v1/brands/acme/report-settings', {
      method: 'PUT',
      key: keyA,
      body: JSON.stringify({
        schedule: { weekday: 1, hour: 8, timeZone: 'Europe/Warsaw', recipients: ['cmo@acme.example'] },
      }),
    });
    const bad = await call('/v1/brands/acme/report-settings', {
      method: 'PUT',
      key: keyA,
      body: JSON.stringify({
        schedule: { timeZone: 'Mars/Olympus', recipients: ['x@y.example\r\nBcc: z@z'] },
      }),
    });
    deps.clock.current = new Date('2026-12-07T07:00:01Z');
    const swept = await sweepSchedules(deps);
    const [job] = deps.reportJobs.receive(1);
    const ready = await runReportJob(deps, ReportJob.parse(JSON.parse(job?.body ?? '{}')));
    const again = await sweepSchedules(deps);
    // Assess: Monday 08:00 in Warsaw is 07:00 UTC in winter.
    expect(put.status).toBe(200);
    expect(put.body.nextRunAt).toBe('2026-12-07T07:00:00.000Z');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.schedule.recipients.0',
      'body.schedule.timeZone',
    ]);
    expect(swept.queued).toBe(1);
    expect(ready?.trigger).toBe('schedule');
    expect(ready?.period).toEqual({ from: '2026-11-30', to: '2026-12-06', days: 7 });
    expect(ready?.emailedTo).toEqual(['cmo@acme.example']);
    expect(deps.mailer.written).toHaveLength(1);
    expect(again.queued).toBe(0);
  });
});

const webhookDeps = () => ({ ...deps, http: webhookHttpClient(deps.settings.fetchAllowHosts) });

describe('outbound webhooks', () => {
  let secret = '';
  let webhookId = '';

  it('vets the URL at creation with the sources SSRF policy and asks for https', async () => {
    const metadata = await call('/v1/brands/acme/webhooks', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ url: 'http://169.254.169.254/latest', events: ['alert.raised'] }),
    });
    const plain = await call('/v1/brands/acme/webhooks', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ url: 'http://hooks.example.com/x', events: ['alert.raised'] }),
    });
    const slack = await call('/v1/brands/acme/webhooks', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({
        url: 'https://hooks.slack.com/services/x',
        events: ['review.created'],
        format: 'slack',
      }),
    });
    const readOnly = await call('/v1/brands/acme/webhooks', {
      method: 'POST',
      key: reader,
      body: JSON.stringify({ url: `${receiverUrl}/hook`, events: ['alert.raised'] }),
    });
    expect(metadata.status).toBe(400);
    expect(metadata.body.errors[0].field).toBe('body.url');
    expect(plain.body.errors[0]).toEqual({ field: 'body.url', message: 'must be an https URL' });
    expect(slack.body.errors[0].field).toBe('body.events');
    expect(readOnly.status).toBe(403);
  });

  it('creates a subscription (secret shown once, sealed at rest) and delivers signed events', async () => {
    // Act
    const created = await call('/v1/brands/acme/webhooks', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ url: `${receiverUrl}/hook`, events: ['alert.raised', 'trustscore.changed'] }),
    });
    secret = created.body.secret;
    webhookId = created.body.id;
    const listed = await call('/v1/brands/acme/webhooks', { key: reader });
    const stored = await deps.reports.getWebhook('tenant-a', 'acme', webhookId);
    const brand = await deps.repo.getBrand('tenant-a', 'acme');
    if (brand === undefined) throw new Error('no brand');
    const queued = await publishEvents(deps, brand, [
      { type: 'trustscore.changed', data: { previous: 4.1, current: 3.8, reviewCount: 120 } },
      {
        type: 'review.created',
        data: {
          id: 'x',
          touchpointId: 'web',
          sourceId: 'f',
          kind: 'review',
          stars: 5,
          text: 't',
          publishedAt: 'p',
          sentiment: null,
          authenticity: null,
          painPoints: [],
        },
      },
    ]);
    const [job] = deps.webhookJobs.receive(1);
    const status = await deliver(webhookDeps(), DeliveryJob.parse(JSON.parse(job?.body ?? '{}')));
    if (job !== undefined) deps.webhookJobs.delete(job.messageId);
    const delivery = received.at(-1);
    const log = await call(`/v1/brands/acme/webhooks/${webhookId}/deliveries`, { key: reader });
    // Assess
    expect(created.status).toBe(201);
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(stored?.sealedSecret).not.toContain(secret);
    expect(queued).toBe(1);
    expect(status).toBe('delivered');
    expect(delivery?.headers['x-touchstone-event']).toBe('trustscore.changed');
    expect(verifyWebhook(secret, delivery?.headers ?? {}, delivery?.body ?? '', deps.clock.now())).toEqual({
      ok: true,
      timestamp: Math.floor(deps.clock.now().getTime() / 1000),
    });
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
      type: 'trustscore.changed',
      brandId: 'acme',
      data: { current: 3.8 },
    });
    expect(log.body.items[0]).toMatchObject({ status: 'delivered', httpStatus: 204, attempt: 1 });
  });

  it('retries a failing subscriber with growing delays, then dead-letters the job after the last try', async () => {
    // Prepare
    answer = 503;
    const brand = await deps.repo.getBrand('tenant-a', 'acme');
    if (brand === undefined) throw new Error('no brand');
    await publishEvents(deps, brand, [
      { type: 'trustscore.changed', data: { previous: 3.8, current: 3.5, reviewCount: 120 } },
    ]);
    const statuses: string[] = [];
    const delays: number[] = [];
    // Act: each retry only becomes visible once its delay has passed.
    for (let tries = 0; tries < MAX_ATTEMPTS; tries++) {
      let [job] = deps.webhookJobs.receive(1);
      const before = deps.clock.now().getTime();
      while (job === undefined) {
        deps.clock.advance(1000);
        [job] = deps.webhookJobs.receive(1);
      }
      delays.push(Math.round((deps.clock.now().getTime() - before) / 1000));
      statuses.push(await deliver(webhookDeps(), DeliveryJob.parse(JSON.parse(job.body))));
      deps.webhookJobs.delete(job.messageId);
    }
    const log = await call(`/v1/brands/acme/webhooks/${webhookId}/deliveries?limit=10`, { key: reader });
    answer = 204;
    // Assess
    expect(statuses).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'retrying', 'dead']);
    expect(delays[0]).toBe(0);
    expect(delays.slice(1, 4).every((d, k) => d > (delays[k] ?? 0))).toBe(true);
    expect(deps.webhookDeadLetters.depth).toBe(1);
    expect(deps.webhookJobs.depth).toBe(0);
    expect(log.body.items[0]).toMatchObject({ status: 'dead', httpStatus: 503, attempt: MAX_ATTEMPTS });
  });

  it('vets the URL again at every delivery: a host no longer allowed is refused, not called', async () => {
    // Prepare: the operator drops the loopback host from the allow-list after the subscription was made.
    const brand = await deps.repo.getBrand('tenant-a', 'acme');
    if (brand === undefined) throw new Error('no brand');
    await publishEvents(deps, brand, [
      { type: 'trustscore.changed', data: { previous: 3.5, current: 3.6, reviewCount: 121 } },
    ]);
    deps.clock.advance(1000);
    const [job] = deps.webhookJobs.receive(1);
    const calls = received.length;
    // Act
    const status = await deliver(
      { ...deps, settings: { fetchAllowHosts: [] }, http: webhookHttpClient([]) },
      DeliveryJob.parse(JSON.parse(job?.body ?? '{}')),
    );
    const log = await call(`/v1/brands/acme/webhooks/${webhookId}/deliveries?limit=1`, { key: reader });
    // Assess
    expect(status).toBe('retrying');
    expect(received.length).toBe(calls);
    expect(log.body.items[0].error).toMatch(/^Refused to fetch .*(not allowed|private|loopback)/i);
  });

  it('sends Slack-shaped alerts to a Slack subscription, with text escaped', async () => {
    const created = await call('/v1/brands/acme/webhooks', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ url: `${receiverUrl}/slack`, events: ['alert.raised'], format: 'slack' }),
    });
    const brand = await deps.repo.getBrand('tenant-a', 'acme');
    if (brand === undefined) throw new Error('no brand');
    for (const m of deps.webhookJobs.receive(100)) deps.webhookJobs.delete(m.messageId);
    await publishEvents(deps, brand, [
      {
        type: 'alert.raised',
        data: {
          id: 'a1',
          brandId: 'acme',
          rule: 'negative-spike',
          severity: 'warning',
          raisedAt: deps.clock.now().toISOString(),
          episode: 'e',
          summary: '9 of 20 items negative <@channel> & more',
          figures: {},
          reviewIds: [],
          details: [],
        },
      },
    ]);
    for (const m of deps.webhookJobs.receive(10))
      await deliver(webhookDeps(), DeliveryJob.parse(JSON.parse(m.body)));
    const slack = received.filter((r) => r.path === '/slack').at(-1);
    const payload = JSON.parse(slack?.body ?? '{}');
    expect(created.status).toBe(201);
    expect(payload.text).toBe('Acme Coffee: negative spike');
    expect(payload.blocks[0].text.text).toContain('&lt;@channel&gt; &amp; more');
  });

  it('deletes a subscription; its pending deliveries are dropped', async () => {
    const brand = await deps.repo.getBrand('tenant-a', 'acme');
    if (brand === undefined) throw new Error('no brand');
    for (const m of deps.webhookJobs.receive(100)) deps.webhookJobs.delete(m.messageId);
    await publishEvents(deps, brand, [
      { type: 'trustscore.changed', data: { previous: 3.6, current: 3.7, reviewCount: 122 } },
    ]);
    const removed = await call(`/v1/brands/acme/webhooks/${webhookId}`, { method: 'DELETE', key: keyA });
    const [job] = deps.webhookJobs.receive(1);
    const status = await deliver(webhookDeps(), DeliveryJob.parse(JSON.parse(job?.body ?? '{}')));
    const gone = await call(`/v1/brands/acme/webhooks/${webhookId}`, { key: reader });
    expect(removed.status).toBe(204);
    expect(status).toBe('dropped');
    expect(gone.status).toBe(404);
  });
});

describe('alerts through the API', () => {
  it('lists alerts newest first and bounds them by time', async () => {
    const alert = (id: string, raisedAt: string) => ({
      id,
      brandId: 'acme',
      rule: 'negative-spike' as const,
      severity: 'warning' as const,
      raisedAt,
      episode: id,
      summary: 's',
      figures: {},
      reviewIds: [],
      details: [],
    });
    const state = await deps.reports.getAlertState('tenant-a', 'acme');
    await deps.reports.commitAlerts('tenant-a', 'acme', state.version, state, [
      alert('20261101T000000000Z-aaaa', '2026-11-01T00:00:00.000Z'),
      alert('20261115T000000000Z-bbbb', '2026-11-15T00:00:00.000Z'),
    ]);
    const all = await call('/v1/brands/acme/alerts', { key: reader });
    const late = await call('/v1/brands/acme/alerts?from=2026-11-10T00:00:00Z', { key: reader });
    const wrong = await call('/v1/brands/acme/alerts?from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z', {
      key: reader,
    });
    const stale = await deps.reports.commitAlerts('tenant-a', 'acme', state.version, state, []);
    expect(all.body.items.map((a: { id: string }) => a.id)).toEqual([
      '20261115T000000000Z-bbbb',
      '20261101T000000000Z-aaaa',
    ]);
    expect(late.body.items).toHaveLength(1);
    expect(wrong.body.errors[0].field).toBe('query.from');
    expect(stale).toBe(false);
  });
});

describe('an alert rule after an ingest batch', () => {
  it('raises a negative spike once, lists it with its evidence, and delivers it signed as alert.raised', async () => {
    // Prepare: a brand with a quiet week (a quarter of its items negative), then a bad morning.
    deps.clock.current = new Date('2026-12-10T12:00:00Z');
    await deps.repo.createBrand(aBrand({ id: 'spiky', tenantId: 'tenant-a', publicId: 'pub-spiky' }));
    await deps.repo.putTouchpoint(aTouchpoint({ tenantId: 'tenant-a', brandId: 'spiky', id: 'web' }));
    const now = deps.clock.now().getTime();
    const stored: Item[] = [];
    for (let d = 1; d <= 7; d++) {
      for (let k = 0; k < 4; k++) {
        stored.push(
          makeItem({
            touchpointId: 'web',
            publishedAt: new Date(now - d * 86_400_000 - k * 3_600_000).toISOString(),
            stars: k === 0 ? 1 : 5,
          }),
        );
      }
    }
    const morning = Array.from({ length: 12 }, (_, k) =>
      makeItem({
        touchpointId: 'web',
        publishedAt: new Date(now - (k + 1) * 20 * 60_000).toISOString(),
        stars: k < 10 ? 1 : 5,
        text: k < 10 ? 'Refund still missing after three weeks <b>again</b>' : 'Fine',
      }),
    );
    const toStored = (item: Item): Item => ({
      ...item,
      tenantId: 'tenant-a',
      brandId: 'spiky',
      id: itemId('tenant-a', 'spiky', 'feed', item.externalId),
    });
    for (const item of stored) await deps.repo.upsertItem(toStored(item));
    const batch = morning.map(toStored);
    for (const item of batch) await deps.repo.upsertItem(item);
    const hook = await call('/v1/brands/spiky/webhooks', {
      method: 'POST',
      key: keyA,
      body: JSON.stringify({ url: `${receiverUrl}/spiky`, events: ['alert.raised'] }),
    });
    for (const m of deps.webhookJobs.receive(100)) deps.webhookJobs.delete(m.messageId);
    const observer = makeBatchObserver(deps);
    const empty = { tenantId: 'tenant-a', brandId: 'spiky', firstAnalysed: [], rejudged: [] };
    // Act: the worker's observer after the batch, then again after a batch with nothing new.
    await observer.afterBatch({ ...empty, created: batch });
    await observer.afterBatch({ ...empty, created: [] });
    const jobs = deps.webhookJobs.receive(10);
    for (const job of jobs) {
      await deliver(webhookDeps(), DeliveryJob.parse(JSON.parse(job.body)));
      deps.webhookJobs.delete(job.messageId);
    }
    const listed = await call('/v1/brands/spiky/alerts', { key: reader });
    const hit = received.filter((r) => r.path === '/spiky').at(-1);
    // Assess
    expect(hook.status).toBe(201);
    const alerts = (listed.body.items as unknown[]).map((a) => Alert.parse(a));
    expect(alerts.map((a) => a.rule)).toEqual(['negative-spike']);
    expect(alerts[0]?.figures).toMatchObject({ negative: 10, items: 12, baselineRate: 0.25, sigmas: 3 });
    expect(alerts[0]?.summary).toContain('10 of 12 items in the last 24 hours were negative');
    expect(jobs).toHaveLength(1);
    expect(verifyWebhook(hook.body.secret, hit?.headers ?? {}, hit?.body ?? '', deps.clock.now()).ok).toBe(
      true,
    );
    const event = EventEnvelope.parse(JSON.parse(hit?.body ?? '{}'));
    expect(event.type).toBe('alert.raised');
    expect(event.type === 'alert.raised' ? event.data.id : '').toBe(alerts[0]?.id);
  });
});
