import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, registerApiKey } from '#lib/app/auth.ts';
import { makeApiHandler } from '#lib/compose/api.ts';
import { lambdaContext } from '#lib/runtime/node-http.ts';
import { makeTestDeps } from '#test/support/deps.ts';
import { aBrand, aTouchpoint } from '#test/support/fixtures.ts';

/** Whatever a client sends, the answer is a 2xx/3xx/4xx, and every error is problem+json with no stack. */
let handler: ReturnType<typeof makeApiHandler>;
const key = generateApiKey();

beforeAll(async () => {
  const deps = await makeTestDeps();
  await registerApiKey(deps.repo, key, {
    tenantId: 'tenant-a',
    scopes: ['read', 'write', 'admin'],
    name: 'k',
    now: new Date(),
  });
  await deps.repo.createBrand(aBrand({ tenantId: 'tenant-a' }));
  await deps.repo.putTouchpoint(aTouchpoint());
  handler = makeApiHandler(deps);
});

const segment = fc.oneof(
  fc.constantFrom(
    'v1',
    'brands',
    'acme',
    'sources',
    'reviews',
    'touchpoints',
    'summary',
    'run',
    'import',
    'push',
  ),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('%', '%E0%A4', '..', '%2F', 'badges', 'acme.json', '__proto__'),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS'),
  path: fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
  query: fc.oneof(
    fc.constant(''),
    fc.constantFrom(
      'limit=0',
      'limit=abc',
      'limit=1000',
      'cursor=%%%',
      'cursor=eyJ4IjoxfQ',
      'from=x',
      'format=xml',
    ),
    fc.string({ maxLength: 30 }),
  ),
  body: fc.oneof(
    fc.constant(undefined),
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 200 }),
    fc.constant('{"id":"x","profile":{"displayName":"X"},"__proto__":{"admin":true}}'),
  ),
  contentType: fc.constantFrom('application/json', 'text/csv', 'text/plain', ''),
  auth: fc.constantFrom('none', 'good', 'bad'),
});

describe('the API never answers 500', () => {
  it('for arbitrary methods, paths, queries, bodies and keys', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.contentType !== '') headers['content-type'] = r.contentType;
        if (r.auth === 'good') headers.authorization = `Bearer ${key}`;
        if (r.auth === 'bad') headers['x-api-key'] = 'tsk_wrong';
        const result = await handler(
          {
            rawPath: r.path,
            rawQueryString: r.query,
            headers,
            ...(r.body === undefined ? {} : { body: r.body }),
            requestContext: { http: { method: r.method } },
          },
          lambdaContext('api'),
        );
        expect(result.statusCode).toBeLessThan(500);
        if (result.statusCode >= 400) {
          expect(result.headers['content-type']).toBe('application/problem+json');
          expect(result.body).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
});

/** Every route of the table, with its path filled by real, foreign or arbitrary values, and hostile inputs. */
const POISON_BODIES = [
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(40)}${']'.repeat(40)}`,
  `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
  JSON.stringify({ id: 'x', name: 'y'.repeat(500_000) }),
  '{"ratingScale":9007199254740993,"rating":1e-131,"n":1e125}',
  '"\\ud800"',
];

describe('every route of the table', () => {
  it('never answers 500 to hostile paths, queries and bodies', async () => {
    const { apiRoutes } = await import('#lib/api/routes/index.ts');
    const route = fc.constantFrom(...apiRoutes);
    const value = fc.oneof(
      fc.constantFrom(
        'acme',
        'web',
        'feed',
        'acme-2',
        '__proto__',
        'constructor',
        'x'.repeat(22),
        'key_0000000000000000',
      ),
      fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s)),
    );
    await fc.assert(
      fc.asyncProperty(
        route,
        fc.array(value, { minLength: 4, maxLength: 4 }),
        fc.oneof(
          fc.constant(''),
          fc.constantFrom(
            'limit=1e125',
            'from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z',
            'q=%00',
            'minRating=9007199254740993',
            'cursor=eyJwayI6IngifQ.AAAA',
            '__proto__=1',
            'format=csv',
          ),
        ),
        fc.oneof(fc.constant(undefined), fc.constantFrom(...POISON_BODIES), fc.json({ maxDepth: 4 })),
        async (r, values, query, body) => {
          let k = 0;
          const path = r.path.replace(/\{[a-zA-Z]+\}/g, () => values[k++ % values.length] ?? 'x');
          const result = await handler(
            {
              rawPath: path,
              rawQueryString: query,
              headers: {
                authorization: `Bearer ${key}`,
                'content-type': r.rawBody ? 'text/csv' : 'application/json',
              },
              ...(body === undefined ? {} : { body }),
              requestContext: { http: { method: r.method } },
            },
            lambdaContext('api'),
          );
          expect(result.statusCode).toBeLessThan(500);
          if (result.statusCode >= 400) expect(result.body).not.toMatch(/\n\s+at /);
        },
      ),
      { numRuns: 400, seed: 20261130 },
    );
  });
});
