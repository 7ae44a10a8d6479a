import { beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import type { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { computeSummary } from '#lib/app/summary.ts';
import { ConflictError, ValidationError } from '#lib/domain/errors.ts';
import { timeOrderedId } from '#lib/domain/ids.ts';
import type { Analysis } from '#lib/domain/model.ts';
import { freshTable } from '#test/support/deps.ts';
import { aBrand, anItem, aSource, aTouchpoint, T0, TENANT } from '#test/support/fixtures.ts';

let repo: DynamoRepository;
let doc: Awaited<ReturnType<typeof freshTable>>['doc'];
let tableName: string;

beforeAll(async () => {
  ({ repo, doc, tableName } = await freshTable('repo'));
});

const day = (d: number) => `2026-10-${String(d).padStart(2, '0')}T10:00:00.000Z`;
const judged = (verdict: Analysis['authenticity']['verdict']): Analysis => ({
  language: 'en',
  sentiment: { label: 'positive', score: 0.5 },
  authenticity: { score: verdict === 'genuine' ? 90 : 20, verdict, signals: [] },
  painPoints: [],
  analyzedAt: T0,
});

describe('DynamoRepository against DynamoDB Local', () => {
  it("lists only the asking tenant's brands, in cursor pages", async () => {
    // Prepare
    await repo.createBrand(aBrand({ id: 'a1', tenantId: 't-one', publicId: 'p-a1' }));
    await repo.createBrand(aBrand({ id: 'a2', tenantId: 't-one', publicId: 'p-a2' }));
    await repo.createBrand(aBrand({ id: 'b1', tenantId: 't-two', publicId: 'p-b1' }));
    // Act
    const one = await repo.listBrands('t-one', { limit: 10 });
    const page1 = await repo.listBrands('t-one', { limit: 1 });
    const page2 = await repo.listBrands('t-one', {
      limit: 1,
      ...(page1.cursor ? { cursor: page1.cursor } : {}),
    });
    // Assess
    expect(one.items.map((b) => b.id)).toEqual(['a1', 'a2']);
    expect([...page1.items, ...page2.items].map((b) => b.id)).toEqual(['a1', 'a2']);
    expect(await repo.getBrand('t-one', 'b1')).toBeUndefined();
    expect(await repo.resolvePublicId('p-b1')).toEqual({ tenantId: 't-two', brandId: 'b1' });
  });

  it('refuses a cursor of one tenant used for another', async () => {
    await repo.createBrand(aBrand({ id: 'c1', tenantId: 't-c', publicId: 'p-c1' }));
    await repo.createBrand(aBrand({ id: 'c2', tenantId: 't-c', publicId: 'p-c2' }));
    const page = await repo.listBrands('t-c', { limit: 1 });
    await expect(repo.listBrands('t-one', { limit: 1, cursor: page.cursor ?? '' })).rejects.toThrow(
      ValidationError,
    );
  });

  it('lets two tenants own the same brand id, and refuses it twice in one tenant', async () => {
    await repo.createBrand(aBrand({ id: 'shared', tenantId: 't-x', publicId: 'p-sx' }));
    await repo.createBrand(aBrand({ id: 'shared', tenantId: 't-y', publicId: 'p-sy' }));
    await expect(
      repo.createBrand(aBrand({ id: 'shared', tenantId: 't-x', publicId: 'p-sx2' })),
    ).rejects.toThrow(ConflictError);
    // The failed create left no public id behind.
    expect(await repo.resolvePublicId('p-sx2')).toBeUndefined();
  });

  it('keeps touchpoints written in a batch', async () => {
    const tps = Array.from({ length: 30 }, (_, i) => aTouchpoint({ brandId: 'many', id: `tp-${i}` }));
    await repo.putTouchpoints(tps);
    expect((await repo.listTouchpoints(TENANT, 'many')).length).toBe(30);
  });

  it('finds due sources across shards, and leases each only once', async () => {
    // Prepare
    for (let i = 0; i < 12; i++) {
      await repo.putSource(aSource({ brandId: 'due', id: `s-${i}`, nextRunAt: i < 10 ? day(1) : day(30) }));
    }
    await repo.putSource(aSource({ brandId: 'due', id: 'off', enabled: false, nextRunAt: day(1) }));
    // Act
    const due = (await repo.listDueSources(new Date(day(2)), 100)).flatMap((s) =>
      'corrupt' in s ? [] : [s],
    );
    const target = due.find((s) => s.brandId === 'due') ?? aSource();
    const first = await repo.leaseSource(target, new Date(day(3)));
    const second = await repo.leaseSource(target, new Date(day(3)));
    const dueAfter = (await repo.listDueSources(new Date(day(2)), 100)).filter(
      (s) => !('corrupt' in s) && s.brandId === 'due',
    );
    // Assess
    expect(
      due
        .filter((s) => s.brandId === 'due')
        .map((s) => s.id)
        .sort(),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `s-${i}`).sort());
    expect(first).toBe(true);
    expect(second).toBe(false);
    expect(dueAfter).toHaveLength(9);
  });

  it('names a corrupt due source instead of failing the whole listing, and quarantines it', async () => {
    // Prepare: a healthy due source and one whose stored cursor outgrew the schema
    await repo.putSource(aSource({ brandId: 'poison', id: 'good', nextRunAt: day(1) }));
    await repo.putSource(aSource({ brandId: 'poison', id: 'bad', nextRunAt: day(1) }));
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `T#${TENANT}#B#poison`, sk: 'SRC#bad' },
        UpdateExpression: 'SET #c = :c',
        ExpressionAttributeNames: { '#c': 'cursor' },
        ExpressionAttributeValues: { ':c': 'x'.repeat(5000) },
      }),
    );
    // Act
    const due = (await repo.listDueSources(new Date(day(2)), 100)).filter(
      (s) => ('corrupt' in s ? s.corrupt.brandId : s.brandId) === 'poison',
    );
    const corrupt = due.find((s) => 'corrupt' in s);
    if (corrupt === undefined || !('corrupt' in corrupt)) throw new Error('the corrupt source was not named');
    await repo.quarantineSource(corrupt.corrupt, corrupt.reason, new Date(day(2)));
    const after = await repo.getSource(TENANT, 'poison', 'bad');
    // Assess
    expect(due).toHaveLength(2);
    expect(corrupt.corrupt).toEqual({ tenantId: TENANT, brandId: 'poison', sourceId: 'bad' });
    expect(after?.health.status).toBe('quarantined');
    expect(after?.cursor).toBeUndefined();
    expect(after?.health.lastError?.message).toMatch(/cursor/);
    const stillDue = await repo.listDueSources(new Date(day(2)), 100);
    expect(stillDue.some((s) => !('corrupt' in s) && s.brandId === 'poison' && s.id === 'bad')).toBe(false);
  });

  it('records a run outcome on the source, moves it in the due index, and drops an over-long cursor', async () => {
    await repo.putSource(aSource({ brandId: 'run', id: 'x', nextRunAt: day(1) }));
    await repo.updateSourceAfterRun(aSource({ brandId: 'run', id: 'x' }), {
      nextRunAt: day(20),
      cursor: 'c-1',
      health: { status: 'ok', consecutiveFailures: 0, lastRunAt: day(1) },
    });
    expect((await repo.getSource(TENANT, 'run', 'x'))?.cursor).toBe('c-1');
    await repo.updateSourceAfterRun(aSource({ brandId: 'run', id: 'x' }), {
      nextRunAt: day(20),
      cursor: 'y'.repeat(5000),
      health: { status: 'ok', consecutiveFailures: 0, lastRunAt: day(1) },
    });
    const source = await repo.getSource(TENANT, 'run', 'x');
    expect(source?.cursor).toBeUndefined();
    expect(source?.health.status).toBe('ok');
    const due = await repo.listDueSources(new Date(day(2)), 100);
    expect(due.some((s) => !('corrupt' in s) && s.brandId === 'run')).toBe(false);
  });

  it('upserts an item once, however often it is redelivered, and counts it once', async () => {
    // Prepare
    const item = anItem({ brandId: 'idem', id: itemId(TENANT, 'idem', 'feed', 'r-1'), stars: 5, rating: 5 });
    // Act
    const outcomes = [await repo.upsertItem(item), await repo.upsertItem(item), await repo.upsertItem(item)];
    const days = await repo.listDailyCounts(TENANT, 'idem', 'web', '2026-11-01', '2026-11-01');
    const hours = await repo.listHourlyCounts(TENANT, 'idem', '2026-11-01T00', '2026-11-01T23');
    // Assess
    expect(outcomes).toEqual(['created', 'unchanged', 'unchanged']);
    expect(days).toHaveLength(1);
    expect(days[0]?.items).toBe(1);
    expect(days[0]?.reviews[4]?.pending).toBe(1);
    expect(hours.map((h) => [h.hour, h.items])).toEqual([['2026-11-01T12', 1]]);
  });

  it('counts an item once even when two writers race to create it', async () => {
    const item = anItem({ brandId: 'race', id: 'race-1', stars: 3, rating: 3 });
    const outcomes = await Promise.all([repo.upsertItem(item), repo.upsertItem(item), repo.upsertItem(item)]);
    const [counts] = await repo.listDailyCounts(TENANT, 'race', 'web', '2026-11-01', '2026-11-01');
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(counts?.items).toBe(1);
    expect(counts?.reviews[2]?.pending).toBe(1);
  });

  it('updates an edited review in place, keeps the previous version, and moves its star', async () => {
    // Prepare
    const original = anItem({
      brandId: 'edit',
      id: 'e-1',
      stars: 2,
      rating: 2,
      text: 'Meh.',
      contentHash: 'h1',
    });
    await repo.upsertItem(original);
    // Act
    const outcome = await repo.upsertItem({
      ...original,
      stars: 5,
      rating: 5,
      text: 'Great now!',
      contentHash: 'h2',
    });
    const stored = await repo.getItem(TENANT, 'edit', 'e-1');
    const [counts] = await repo.listDailyCounts(TENANT, 'edit', 'web', '2026-11-01', '2026-11-01');
    // Assess
    expect(outcome).toBe('updated');
    expect(stored?.text).toBe('Great now!');
    expect(stored?.rev).toBe(1);
    expect(stored?.edits).toEqual([{ at: T0, contentHash: 'h1', text: 'Meh.', rating: 2 }]);
    expect(counts?.items).toBe(1);
    expect(counts?.reviews.map((byClass) => byClass.pending)).toEqual([0, 0, 0, 0, 1]);
  });

  it('keeps an item edited many times with long texts under the item size limit', async () => {
    const base = anItem({ brandId: 'big', id: 'big-1', contentHash: 'h0', text: 'é'.repeat(50_000) });
    await repo.upsertItem(base);
    for (let k = 1; k <= 4; k++) {
      await repo.upsertItem({ ...base, contentHash: `h${k}`, text: `${k}${'ж'.repeat(49_999)}` });
    }
    const stored = await repo.getItem(TENANT, 'big', 'big-1');
    expect(stored?.contentHash).toBe('h4');
    // Each earlier version is about 100 kB: only the newest fits the 128 KiB budget.
    expect(stored?.edits.map((e) => e.contentHash)).toEqual(['h3']);
  });

  it('moves an item between weight classes exactly once when its analysis is applied', async () => {
    // Prepare: a pushed item, not analysed yet
    const item = anItem({ brandId: 'judge', id: 'j-1', stars: 5, rating: 5 });
    await repo.upsertItem(item);
    const stored = await repo.getItem(TENANT, 'judge', 'j-1');
    if (stored === undefined) throw new Error('not stored');
    // Act: the analysis applied twice (a redelivered message), and a stale re-judgement
    const first = await repo.applyAnalysis(stored, judged('likely-fake'));
    const again = await repo.applyAnalysis(stored, judged('likely-fake'));
    const [counts] = await repo.listDailyCounts(TENANT, 'judge', 'web', '2026-11-01', '2026-11-01');
    // Assess
    expect([first, again]).toEqual([true, false]);
    expect(counts?.reviews[4]).toMatchObject({ pending: 0, 'likely-fake': 1 });
    expect(counts?.classes['likely-fake']).toBe(1);
    expect(counts?.sentiment.positive).toBe(1);
  });

  it("lists a brand's items newest first with cursor pages, and filters by touchpoint and window", async () => {
    // Prepare
    for (let d = 1; d <= 7; d++) {
      await repo.upsertItem(
        anItem({
          brandId: 'list',
          id: `l-${d}`,
          externalId: `x-${d}`,
          touchpointId: d % 2 === 0 ? 'app' : 'web',
          publishedAt: day(d),
          contentHash: `h${d}`,
        }),
      );
    }
    // Act
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await repo.listItems(TENANT, 'list', {
        limit: 3,
        ...(cursor === undefined ? {} : { cursor }),
      });
      pages.push(page.items.map((i) => i.id));
      cursor = page.cursor;
    } while (cursor !== undefined);
    const app = await repo.listItems(TENANT, 'list', { limit: 10, touchpointId: 'app' });
    const window = await repo.listItems(TENANT, 'list', {
      limit: 10,
      touchpointId: 'web',
      from: new Date(day(2)),
      to: new Date(day(5)),
    });
    const first = await repo.listItems(TENANT, 'list', { limit: 1, from: new Date(day(3)) });
    // Assess
    expect(pages.flat()).toEqual(['l-7', 'l-6', 'l-5', 'l-4', 'l-3', 'l-2', 'l-1']);
    expect(pages[0]).toHaveLength(3);
    expect(app.items.map((i) => i.id)).toEqual(['l-6', 'l-4', 'l-2']);
    expect(window.items.map((i) => i.id)).toEqual(['l-5', 'l-3']);
    // A cursor is bound to its window: reused with another one it is a 400, not a 500.
    await expect(
      repo.listItems(TENANT, 'list', { limit: 1, from: new Date(day(4)), cursor: first.cursor ?? '' }),
    ).rejects.toThrow(ValidationError);
  });

  it("returns an author's history across tenants only for platform-issued ids", async () => {
    const author = { id: 'sock', name: 'S' };
    await repo.upsertItem(
      anItem({
        tenantId: 'ta',
        brandId: 'h1',
        id: 'a',
        author,
        sourceKind: 'trustpilot',
        authorScope: 'platform',
      }),
    );
    await repo.upsertItem(
      anItem({
        tenantId: 'tb',
        brandId: 'h2',
        id: 'b',
        author,
        sourceKind: 'trustpilot',
        authorScope: 'platform',
      }),
    );
    await repo.upsertItem(
      anItem({
        tenantId: 'tc',
        brandId: 'h3',
        id: 'c',
        author,
        sourceKind: 'trustpilot',
        authorScope: 'tenant',
      }),
    );
    const platform = await repo.listAuthorItems({ platform: true }, 'trustpilot', 'sock', 10);
    const own = await repo.listAuthorItems({ tenantId: 'tc' }, 'trustpilot', 'sock', 10);
    expect(platform.map((i) => i.brandId).sort()).toEqual(['h1', 'h2']);
    expect(own.map((i) => i.brandId)).toEqual(['h3']);
  });

  it("finds an API key by its hash and lists a tenant's keys; keeps runs newest first", async () => {
    const hash = 'a'.repeat(64);
    await repo.putApiKey({
      hash,
      id: 'key_a',
      prefix: 'tsk_abcd',
      tenantId: 't',
      scopes: ['read'],
      name: 'k',
      createdAt: T0,
    });
    expect((await repo.getApiKeyByHash(hash))?.tenantId).toBe('t');
    expect(await repo.getApiKeyByHash('b'.repeat(64))).toBeUndefined();
    expect((await repo.listApiKeys('t', { limit: 10 })).items.map((k) => k.id)).toEqual(['key_a']);
    const run = {
      tenantId: TENANT,
      brandId: 'r',
      sourceId: 's',
      kind: 'pull' as const,
      outcome: 'ok' as const,
      fetched: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      rejections: [],
    };
    const one = timeOrderedId(new Date(day(1)));
    const two = timeOrderedId(new Date(day(2)));
    await repo.putRun({ ...run, runId: one, startedAt: day(1) });
    await repo.putRun({ ...run, runId: two, startedAt: day(2) });
    expect((await repo.listRuns(TENANT, 'r', 's', 10)).map((r) => r.runId)).toEqual([two, one]);
    expect((await repo.getRun(TENANT, 'r', 's', one))?.startedAt).toBe(day(1));
  });

  it('keeps a summary due until a recompute that saw every mark stores it', async () => {
    // Prepare
    const summary = computeSummary(aBrand({ id: 'sum', publicId: 'p-sum' }), [], new Date(day(1)));
    await repo.markSummaryDue(TENANT, 'sum', new Date(day(1)));
    const seen = await repo.getSummaryState(TENANT, 'sum');
    await repo.markSummaryDue(TENANT, 'sum', new Date(day(1))); // a writer marks while we compute
    // Act: our recompute, computed from the version before the second mark
    await repo.putSummary(summary, undefined, seen.version, new Date(day(20)));
    const stillDue = await repo.listDueSummaries(new Date(day(2)), 10);
    const latest = await repo.getSummaryState(TENANT, 'sum');
    await repo.putSummary(summary, undefined, latest.version, new Date(day(20)));
    const done = await repo.listDueSummaries(new Date(day(2)), 10);
    // Assess
    expect(stillDue.map((s) => s.brandId)).toContain('sum');
    expect(done.map((s) => s.brandId)).not.toContain('sum');
  });
});
