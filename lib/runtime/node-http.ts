/**
 * node:http in front of the API Lambda's handler: each request becomes an API
 * Gateway HTTP API (v2) event, so the laptop runs exactly what Lambda runs.
 * What never reaches a handler (a request target that is not a path, headers
 * over 16 KB, a malformed request, a body over the limit) is still answered
 * with problem+json, and never resets a keep-alive connection.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemResult } from '#lib/api/problem.ts';
import { type HttpResult, MAX_REQUEST_BYTES } from '#lib/api/router.ts';
import { PayloadTooLargeError, TouchstoneError, ValidationError } from '#lib/domain/errors.ts';
import type { HttpApiResult } from '#lib/runtime/lambda/events.ts';

/** A minimal Lambda context: enough for middy, which reads the remaining time. */
export function lambdaContext(functionName: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type LocalLambdaContext = ReturnType<typeof lambdaContext>;
/** A Lambda handler as the local runtime invokes it: event and context, nothing else. */
export type LambdaFn<R> = (event: unknown, context: LocalLambdaContext) => Promise<R>;

/** Node's default, stated: larger request headers get a 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * How much of a body over MAX_REQUEST_BYTES is read and discarded so that the
 * 413 leaves the connection usable. Past this the client is only wasting the
 * server's time, and the connection is closed instead.
 */
export const MAX_DRAIN_BYTES = 16_000_000;

type BodyRead =
  | { kind: 'body'; body: string }
  /** Over the limit; `drained` when the rest was read, so the connection may stay open. */
  | { kind: 'too-large'; drained: boolean }
  /** The client went away before the end of the body. */
  | { kind: 'aborted' };

/**
 * Reads the body up to MAX_REQUEST_BYTES (each route then applies its own, smaller limit). Past it,
 * keeps reading and discarding:
 * a request left half-read cannot be followed by another on its connection, and
 * destroying it (as leaving a for-await loop does) resets the client's next request.
 */
function readBody(request: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      if (size > MAX_REQUEST_BYTES + MAX_DRAIN_BYTES) {
        request.off('data', onData);
        request.pause();
        resolve({ kind: 'too-large', drained: false });
      }
    };
    request.on('data', onData);
    request.once('end', () =>
      resolve(
        size > MAX_REQUEST_BYTES
          ? { kind: 'too-large', drained: true }
          : { kind: 'body', body: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    // After 'end' this settles nothing: a promise resolves once.
    request.once('close', () => resolve({ kind: 'aborted' }));
  });
}

/**
 * The path and query of a raw request target. Only the origin form (`/path?q`)
 * and the absolute form a proxy sends (`http://host/path?q`) name a resource;
 * the target is appended to a fixed origin rather than resolved against it, so
 * `//`, `///` or `//[` stay paths instead of becoming a host. Undefined for
 * anything else (`*`, or a target no URL parser accepts).
 */
export function parseRequestTarget(target: string): { path: string; query: string } | undefined {
  let url: URL;
  try {
    if (target.startsWith('/')) url = new URL(`http://localhost${target}`);
    else if (/^https?:\/\//i.test(target)) url = new URL(target);
    else return undefined;
  } catch {
    return undefined;
  }
  return { path: url.pathname, query: url.search.slice(1) };
}

/** The API Gateway v2 event for `request`; a ValidationError (400) when its target is not a path. */
export function toApiGatewayEvent(request: IncomingMessage, body: string) {
  const url = parseRequestTarget(request.url ?? '/');
  if (url === undefined) throw ValidationError.field('request target', 'must be a path such as /health');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const method = request.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.path,
    rawQueryString: url.query,
    headers,
    ...(body === '' && (method === 'GET' || method === 'HEAD') ? {} : { body }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path: url.path, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' },
      requestId: randomUUID(),
      stage: '$default',
      timeEpoch: Date.now(),
    },
  };
}

/** Writes a router-level result (problem details) straight to the response. */
function send(response: ServerResponse, result: HttpResult): void {
  response.writeHead(result.status, result.headers);
  response.end(result.raw ?? '');
}

/** Answers node:http gives before any request exists, keyed by its error code; 400 otherwise. */
const CLIENT_ERRORS: Record<string, { status: number; title: string; type: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    title: 'Request Header Fields Too Large',
    type: 'request-header-fields-too-large',
    detail: `The request headers are larger than ${MAX_HEADER_BYTES} bytes`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request Timeout',
    type: 'request-timeout',
    detail: 'The request did not arrive in time',
  },
};
const MALFORMED = {
  status: 400,
  title: 'Bad Request',
  type: 'malformed-request',
  detail: 'The request is not well-formed HTTP/1.1',
};

/** A whole HTTP/1.1 problem+json answer, written to a socket that has no response object. */
function rawProblem(code: string | undefined): string {
  const { status, title, type, detail } = (code === undefined ? undefined : CLIENT_ERRORS[code]) ?? MALFORMED;
  const body = JSON.stringify({ type: `https://touchstone.dev/problems/${type}`, title, status, detail });
  return [
    `HTTP/1.1 ${status} ${title}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    // Node stops parsing this connection after a client error.
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Starts the local API server: every request becomes an API Gateway v2 event for `handler`. */
/** Takes a request before it becomes an event (a laptop's blob uploads); false to let it through. */
export type RawRequestHook = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export function startHttpServer(
  handler: LambdaFn<HttpApiResult>,
  port: number,
  host = '127.0.0.1',
  hook?: RawRequestHook,
): Promise<Server> {
  // Connections with a response in progress: a client error on them cannot be answered in between.
  const answering = new WeakSet<Duplex>();
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, async (request, response) => {
    answering.add(request.socket);
    response.once('close', () => answering.delete(request.socket));
    try {
      if (hook !== undefined && (await hook(request, response))) return;
      const read = await readBody(request);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too-large') {
        // Past the drain bound the rest is unread: the connection cannot carry another request.
        if (!read.drained) response.setHeader('connection', 'close');
        send(
          response,
          problemResult(new PayloadTooLargeError(`The body is larger than ${MAX_REQUEST_BYTES} bytes`)),
        );
        return;
      }
      const result = await handler(toApiGatewayEvent(request, read.body), lambdaContext('api'));
      response.writeHead(result.statusCode, result.headers);
      response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    } catch (error) {
      // The handler maps every error itself; anything else but a bad request target is a bug in the adapter.
      if (!(error instanceof TouchstoneError)) console.error(error);
      if (response.headersSent) response.end();
      else send(response, problemResult(error));
    }
  });
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable || answering.has(socket)) {
      socket.destroy();
      return;
    }
    socket.end(rawProblem(error.code));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
