import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemId } from '#lib/adapters/dynamodb/keys.ts';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import type { Analysis, Item } from '#lib/domain/model.ts';
import { serveApi } from '#test/support/api-server.ts';
import { freshTable, makeTestDeps, type TestDeps } from '#test/support/deps.ts';
import { aBrand, anItem, aSource, aTouchpoint, TENANT } from '#test/support/fixtures.ts';

/**
 * Filters and search on real DynamoDB Local, over loopback HTTP: each filter
 * returns exactly the reviews that have it, and reads only postings of one
 * facet (counted from DynamoDB's own ScannedCount), not the brand's reviews.
 */
let deps: TestDeps;
let api: Awaited<ReturnType<typeof serveApi>>;
const key = generateApiKey();
/** Records DynamoDB read to answer Queries since the last reset. */
let scanned = 0;

function analysis(overrides: Partial<Analysis> & { label?: Analysis['sentiment']['label'] } = {}): Analysis {
  const { label = 'positive', ...rest } = overrides;
  return {
    language: 'en',
    sentiment: { label, score: label === 'negative' ? -0.7 : 0.7 },
    authenticity: { score: 90, verdict: 'genuine', signals: [] },
    painPoints: [],
    analyzedAt: '2026-10-20T00:00:00.000Z',
    ...rest,
  };
}

function review(n: number, overrides: Partial<Item>): Item {
  const externalId = `r-${n}`;
  return anItem({
    id: itemId(TENANT, 'acme', overrides.sourceId ?? 'feed', externalId),
    externalId,
    contentHash: `h-${n}`,
    publishedAt: new Date(Date.UTC(2026, 9, 1, 0, n)).toISOString(),
    ...overrides,
  });
}

// 200 plain reviews, and a few that each filter must find.
const SPECIAL: Array<[number, Partial<Item>]> = [
  [
    201,
    {
      text: 'Kurier spóźnił się, żółta paczka była zgnieciona.',
      rating: 1,
      stars: 1,
      analysis: analysis({
        label: 'negative',
        language: 'pl',
        painPoints: [{ category: 'delivery', stage: 'delivery', phrase: 'spóźnił się' }],
      }),
    },
  ],
  [
    202,
    {
      text: 'Dostava je bila zelo počasna, paket je prišel čez dva tedna.',
      rating: 2,
      stars: 2,
      analysis: analysis({ label: 'negative', language: 'sl' }),
    },
  ],
  [
    203,
    {
      text: 'Ο καφές ήταν εξαιρετικός και η παράδοση γρήγορη.',
      rating: 5,
      stars: 5,
      analysis: analysis({ language: 'el' }),
    },
  ],
  [
    204,
    {
      sourceId: 'survey',
      sourceKind: 'import',
      touchpointId: 'app',
      text: 'Checkout charged my card twice and the refund took ages.',
      rating: 2,
      stars: 2,
      analysis: analysis({
        label: 'negative',
        authenticity: { score: 20, verdict: 'likely-fake', signals: [] },
        painPoints: [{ category: 'payment', stage: 'purchase', phrase: 'charged my card twice' }],
      }),
    },
  ],
  [205, { text: 'Pending review, not analysed yet', rating: 3, stars: 3, analysis: undefined }],
];

const ids = (body: { items: Array<{ externalId: string }> }) => body.items.map((i) => i.externalId);

async function get(path: string) {
  scanned = 0;
  const res = await fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: JSON.parse(await res.text()), scanned };
}

beforeAll(async () => {
  const table = await freshTable('search');
  table.client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const output = out.output as { ScannedCount?: unknown };
      if (typeof output.ScannedCount === 'number') scanned += output.ScannedCount;
      return out;
    },
    { step: 'initialize', name: 'countScanned' },
  );
  deps = { ...(await makeTestDeps()), repo: table.repo };
  await registerApiKey(deps.repo, key, { tenantId: TENANT, scopes: ['read'], name: 'r', now: new Date() });
  await deps.repo.createBrand(aBrand());
  await deps.repo.putTouchpoint(aTouchpoint());
  await deps.repo.putTouchpoint(aTouchpoint({ id: 'app', channel: 'app-store', stage: 'use' }));
  await deps.repo.putSource(aSource());
  await deps.repo.putSource(
    aSource({
      id: 'survey',
      kind: 'import',
      touchpointId: 'app',
      display: { quotable: true, attribution: 'Acme survey' },
    }),
  );
  const plain = Array.from({ length: 200 }, (_, k) =>
    review(k + 1, { text: `Plain review number ${k + 1} of the grinder.`, analysis: analysis() }),
  );
  for (const item of [...plain, ...SPECIAL.map(([n, o]) => review(n, o))]) await deps.repo.upsertItem(item);
  api = await serveApi(deps);
});
afterAll(() => api.close());

