/** An HTTP Lambda: API Gateway v2 event → router → result, with middy around it. */
import middy from '@middy/core';
import type { HttpRequestIn, HttpResult, Router } from '#lib/api/router.ts';
import type { Logger } from '#lib/app/deps.ts';
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

/** On every answer: a browser must never sniff review text in a JSON (or any) answer into HTML or script. */
export const NOSNIFF = { 'x-content-type-options': 'nosniff' } as const;

export function toResult(result: HttpResult): HttpApiResult {
  if (result.raw !== undefined)
    return { statusCode: result.status, headers: { ...NOSNIFF, ...result.headers }, body: result.raw };
  if (result.json === undefined)
    return { statusCode: result.status, headers: { ...NOSNIFF, ...result.headers }, body: '' };
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NOSNIFF, ...result.headers },
    body: JSON.stringify(result.json),
  };
}

export interface HttpHandlerOptions {
  log: Logger;
  /** Extra middleware (CORS, for the authenticated API). */
  use?: ReadonlyArray<middy.MiddlewareObj<unknown, HttpApiResult>>;
}

/** A Lambda handler serving one router's routes. */
export function makeHttpHandler<D>(router: Router<D>, deps: D, options: HttpHandlerOptions) {
  let handler = middy<unknown, HttpApiResult>().use(accessLog({ logger: options.log }));
  for (const middleware of options.use ?? []) handler = handler.use(middleware);
  return handler.use(problemDetails({ logger: options.log })).handler(async (rawEvent: unknown) => {
    const parsed = HttpApiEvent.safeParse(rawEvent);
    if (!parsed.success) throw ValidationError.field('request', 'is not an HTTP API v2 event');
    return toResult(await router.handle(deps, toRequest(parsed.data)));
  });
}
