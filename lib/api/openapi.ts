/**
 * OpenAPI 3.1 document generated from the route table's zod schemas. Run at
 * build time (`npm run build:openapi`), so the generator stays out of the
 * Lambda bundles; a test fails when the committed document is stale.
 */
import * as z from 'zod';
import type { AnyRoute } from './router.ts';

const problem = {
  description: 'Problem details (RFC 9457)',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
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
    const parameters = [
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
    const status = String(route.successStatus ?? 200);
    const documented = route.documentedBody;
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
        [status]: {
          description: 'Success',
          ...(route.response === undefined
            ? {}
            : { content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }),
        },
        '4XX': problem,
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
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }],
    paths,
  };
}
