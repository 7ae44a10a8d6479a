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
import type { z } from 'zod';
import type { Principal } from '#lib/app/auth.ts';
import {
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#lib/domain/errors.ts';
import type { Brand } from '#lib/domain/model.ts';
import { unknownKeys } from '#lib/domain/schema-keys.ts';

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
  successStatus?: number;
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

  async handle(deps: D, request: HttpRequestIn): Promise<HttpResult> {
    const matches = this.compiled
      .map((c) => ({ c, m: c.pattern.exec(request.path) }))
      .filter((x): x is { c: CompiledRoute<D>; m: RegExpExecArray } => x.m !== null);
    if (matches.length === 0) throw new NotFoundError(`No route for ${request.path.slice(0, 200)}`);
    const method = request.method.toUpperCase();
    const allow: string[] = [...new Set(matches.map((x) => x.c.route.method))];
    if (allow.includes('GET')) allow.push('HEAD');
    if (method === 'OPTIONS') return { status: 204, headers: { allow: [...allow, 'OPTIONS'].join(', ') } };
    const hit = matches.find(
      (x) => x.c.route.method === method || (method === 'HEAD' && x.c.route.method === 'GET'),
    );
    if (hit === undefined) {
      throw new MethodNotAllowedError(`${method} is not allowed on ${request.path.slice(0, 200)}`, {
        allow: [...allow, 'OPTIONS'],
      });
    }
    const { route, names } = hit.c;
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
    let result: HttpResult;
    if (route.auth === 'brand') {
      const brandId = rawParams.brandId ?? '';
      if (principal === undefined || this.options.loadBrand === undefined) {
        throw new NotFoundError(`Brand ${brandId} was not found`);
      }
      // A key restricted to some brands, another tenant's brand and no brand at all get the same answer.
      const brand =
        principal.brands !== undefined && !principal.brands.includes(brandId)
          ? undefined
          : await this.options.loadBrand(principal, brandId);
      if (brand === undefined) throw new NotFoundError(`Brand ${brandId} was not found`);
      result = await route.handle({ ...context, principal, brand });
    } else {
      result = await route.handle(route.auth === 'key' ? { ...context, principal } : context);
    }
    return method === 'HEAD' ? { ...result, json: undefined, raw: '' } : result;
  }
}