describe('filtering reviews', () => {
  it('filters by sentiment, verdict, language, pain point, source, rating range and stage, each exactly', async () => {
    // Act
    const negative = await get('/v1/brands/acme/reviews?sentiment=negative');
    const fake = await get('/v1/brands/acme/reviews?verdict=likely-fake');
    const polish = await get('/v1/brands/acme/reviews?language=pl');
    const payment = await get('/v1/brands/acme/reviews?painPoint=payment');
    const survey = await get('/v1/brands/acme/reviews?source=survey');
    const low = await get('/v1/brands/acme/reviews?maxRating=2');
    const atUse = await get('/v1/brands/acme/reviews?stage=use');
    const both = await get(
      '/v1/brands/acme/reviews?sentiment=negative&minRating=2&maxRating=2&touchpoint=web',
    );
    // Assess
    expect(ids(negative.body)).toEqual(['r-204', 'r-202', 'r-201']);
    expect(ids(fake.body)).toEqual(['r-204']);
    expect(ids(polish.body)).toEqual(['r-201']);
    expect(ids(payment.body)).toEqual(['r-204']);
    expect(ids(survey.body)).toEqual(['r-204']);
    expect(ids(low.body)).toEqual(['r-204', 'r-202', 'r-201']);
    expect(ids(atUse.body)).toEqual(['r-204']);
    expect(ids(both.body)).toEqual(['r-202']);
  });

  it('reads the postings of one facet, not the brand’s 205 reviews', async () => {
    // Act
    const negative = await get('/v1/brands/acme/reviews?sentiment=negative');
    const fake = await get('/v1/brands/acme/reviews?verdict=likely-fake');
    const word = await get('/v1/brands/acme/reviews?q=refund');
    const all = await get('/v1/brands/acme/reviews?limit=100');
    // Assess: each read is the matches, never a pass over every review; plus the brand's 2 sources, read
    // once a page to show whether each review is safe to quote.
    const SOURCES = 2;
    expect(negative.scanned).toBe(3 + SOURCES);
    expect(fake.scanned).toBe(1 + SOURCES);
    expect(word.scanned).toBe(1 + SOURCES);
    expect(all.scanned).toBe(100 + SOURCES);
  });

  it('searches normalised words in Polish, Slovenian and Greek, with or without diacritics', async () => {
    // Act
    const plain = await get('/v1/brands/acme/reviews?q=zolta%20paczka');
    const accented = await get(`/v1/brands/acme/reviews?q=${encodeURIComponent('ŻÓŁTA')}`);
    const slovenian = await get('/v1/brands/acme/reviews?q=pocasna');
    const greek = await get(`/v1/brands/acme/reviews?q=${encodeURIComponent('καφες')}`);
    const greekAccented = await get(`/v1/brands/acme/reviews?q=${encodeURIComponent('ΚΑΦΈΣ')}`);
    const none = await get('/v1/brands/acme/reviews?q=zolta%20kawa');
    const common = await get('/v1/brands/acme/reviews?q=the');
    // Assess
    expect(ids(plain.body)).toEqual(['r-201']);
    expect(ids(accented.body)).toEqual(['r-201']);
    expect(ids(slovenian.body)).toEqual(['r-202']);
    expect(ids(greek.body)).toEqual(['r-203']);
    expect(ids(greekAccented.body)).toEqual(['r-203']);
    expect(ids(none.body)).toEqual([]);
    expect(common.status).toBe(400);
    expect(common.body.errors[0].field).toBe('query.q');
  });

  it('pages a filter newest first with a cursor bound to it', async () => {
    // Act
    const first = await get('/v1/brands/acme/reviews?sentiment=positive&limit=2');
    const second = await get(
      `/v1/brands/acme/reviews?sentiment=positive&limit=2&cursor=${first.body.cursor}`,
    );
    const reused = await get(
      `/v1/brands/acme/reviews?sentiment=negative&limit=2&cursor=${first.body.cursor}`,
    );
    // Assess
    expect(ids(first.body)).toEqual(['r-203', 'r-200']);
    expect(ids(second.body)).toEqual(['r-199', 'r-198']);
    expect(reused.status).toBe(400);
    expect(reused.body.errors[0].field).toBe('query.cursor');
  });

  it('shows whether each review is safe to quote, and why not', async () => {
    const res = await get('/v1/brands/acme/reviews?q=refund');
    const greek = await get(`/v1/brands/acme/reviews?q=${encodeURIComponent('καφες')}`);
    expect(res.body.items[0].safeToQuote).toEqual({
      safe: false,
      reasons: ['not-genuine', 'not-positive'],
      attribution: 'Acme survey',
    });
    // A json-feed is the brand's own data: quotable by default.
    expect(greek.body.items[0].safeToQuote).toEqual({ safe: true, reasons: [] });
  });

  it('refuses a rating range upside down, and a stage or rating out of range, naming the field', async () => {
    const upside = await get('/v1/brands/acme/reviews?minRating=4&maxRating=2');
    const stage = await get('/v1/brands/acme/reviews?stage=checkout');
    const stars = await get('/v1/brands/acme/reviews?minRating=6');
    expect([upside.status, stage.status, stars.status]).toEqual([400, 400, 400]);
    expect(upside.body.errors[0].field).toBe('query.minRating');
    expect(stage.body.errors[0].field).toBe('query.stage');
    expect(stars.body.errors[0].field).toBe('query.minRating');
  });
});
