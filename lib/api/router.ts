/**
 * A small typed router for about fifty routes. Each route declares its path,
 * the scope it needs, whether it is brand-scoped, and zod schemas for path,
 * query and body. The router matches, authenticates, checks the scope and the
 * brand's ownership once (so use-cases never repeat it), parses (naming the
 * field that is wrong; unknown query parameters and body fields are refused)
 * and calls the route. The same table generates `/openapi.json`.
 *
 * Schemas are typed by zod's core interface and only their own `safeParse`
 * is called, so a route group may use `zod/mini` and keep full zod out of its
 * bundle (the public badge function does).
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Principal } from '#lib/app/auth.ts';
import type { RateDecision } from '#lib/app/rate-limit.ts';
import {
  ConflictError,
  ForbiddenError,
  HeadersTooLargeError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  TouchstoneError,
  UnauthorizedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#lib/domain/errors.ts';
import type { Brand } from '#lib/domain/model.ts';
import { unknownKeys } from '#lib/domain/schema-keys.ts';
import type { IdempotencyStore, StoredResponse } from '#lib/ports.ts';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS, isWrite, originOf } from './cors.ts';
import { problemResult } from './problem.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as every runtime adapter (Lambda, node:http) hands it over. Header names are lower case. */
export interface HttpRequestIn {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: string | undefined;
}

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `raw` is set. */
  json?: unknown;
  raw?: string;
}

/**
 * What a route needs: `public` (no key), a tenant key with `read`, `write` or
 * `admin` scope, or the `operator` key.
 */
export type RouteScope = 'public' | 'read' | 'write' | 'admin' | 'operator';

/** A zod (or zod/mini) schema: only its `safeParse` is used. */
export type Schema<T> = z.core.$ZodType<T> & {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.core.$ZodError };
};

export interface RouteContext<D, P, Q, B> {
  deps: D;
  params: P;
  query: Q;
  body: B;
  request: HttpRequestIn;
}

export interface KeyRouteContext<D, P, Q, B> extends RouteContext<D, P, Q, B> {
  /** Who the key belongs to; its scope has been checked. */
  principal: Principal;
}

export interface BrandRouteContext<D, P, Q, B> extends KeyRouteContext<D, P, Q, B> {
  /** The brand named by `{brandId}`, already checked to belong to the key's tenant (and brand list). */
  brand: Brand;
}

interface RouteBase<P, Q, B> {
  method: Method;
  /** OpenAPI-style template, e.g. `/v1/brands/{brandId}`; a `{name}.svg` suffix is allowed. */
  path: string;
  summary: string;
  tags?: string[];
  params?: Schema<P>;
  query?: Schema<Q>;
  body?: Schema<B>;
  /** Body is passed through as text (imports, signed webhooks). */
  rawBody?: boolean;
  /** Largest body accepted; default MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** What a `rawBody` route takes, for the OpenAPI document: one entry per accepted content type. */
  documentedBody?: Array<{ contentType: string; schema?: z.core.$ZodType }>;
  response?: z.core.$ZodType;
  /** The answer's media type when it is not `application/json` (SVG, HTML, a script, a JWK set), for the document. */
  responseType?: string;
  successStatus?: number;
  /** Other success answers the route gives (a DELETE that is carried out later answers 202), for the document. */
  alsoAnswers?: Array<{ status: number; description: string; response?: z.core.$ZodType }>;
  /** The answer carries an `ETag`, and the route honours `If-Match` (412 when it names another version). */
  etag?: boolean;
}

/** Scopes a tenant key may hold; the operator key holds all three for its own tenant. */
export type KeyScope = 'read' | 'write' | 'admin';

export interface PublicRoute<D, P, Q, B> extends RouteBase<P, Q, B> {
  scope: 'public';
  handle(context: RouteContext<D, P, Q, B>): Promise<HttpResult>;
}

export interface KeyRoute<D, P, Q, B> extends RouteBase<P, Q, B> {
  scope: KeyScope | 'operator';
  handle(context: KeyRouteContext<D, P, Q, B>): Promise<HttpResult>;
}

export interface BrandRoute<D, P, Q, B> extends RouteBase<P, Q, B> {
  scope: KeyScope;
  handle(context: BrandRouteContext<D, P, Q, B>): Promise<HttpResult>;
}

/** A route as the router stores it. */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous route table needs an existential type.
export type AnyRoute<_D = any> = RouteBase<any, any, any> & {
  scope: RouteScope;
  /** public: no key; key: a key with the scope; brand: that, and the `{brandId}` of the key's tenant. */
  auth: 'public' | 'key' | 'brand';
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  handle(context: any): Promise<HttpResult>;
};

