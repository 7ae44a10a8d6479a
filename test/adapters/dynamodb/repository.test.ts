import { beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import type { DynamoRepository } from '#lib/adapters/dynamodb/repository.ts';
import { freshTable } from '#test/support/deps.ts';
import { aBrand, anItem, aSource, aTouchpoint, T0 } from '#test/support/fixtures.ts';

let repo: DynamoRepository;

beforeAll(async () => {
  ({ repo } = await freshTable('repo'));
});

const day = (d: number) => `2026-10-${String(d).padStart(2, '0')}T10:00:00.000Z`;

describe('DynamoRepository against DynamoDB Local', () => {
  it('lists only the brands of the asking tenant', async () => {
    // Prepare
    await repo.putBrand(aBrand({ id: 'a1', tenantId: 't-one' }));
    await repo.putBrand(aBrand({ id: 'a2', tenantId: 't-one' }));
    await repo.putBrand(aBrand({ id: 'b1', tenantId: 't-two' }));
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
    expect((await repo.getBrand('b1'))?.tenantId).toBe('t-two');
  });

  it('refuses to create a brand id twice when asked to', async () => {
    await repo.putBrand(aBrand({ id: 'dup' }), { mustNotExist: true });
    await expect(repo.putBrand(aBrand({ id: 'dup' }), { mustNotExist: true })).rejects.toThrow();
  });

  it('keeps touchpoints written in a batch', async () => {
    const tps = Array.from({ length: 30 }, (_, i) => aTouchpoint({ brandId: 'many', id: `tp-${i}` }));
    await repo.putTouchpoints(tps);
    expect((await repo.listTouchpoints('many')).length).toBe(30);
  });

  it('finds due sources across shards, and leases each only once', async () => {
    // Prepare
    for (let i = 0; i < 12; i++) {
      await repo.putSource(aSource({ brandId: 'due', id: `s-${i}`, nextRunAt: i < 10 ? day(1) : day(30) }));
    }
    await repo.putSource(aSource({ brandId: 'due', id: 'off', enabled: false, nextRunAt: day(1) }));
    // Act
    const due = await repo.listDueSources(new Date(day(2)), 100);
    const first = await repo.leaseSource(due[0] ?? aSource(), new Date(day(3)));
    const second = await repo.leaseSource(due[0] ?? aSource(), new Date(day(3)));
    const dueAfter = await repo.listDueSources(new Date(day(2)), 100);
    // Assess
    expect(
      due
        .filter((s) => s.brandId === 'due')
        .map((s) => s.id)
        .sort(),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `s-${i}`).sort());
    expect(first).toBe(true);
    expect(second).toBe(false);
    expect(dueAfter.filter((s) => s.brandId === 'due')).toHaveLength(9);
  });

  it('records a run outcome on the source and moves it in the due index', async () => {
    await repo.putSource(aSource({ brandId: 'run', id: 'x', nextRunAt: day(1) }));
    await repo.updateSourceAfterRun('run', 'x', {
      nextRunAt: day(20),
      cursor: 'c-1',
      health: { status: 'ok', consecutiveFailures: 0, lastRunAt: day(1) },
    });
    const source = await repo.getSource('run', 'x');
    expect(source?.cursor).toBe('c-1');
    expect(source?.health.status).toBe('ok');
    expect((await repo.listDueSources(new Date(day(2)), 100)).some((s) => s.brandId === 'run')).toBe(false);
  });

  it('upserts an item once, however often it is redelivered, and counts it once', async () => {
    // Prepare
    const item = anItem({ brandId: 'idem', id: itemId('idem', 'feed', 'r-1'), stars: 5, rating: 5 });
    // Act
    const outcomes = [await repo.upsertItem(item), await repo.upsertItem(item), await repo.upsertItem(item)];
    const aggregates = await repo.listDailyAggregates('idem', 'web', '2026-11-01', '2026-11-01');
    // Assess
    expect(outcomes).toEqual(['created', 'unchanged', 'unchanged']);
    expect(aggregates).toHaveLength(1);
    expect(aggregates[0]?.items).toBe(1);
    expect(aggregates[0]?.stars).toEqual([0, 0, 0, 0, 1]);
  });

  it('counts an item once even when two writers race to create it', async () => {
    const item = anItem({ brandId: 'race', id: 'race-1', stars: 3, rating: 3 });
    const outcomes = await Promise.all([repo.upsertItem(item), repo.upsertItem(item), repo.upsertItem(item)]);
    const aggregates = await repo.listDailyAggregates('race', 'web', '2026-11-01', '2026-11-01');
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(aggregates[0]?.items).toBe(1);
    expect(aggregates[0]?.ratingSum).toBe(3);
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
    const stored = await repo.getItem('edit', 'feed', 'r-1');
    const [aggregate] = await repo.listDailyAggregates('edit', 'web', '2026-11-01', '2026-11-01');
    // Assess
    expect(outcome).toBe('updated');
    expect(stored?.text).toBe('Great now!');
    expect(stored?.edits).toEqual([{ at: T0, contentHash: 'h1', text: 'Meh.', rating: 2 }]);
    expect(aggregate?.items).toBe(1);
    expect(aggregate?.stars).toEqual([0, 0, 0, 0, 1]);
    expect(aggregate?.ratingSum).toBe(5);
  });

  it("lists a brand's items newest first with cursor pages, and filters by touchpoint", async () => {
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
      const page = await repo.listItems('list', { limit: 3, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(page.items.map((i) => i.id));
      cursor = page.cursor;
    } while (cursor !== undefined);
    const app = await repo.listItems('list', { limit: 10, touchpointId: 'app' });
    const window = await repo.listItems('list', {
      limit: 10,
      touchpointId: 'web',
      from: new Date(day(2)),
      to: new Date(day(5)),
    });
    const brandWindow = await repo.listItems('list', {
      limit: 10,
      from: new Date(day(3)),
      to: new Date(day(5)),
    });
    const since = await repo.listItems('list', { limit: 10, touchpointId: 'app', from: new Date(day(4)) });
    // Assess
    expect(pages.flat()).toEqual(['l-7', 'l-6', 'l-5', 'l-4', 'l-3', 'l-2', 'l-1']);
    expect(pages[0]).toHaveLength(3);
    expect(app.items.map((i) => i.id)).toEqual(['l-6', 'l-4', 'l-2']);
    expect(window.items.map((i) => i.id)).toEqual(['l-5', 'l-3']);
    expect(brandWindow.items.map((i) => i.id)).toEqual(['l-5', 'l-4', 'l-3']);
    expect(since.items.map((i) => i.id)).toEqual(['l-6', 'l-4']);
  });

  it("returns an author's history on a platform across brands", async () => {
    await repo.upsertItem(
      anItem({ brandId: 'h1', id: 'a', externalId: 'a', author: { id: 'sock', name: 'S' } }),
    );
    await repo.upsertItem(
      anItem({ brandId: 'h2', id: 'b', externalId: 'b', author: { id: 'sock', name: 'S' } }),
    );
    const history = await repo.listAuthorItems('json-feed', 'sock', 10);
    expect(history.map((i) => i.brandId).sort()).toEqual(['h1', 'h2']);
  });

  it('finds an API key by its hash, and keeps runs newest first', async () => {
    const hash = 'a'.repeat(64);
    await repo.putApiKey({
      hash,
      prefix: 'tsk_abcd',
      tenantId: 't',
      role: 'member',
      name: 'k',
      createdAt: T0,
    });
    expect((await repo.getApiKeyByHash(hash))?.tenantId).toBe('t');
    expect(await repo.getApiKeyByHash('b'.repeat(64))).toBeUndefined();
    const run = {
      brandId: 'r',
      sourceId: 's',
      outcome: 'ok' as const,
      fetched: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
    };
    await repo.putRun({ ...run, runId: '1', startedAt: day(1) });
    await repo.putRun({ ...run, runId: '2', startedAt: day(2) });
    expect((await repo.listRuns('r', 's', 10)).map((r) => r.runId)).toEqual(['2', '1']);
  });
});
