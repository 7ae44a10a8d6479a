/**
 * A small typed router: each route declares its path, auth and zod schemas;
 * the router matches, authenticates, parses (naming the field that is wrong)
 * and calls the route. The same table generates `/openapi.json`.
 */
import type { z } from 'zod';
import { authenticate, type Principal } from '#lib/app/auth.ts';
import type { Deps } from '#lib/app/deps.ts';
import {
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#lib/domain/errors.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as every runtime adapter (Lambda, node:http) hands it over. */
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

export type Auth = 'public' | 'key' | 'admin';

export interface RouteContext<P, Q, B> {
  deps: Deps;
  params: P;
  query: Q;
  body: B;
  /** Set on `key` and `admin` routes. */
  principal: Principal;
  request: HttpRequestIn;
}

export interface Route<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** OpenAPI-style template, e.g. `/v1/brands/{brandId}`; a `{name}.svg` suffix is allowed. */
  path: string;
  auth: Auth;
  summary: string;
  tags?: string[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Body is passed through as text (CSV imports, signed webhooks). */
  rawBody?: boolean;
  response?: z.ZodType;
  successStatus?: number;
  handle(context: RouteContext<P, Q, B>): Promise<HttpResult>;
}

/** Erases a route's generic types for storage in the table; the route's schemas still guard its input. */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous route table needs an existential type.
export type AnyRoute = Route<any, any, any>;

export const MAX_BODY_BYTES = 1_000_000;
const ANONYMOUS: Principal = { tenantId: '', role: 'member' };

interface CompiledRoute {
  route: AnyRoute;
  pattern: RegExp;
  names: string[];
}

function compile(route: AnyRoute): CompiledRoute {
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

function parsePart<T>(schema: z.ZodType<T> | undefined, where: string, value: unknown): T | undefined {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(where, result.error);
  return result.data;
}

function parseJsonBody(request: HttpRequestIn): unknown {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError('Send the body as application/json');
  }
  try {
    return JSON.parse(request.body ?? '');
  } catch (error) {
    throw new ValidationError([{ field: 'body', message: 'is not valid JSON' }], { cause: error });
  }
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: readonly AnyRoute[]) {
    this.compiled = routes.map(compile);
  }

  async handle(deps: Deps, request: HttpRequestIn): Promise<HttpResult> {
    const matches = this.compiled
      .map((c) => ({ c, m: c.pattern.exec(request.path) }))
      .filter((x): x is { c: CompiledRoute; m: RegExpExecArray } => x.m !== null);
    if (matches.length === 0) throw new NotFoundError(`No route for ${request.path}`);
    const method = request.method.toUpperCase();
    // CORS preflight: the CORS middleware adds the headers (API Gateway answers it itself in AWS).
    if (method === 'OPTIONS') return { status: 204 };
    const hit = matches.find(
      (x) => x.c.route.method === method || (method === 'HEAD' && x.c.route.method === 'GET'),
    );
    if (hit === undefined) {
      throw new MethodNotAllowedError(`${method} is not allowed on ${request.path}`);
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

    let principal = ANONYMOUS;
    if (route.auth !== 'public') {
      principal = await authenticate(deps.repo, request.headers);
      if (route.auth === 'admin' && principal.role !== 'admin') {
        throw new ForbiddenError('This call needs an admin key');
      }
    }
    if (request.body !== undefined && Buffer.byteLength(request.body) > MAX_BODY_BYTES) {
      throw new PayloadTooLargeError(`The body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    const params = parsePart(route.params, 'path', rawParams);
    const query = parsePart(route.query, 'query', request.query);
    let body: unknown;
    if (route.rawBody) body = request.body ?? '';
    else if (route.body !== undefined) body = parsePart(route.body, 'body', parseJsonBody(request));
    const result = await route.handle({ deps, params, query, body, principal, request });
    return method === 'HEAD' ? { ...result, json: undefined, raw: '' } : result;
  }
}
