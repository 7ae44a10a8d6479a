/**
 * node:http in front of the API Lambda's handler: each request becomes an API
 * Gateway HTTP API (v2) event, so the laptop runs exactly what Lambda runs.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { problemResult } from '#lib/api/problem.ts';
import { type HttpResult, MAX_BODY_BYTES } from '#lib/api/router.ts';
import { PayloadTooLargeError } from '#lib/domain/errors.ts';
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

async function readBody(request: IncomingMessage): Promise<{ body: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return { body: '', tooLarge: true };
    chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks).toString('utf8'), tooLarge: false };
}

export function toApiGatewayEvent(request: IncomingMessage, body: string) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const method = request.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(body === '' && (method === 'GET' || method === 'HEAD') ? {} : { body }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path: url.pathname, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' },
      requestId: randomUUID(),
      stage: '$default',
      timeEpoch: Date.now(),
    },
  };
}

/** Writes a router-level result (problem details) straight to the socket. */
function send(response: ServerResponse, result: HttpResult): void {
  response.writeHead(result.status, result.headers);
  response.end(result.raw ?? '');
}

export function startHttpServer(
  handler: LambdaFn<HttpApiResult>,
  port: number,
  host = '127.0.0.1',
): Promise<Server> {
  const server = createServer(async (request, response) => {
    try {
      const { body, tooLarge } = await readBody(request);
      if (tooLarge) {
        send(
          response,
          problemResult(new PayloadTooLargeError(`The body is larger than ${MAX_BODY_BYTES} bytes`)),
        );
        return;
      }
      const result = await handler(toApiGatewayEvent(request, body), lambdaContext('api'));
      response.writeHead(result.statusCode, result.headers);
      response.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    } catch (error) {
      // The handler maps every error itself; reaching here is a bug in the adapter.
      console.error(error);
      if (response.headersSent) response.end();
      else send(response, problemResult(error));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