/** A public route: no key. */
export function route<D, P = undefined, Q = undefined, B = undefined>(
  definition: PublicRoute<D, P, Q, B>,
): AnyRoute<D> {
  return { ...definition, auth: 'public' };
}

/** A route that needs a key with `scope` (or the operator key), not tied to one brand. */
export function keyRoute<D, P = undefined, Q = undefined, B = undefined>(
  definition: KeyRoute<D, P, Q, B>,
): AnyRoute<D> {
  return { ...definition, auth: 'key' };
}

/** A route under `/v1/brands/{brandId}`: the router resolves and checks the brand before calling it. */
export function brandRoute<D, P extends { brandId: string }, Q = undefined, B = undefined>(
  definition: BrandRoute<D, P, Q, B>,
): AnyRoute<D> {
  if (!definition.path.includes('{brandId}'))
    throw new Error(`Brand route ${definition.path} has no {brandId}`);
  return { ...definition, auth: 'brand' };
}

export const MAX_BODY_BYTES = 1_000_000;
/** What any request may carry at all (Lambda's payload limit); each route then takes at most its own limit. */
export const MAX_REQUEST_BYTES = 6_000_000;
/** Request headers, names and values together, are at most this large (as node:http's default); more is a 431. */
export const MAX_REQUEST_HEADER_BYTES = 16 * 1024;
/** Longest `Idempotency-Key` accepted (Stripe's bound). */
export const MAX_IDEMPOTENCY_KEY = 255;
/** JSON bodies nest at most this deep (DynamoDB stores 32 levels; nothing we take needs more than a few). */
export const MAX_BODY_DEPTH = 16;
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface CompiledRoute<D> {
  route: AnyRoute<D>;
  pattern: RegExp;
  names: string[];
}

function compile<D>(route: AnyRoute<D>): CompiledRoute<D> {
  const names: string[] = [];
  const source = route.path
    .split(/(\{[a-zA-Z]+\})/)
    .map((part) => {
      const match = /^\{([a-zA-Z]+)\}$/.exec(part);
      if (match?.[1] !== undefined) {
        names.push(match[1]);
        return '([^/]+?)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function parsePart<T>(schema: Schema<T> | undefined, where: string, value: unknown): T | undefined {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(where, result.error);
  return result.data;
}

function refuseUnknown(schema: z.core.$ZodType | undefined, where: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  // No schema at all: nothing is known, so any field is unknown.
  const unknown = schema === undefined ? Object.keys(value) : unknownKeys(schema, value);
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((name) => ({ field: `${where}.${name}`, message: 'is not a known parameter' })),
    );
  }
}

/** JSON with no key that could pollute a prototype and no nesting deeper than MAX_BODY_DEPTH. */
export function parseJsonBody(text: string): unknown {
  let poisoned: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (POISONED_KEYS.has(key)) poisoned ??= key;
      return v;
    });
  } catch (error) {
    throw new ValidationError([{ field: 'body', message: 'is not valid JSON' }], { cause: error });
  }
  if (poisoned !== undefined) throw ValidationError.field('body', `must not contain the key "${poisoned}"`);
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() ?? [undefined, 0];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_BODY_DEPTH)
      throw ValidationError.field('body', `nests deeper than ${MAX_BODY_DEPTH} levels`);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return value;
}

function jsonBody(request: HttpRequestIn): unknown {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError('Send the body as application/json');
  }
  return parseJsonBody(request.body ?? '');
}

export interface RouterOptions {
  /** Finds the principal behind a request's key; absent for a group of public routes only. */
  authenticate?: (headers: Record<string, string | undefined>) => Promise<Principal>;
  /** The brand `brandId` of the principal's tenant, or undefined. */
  loadBrand?: (principal: Principal, brandId: string) => Promise<Brand | undefined>;
  /** The browser origins the principal's tenant allows (CORS); none when absent. */
  corsOrigins?: (principal: Principal) => Promise<readonly string[]>;
  /** Counts a request of the principal's key against its limit. */
  rateLimit?: (principal: Principal) => Promise<RateDecision>;
  /** Where `Idempotency-Key` answers are kept; without it the header is ignored. */
  idempotency?: IdempotencyStore;
}

