/**
 * OpenAPI 3.1 document generated from the route table's zod schemas. Run at
 * build time (`npm run build:openapi`), so the generator stays out of the
 * Lambda bundles; a test fails when the committed document is stale.
 */
import * as z from 'zod';
import type { AnyRoute } from './router.ts';

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'stable: https://touchstone.dev/problems/{kind}' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      description: 'each field that is wrong, by its path (body.profile.website, query.limit, …)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** Where each error status belongs, so a client knows what to handle. */
const WHY: Record<number, string> = {
  400: 'Bad input: the problem names each field (path, query, header or body) that is wrong',
  401: 'No key, or a key that is not valid (revoked keys within 60 s)',
  403: "The key lacks the scope, or the browser origin is not on the tenant's CORS list (writes)",
  404: "No such resource for this key (another tenant's looks exactly the same)",
  405: 'The method is not allowed on this path; `Allow` lists those that are',
  409: 'Conflicts with the current state (the id exists; run-now on a push source; a request with this Idempotency-Key is still running)',
  412: 'If-Match names another version than the current one',
  413: 'The body is too large',
  415: 'The body is not of a media type this route takes',
  422: 'This Idempotency-Key was used with another request',
  429: 'Too many requests for this key; see Retry-After and RateLimit',
  431: 'The request headers are too large',
};

function errorStatuses(route: AnyRoute): number[] {
  const out = new Set<number>([400, 405, 431]);
  if (route.scope !== 'public') for (const s of [401, 403, 429]) out.add(s);
  if (route.auth === 'brand' || route.params !== undefined) out.add(404);
  if (route.body !== undefined || route.rawBody) for (const s of [413, 415]) out.add(s);
  if (route.method === 'POST' || route.method === 'PATCH' || route.method === 'DELETE') out.add(409);
  if (route.etag && route.method !== 'GET') out.add(412);
  if (route.method === 'POST' && route.scope !== 'public') out.add(422);
  if (route.path.startsWith('/v1/push/')) out.delete(404);
  return [...out].sort((a, b) => a - b);
}

const RATE_HEADERS = {
  RateLimit: {
    description: 'what is left of this key\'s limit: "default";r=<remaining>;t=<seconds to reset>',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': { description: '"default";q=<requests>;w=<seconds>', schema: { type: 'string' } },
};

function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function objectProperties(
  schema: z.core.$ZodType | undefined,
): Array<[string, Record<string, unknown>, boolean]> {
  if (schema === undefined) return [];
  const json = jsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => [name, s, required.has(name)]);
}

export function buildOpenApi(routes: readonly AnyRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: Array<Record<string, unknown>> = [
      ...objectProperties(route.params).map(([name, schema]) => ({
        name,
        in: 'path',
        required: true,
        schema,
      })),
      ...objectProperties(route.query).map(([name, schema, required]) => ({
        name,
        in: 'query',
        required,
        schema,
      })),
    ];
    if (route.etag && route.method !== 'GET') {
      parameters.push({
        name: 'If-Match',
        in: 'header',
        required: false,
        schema: { type: 'string' },
        description: 'the ETag read; a resource changed since is a 412',
      });
    }
    if (route.method === 'POST' && route.scope !== 'public') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 255 },
        description:
          'the same key and request within 24 h replay the first answer (Idempotent-Replayed: true); the same key with another request is a 422',
      });
    }
    const status = String(route.successStatus ?? 200);
    const documented = route.documentedBody;
    const headers = {
      ...(route.scope === 'public' ? {} : RATE_HEADERS),
      ...(route.etag && route.method !== 'DELETE'
        ? { ETag: { description: 'the version of what is answered', schema: { type: 'string' } } }
        : {}),
    };
    const success = (description: string, schema: z.core.$ZodType | undefined) => ({
      description,
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
      ...(route.responseType !== undefined
        ? {
            content: {
              [route.responseType]: {
                schema: schema === undefined ? { type: 'string' } : jsonSchema(schema, 'output'),
              },
            },
          }
        : schema === undefined
          ? {}
          : { content: { 'application/json': { schema: jsonSchema(schema, 'output') } } }),
    });
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: route.tags ?? [],
      'x-scope': route.scope,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.scope === 'public' ? { security: [] } : {}),
      ...(route.body !== undefined
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : documented !== undefined
          ? {
              requestBody: {
                required: true,
                content: Object.fromEntries(
                  documented.map((d) => [
                    d.contentType,
                    d.schema === undefined ? {} : { schema: jsonSchema(d.schema, 'input') },
                  ]),
                ),
              },
            }
          : {}),
      responses: {
        [status]: success('Success', route.response),
        ...Object.fromEntries(
          (route.alsoAnswers ?? []).map((a) => [String(a.status), success(a.description, a.response)]),
        ),
        ...Object.fromEntries(errorStatuses(route).map((s) => [String(s), problem(WHY[s] ?? 'Error')])),
      },
    };
    const pathItem = paths[route.path] ?? {};
    pathItem[route.method.toLowerCase()] = operation;
    paths[route.path] = pathItem;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Touchstone API',
      version: '1',
      description:
        'Reviews and reputation: brands, touchpoints, sources, authenticity-checked reviews, badges.',
    },
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: '`npm start` on a laptop' }],
    security: [{ bearer: [] }, { apiKey: [] }],
    paths,
  };
}
