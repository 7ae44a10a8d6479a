/** Liveness and the API's own description. */
import * as z from 'zod';
import { route } from '#lib/api/router.ts';
import openapi from '../openapi.generated.json' with { type: 'json' };
import { type ApiDeps, ok } from './shared.ts';

export const metaRoutes = [
  route<ApiDeps>({
    method: 'GET',
    path: '/health',
    scope: 'public',
    summary: 'Liveness check',
    tags: ['meta'],
    response: z.object({ status: z.literal('ok'), time: z.string() }),
    handle: async ({ deps }) => ok({ status: 'ok', time: deps.clock.now().toISOString() }),
  }),
  route<ApiDeps>({
    method: 'GET',
    path: '/openapi.json',
    scope: 'public',
    summary: 'This API, as OpenAPI 3.1, generated from the zod schemas at build time',
    tags: ['meta'],
    response: z.looseObject({
      openapi: z.literal('3.1.0'),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.record(z.string(), z.unknown()),
    }),
    handle: async () => ok(openapi, 200, { 'cache-control': 'public, max-age=300' }),
  }),
];
