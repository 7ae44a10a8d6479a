/** The API Lambda: API Gateway v2 event → router → result, with middy around it. */
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import { type HttpRequestIn, type HttpResult, Router } from '#lib/api/router.ts';
import { routes } from '#lib/api/routes.ts';
import type { Deps } from '#lib/app/deps.ts';
import { ValidationError } from '#lib/domain/errors.ts';
import { HttpApiEvent, type HttpApiResult } from './events.ts';
import { accessLog, problemDetails } from './middleware.ts';

export function toRequest(event: HttpApiEvent): HttpRequestIn {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers)) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(event.rawQueryString)) query[name] = value;
  const body =
    event.body === undefined
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return { method: event.requestContext.http.method, path: event.rawPath, query, headers, body };
}

export function toResult(result: HttpResult): HttpApiResult {
  if (result.raw !== undefined) {
    return { statusCode: result.status, headers: result.headers ?? {}, body: result.raw };
  }
  if (result.json === undefined)
    return { statusCode: result.status, headers: result.headers ?? {}, body: '' };
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
    body: JSON.stringify(result.json),
  };
}

export function makeApiHandler(deps: Deps) {
  const router = new Router(routes);
  return middy<unknown, HttpApiResult>()
    .use(accessLog({ logger: deps.log }))
    .use(
      httpCors({
        origin: '*',
        headers: 'authorization,content-type,x-api-key',
        methods: 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
        maxAge: 600,
      }),
    )
    .use(problemDetails({ logger: deps.log }))
    .handler(async (rawEvent: unknown) => {
      const parsed = HttpApiEvent.safeParse(rawEvent);
      if (!parsed.success) throw ValidationError.field('request', 'is not an HTTP API v2 event');
      return toResult(await router.handle(deps, toRequest(parsed.data)));
    });
}
