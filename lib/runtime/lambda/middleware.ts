/**
 * middy middlewares shared by the Lambda entry points. Factories take options
 * merged over defaults.
 */
import type { MiddlewareObj } from '@middy/core';
import { problemResult } from '#lib/api/problem.ts';
import type { Logger } from '#lib/app/deps.ts';
import { TouchstoneError } from '#lib/domain/errors.ts';
import { HttpApiEvent, type HttpApiResult } from './events.ts';

export interface ProblemMiddlewareOptions {
  logger: Logger;
}

/**
 * The one error path of the HTTP API: typed, exposed errors become their
 * problem+json; anything else is logged in full and answered as a bare 500.
 */
export function problemDetails(options: ProblemMiddlewareOptions): MiddlewareObj<unknown, HttpApiResult> {
  return {
    name: 'problemDetails',
    onError: (request) => {
      const error = request.error;
      if (!(error instanceof TouchstoneError) || error.status >= 500) {
        options.logger.error('unhandled error', {
          error:
            error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error,
        });
      }
      const result = problemResult(error);
      request.response = {
        statusCode: result.status,
        headers: { 'x-content-type-options': 'nosniff', ...result.headers },
        body: result.raw ?? '',
      };
    },
  };
}

export interface AccessLogOptions {
  logger: Logger;
}

/** One access-log line per request: method, path, status, duration. */
export function accessLog(options: AccessLogOptions): MiddlewareObj<unknown, HttpApiResult> {
  const started = new WeakMap<object, number>();
  const write = (request: { event: unknown; response: HttpApiResult | null | undefined }) => {
    const event = HttpApiEvent.safeParse(request.event);
    const begin =
      typeof request.event === 'object' && request.event !== null ? started.get(request.event) : undefined;
    options.logger.info('http', {
      method: event.success ? event.data.requestContext.http.method : undefined,
      path: event.success ? event.data.rawPath : undefined,
      status: request.response?.statusCode,
      ms: begin === undefined ? undefined : Math.round(performance.now() - begin),
    });
  };
  return {
    name: 'accessLog',
    before: (request) => {
      if (typeof request.event === 'object' && request.event !== null)
        started.set(request.event, performance.now());
    },
    after: (request) => write(request),
    onError: (request) => {
      // Runs after problemDetails has set the response (middy runs onError in reverse order).
      write(request);
    },
  };
}