/** The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers): the policy, and what is left of it. */
function rateHeaders(decision: RateDecision): Record<string, string> {
  return {
    'ratelimit-policy': `"default";q=${decision.limit};w=${decision.windowSeconds}`,
    ratelimit: `"default";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}

function headerBytes(headers: Record<string, string | undefined>): number {
  let total = 0;
  for (const [name, value] of Object.entries(headers)) total += name.length + (value?.length ?? 0) + 4;
  return total;
}

/** What identifies a request for `Idempotency-Key`: method, path, query and body. */
function fingerprintOf(request: HttpRequestIn): string {
  const query = Object.entries(request.query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify([request.method.toUpperCase(), request.path, query, request.body ?? '']))
    .digest('hex');
}

function storedOf(result: HttpResult): StoredResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (['content-type', 'location', 'etag'].includes(name.toLowerCase()))
      headers[name.toLowerCase()] = value;
  }
  if (result.raw !== undefined) return { status: result.status, headers, body: result.raw };
  if (result.json === undefined) return { status: result.status, headers, body: '' };
  return {
    status: result.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(result.json),
  };
}

export class Router<D> {
  private readonly compiled: CompiledRoute<D>[];

  constructor(
    readonly routes: readonly AnyRoute<D>[],
    private readonly options: RouterOptions = {},
  ) {
    this.compiled = routes.map(compile);
  }

  /** Methods a path answers, for `Allow` and CORS preflights; empty when no route matches. */
  allowed(path: string): Method[] {
    return this.compiled.filter((c) => c.pattern.test(path)).map((c) => c.route.method);
  }

  /**
   * Answers one request. Typed, exposed errors become problem+json here, so
   * they carry the same CORS and rate-limit headers as a success; anything
   * else is thrown to the runtime's error path (a bare 500, logged).
   */
  async handle(deps: D, request: HttpRequestIn): Promise<HttpResult> {
    const extra: Record<string, string> = {};
    try {
      const result = await this.dispatch(deps, request, extra);
      return { ...result, headers: { ...extra, ...result.headers } };
    } catch (error) {
      if (!(error instanceof TouchstoneError && error.expose)) throw error;
      const problem = problemResult(error);
      return { ...problem, headers: { ...extra, ...problem.headers } };
    }
  }

  private async dispatch(
    deps: D,
    request: HttpRequestIn,
    extra: Record<string, string>,
  ): Promise<HttpResult> {
    if (headerBytes(request.headers) > MAX_REQUEST_HEADER_BYTES) {
      throw new HeadersTooLargeError(`The request headers are larger than ${MAX_REQUEST_HEADER_BYTES} bytes`);
    }
    const matches = this.compiled
      .map((c) => ({ c, m: c.pattern.exec(request.path) }))
      .filter((x): x is { c: CompiledRoute<D>; m: RegExpExecArray } => x.m !== null);
    if (matches.length === 0) throw new NotFoundError(`No route for ${request.path.slice(0, 200)}`);
    const method = request.method.toUpperCase();
    const allow: string[] = [...new Set(matches.map((x) => x.c.route.method))];
    if (allow.includes('GET')) allow.push('HEAD');
    const origin = originOf(request.headers.origin);
    if (method === 'OPTIONS') {
      const preflight =
        origin !== undefined && request.headers['access-control-request-method'] !== undefined;
      return {
        status: 204,
        headers: {
          allow: [...allow, 'OPTIONS'].join(', '),
          // A preflight carries no key, so it cannot know the tenant: it is answered for any origin, and the
          // request that follows is the one held to the tenant's list.
          ...(preflight
            ? {
                'access-control-allow-origin': origin,
                'access-control-allow-methods': [...allow, 'OPTIONS'].join(', '),
                'access-control-allow-headers': CORS_ALLOW_HEADERS.join(', '),
                'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
                vary: 'Origin',
              }
            : {}),
        },
      };
    }
    const hit = matches.find(
      (x) => x.c.route.method === method || (method === 'HEAD' && x.c.route.method === 'GET'),
    );
    if (hit === undefined) {
      throw new MethodNotAllowedError(`${method} is not allowed on ${request.path.slice(0, 200)}`, {
        allow: [...allow, 'OPTIONS'],
      });
    }
    const { route, names } = hit.c;
    if (route.scope === 'public') {
      // Public answers hold nothing of a tenant's: any page may read them.
      if (origin !== undefined) extra['access-control-allow-origin'] = '*';
    } else {
      extra.vary = 'Origin';
    }
    const rawParams: Record<string, string> = {};
    names.forEach((name, index) => {
      try {
        rawParams[name] = decodeURIComponent(hit.m[index + 1] ?? '');
      } catch (error) {
        throw new ValidationError([{ field: `path.${name}`, message: 'is not valid percent-encoding' }], {
          cause: error,
        });
      }
    });

    let principal: Principal | undefined;
    if (route.scope !== 'public') {
      if (this.options.authenticate === undefined) throw new UnauthorizedError('This endpoint takes no key');
      principal = await this.options.authenticate(request.headers);
      if (this.options.rateLimit !== undefined) {
        const decision = await this.options.rateLimit(principal);
        Object.assign(extra, rateHeaders(decision));
        if (!decision.allowed) {
          throw new TooManyRequestsError(
            `This key made more than ${decision.limit} requests in ${decision.windowSeconds} s; retry after ${decision.resetSeconds} s`,
            { retryAfterSeconds: decision.resetSeconds },
          );
        }
      }
      if (origin !== undefined) {
        const listed = (await this.options.corsOrigins?.(principal))?.includes(origin) ?? false;
        if (listed) {
          extra['access-control-allow-origin'] = origin;
          extra['access-control-expose-headers'] = CORS_EXPOSE_HEADERS.join(', ');
        } else if (isWrite(method)) {
          throw new ForbiddenError(
            `Origin ${origin} is not on this tenant's CORS allow-list; browsers at other origins may not write with its keys`,
          );
        }
      }
      if (route.scope === 'operator' ? !principal.operator : !principal.scopes.has(route.scope)) {
        throw new ForbiddenError(
          route.scope === 'operator'
            ? 'This call needs the operator key'
            : `This call needs a key with the ${route.scope} scope`,
        );
      }
    }
    const limit = route.maxBodyBytes ?? MAX_BODY_BYTES;
    if (request.body !== undefined && Buffer.byteLength(request.body) > limit) {
      throw new PayloadTooLargeError(`The body is larger than ${limit} bytes`);
    }
    const params = parsePart(route.params, 'path', rawParams);
    // Another tenant's brand is a 404 whatever the query and body say: nothing about it is validated first.
    let brand: Brand | undefined;
    if (route.auth === 'brand') {
      const brandId = rawParams.brandId ?? '';
      if (principal === undefined || this.options.loadBrand === undefined) {
        throw new NotFoundError(`Brand ${brandId} was not found`);
      }
      // A key restricted to some brands, another tenant's brand and no brand at all get the same answer.
      brand =
        principal.brands !== undefined && !principal.brands.includes(brandId)
          ? undefined
          : await this.options.loadBrand(principal, brandId);
      if (brand === undefined) throw new NotFoundError(`Brand ${brandId} was not found`);
    }
    refuseUnknown(route.query, 'query', request.query);
    const query = parsePart(route.query, 'query', request.query);
    let body: unknown;
    if (route.rawBody) body = request.body ?? '';
    else if (route.body !== undefined) {
      const json = jsonBody(request);
      refuseUnknown(route.body, 'body', json);
      body = parsePart(route.body, 'body', json);
    }
    const context = { deps, params, query, body, request };
    const run = () =>
      route.handle(
        route.auth === 'brand'
          ? { ...context, principal, brand }
          : route.auth === 'key'
            ? { ...context, principal }
            : context,
      );
    const idempotencyKey = request.headers['idempotency-key'];
    const result =
      method === 'POST' && principal !== undefined && idempotencyKey !== undefined
        ? await this.once(principal, idempotencyKey, request, run)
        : await run();
    return method === 'HEAD' ? { ...result, json: undefined, raw: '' } : result;
  }

  /**
   * Runs a POST at most once per `Idempotency-Key` of a key: the same key and
   * request replay the first answer; the same key with another request is a
   * 422; while the first is still running, a 409.
   */
  private async once(
    principal: Principal,
    idempotencyKey: string,
    request: HttpRequestIn,
    run: () => Promise<HttpResult>,
  ): Promise<HttpResult> {
    const store = this.options.idempotency;
    if (store === undefined) return run();
    if (!/^[\x21-\x7e]+$/.test(idempotencyKey) || idempotencyKey.length > MAX_IDEMPOTENCY_KEY) {
      throw ValidationError.field(
        'header.idempotency-key',
        `must be 1 to ${MAX_IDEMPOTENCY_KEY} printable characters without spaces`,
      );
    }
    const scope = { tenantId: principal.tenantId, keyId: principal.keyId, idempotencyKey };
    const reserved = await store.reserve(scope, fingerprintOf(request));
    if (reserved.state === 'mismatch') {
      throw new UnprocessableError('This Idempotency-Key was already used with another request');
    }
    if (reserved.state === 'in-progress') {
      throw new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly');
    }
    if (reserved.state === 'replay') {
      const { status, headers, body } = reserved.response;
      return { status, headers: { ...headers, 'idempotent-replayed': 'true' }, raw: body };
    }
    let result: HttpResult;
    try {
      result = await run();
    } catch (error) {
      // A refusal is an answer like any other; a failure of ours leaves the key free for a retry.
      if (error instanceof TouchstoneError && error.expose && error.status < 500) {
        await store.complete(scope, storedOf(problemResult(error)));
      } else {
        await store.release(scope).catch(() => undefined);
      }
      throw error;
    }
    await store.complete(scope, storedOf(result));
    return result;
  }
}
